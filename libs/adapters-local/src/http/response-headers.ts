/**
 * Folds raw response headers (`[name, value, name, value, ...]`, as Node's `rawHeaders` gives them) into one value
 * per name: names lower-cased, repeated headers joined with `, ` in arrival order. `set-cookie` is joined the same
 * way (the port promises one string per name; a plugin that needs each cookie splits on `, ` knowing that a cookie's
 * `Expires` may contain one). Names come back as own properties, so even `__proto__` is only a header.
 */
export function foldResponseHeaders(raw: readonly string[]): Record<string, string> {
  const folded = new Map<string, string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const previous = folded.get(name);
    folded.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  return Object.fromEntries(folded);
}
