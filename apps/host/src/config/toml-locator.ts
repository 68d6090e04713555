/**
 * Finds the line where a key is set in TOML text, so configuration errors can say "ndp.toml:12". TOML parsers
 * return values without positions; this scanner tracks `[table]` headers and `key =` lines, which covers the
 * configuration files we read (dotted keys and quoted keys included; inline tables are reported at their key).
 */
export class TomlLocator {
  private readonly lines = new Map<string, number>();

  constructor(text: string) {
    let table: string[] = [];
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = raw.trim();
      if (line.startsWith('#') || line === '') return;
      const header = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
      if (header) {
        table = splitKey(header[1]!);
        this.lines.set(table.join('.').toLowerCase(), index + 1);
        return;
      }
      const assignment = /^((?:"[^"]*"|'[^']*'|[A-Za-z0-9_.\- ])+?)\s*=/.exec(line);
      if (assignment)
        this.lines.set([...table, ...splitKey(assignment[1]!)].join('.').toLowerCase(), index + 1);
    });
  }

  /** The 1-based line of a key path (case-insensitive), or undefined when it is not written in the file. */
  lineOf(path: readonly string[]): number | undefined {
    return this.lines.get(path.join('.').toLowerCase());
  }
}

function splitKey(key: string): string[] {
  const parts: string[] = [];
  const re = /\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(?:\.|$)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < key.length && (m = re.exec(key)) !== null) parts.push(m[1] ?? m[2] ?? m[3]!);
  return parts;
}
