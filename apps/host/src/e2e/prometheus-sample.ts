/**
 * The value of one sample in a Prometheus text exposition: the line `name{labels} value` whose label set is
 * exactly `labels` (any order). Answers `undefined` when no such line exists, so a test can tell "absent" from 0.
 * Understands what `/metrics` writes (escaped `\\`, `\"`, `\n` in label values); not a general exposition parser.
 */
export function prometheusSample(
  text: string,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number | undefined {
  const want = Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = [...(m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)]
      .map(([, k, v]) => `${k}=${JSON.stringify(unescape(v!))}`)
      .sort()
      .join(',');
    if (got === want) return Number(m[3]);
  }
  return undefined;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}
