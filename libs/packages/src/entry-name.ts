/** What an entry of a `.ndp` package is for. */
type EntryRole = 'manifest' | 'wasm' | 'doc' | 'directory';

/** A checked entry name: its role and the relative path it is written to (`/` separators, no trailing `/`). */
export interface CheckedEntryName {
  readonly role: EntryRole;
  readonly path: string;
}

/** The one folder a package may hold: documentation beside README/LICENSE, one level deep. */
const DOCS_FOLDER = 'docs';

const UTF8_FLAG = 0x800;
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$/;

/**
 * Decodes and checks the raw name of a ZIP entry, and says what the entry is for. The rules (docs/contract.md §7, stricter
 * than the original): names are relative, `/`-separated, made of letters, digits, `.`, `_`, `-` and `+` with no
 * segment starting with `.`; `manifest.json` and `plugin.wasm` (any case, written in lower case) sit at the
 * root; anything else at the root is a doc; the only folder is `docs/`, one level deep.
 *
 * Returns a string (the reason, naming the entry) when the name is refused: absolute paths, drive letters,
 * backslashes, `..` or `.` segments, NUL and control characters, non-ASCII names without the UTF-8 flag, other
 * folders, hidden names. Never touches the file system.
 */
export function checkEntryName(raw: Uint8Array, generalPurposeBitFlag: number): CheckedEntryName | string {
  let name: string;
  const utf8 = (generalPurposeBitFlag & UTF8_FLAG) !== 0;
  if (!utf8 && raw.some((b) => b >= 0x80)) {
    return `entry ${JSON.stringify(latin1(raw))} has a non-ASCII name without the ZIP UTF-8 flag; rename it using ASCII only`;
  }
  try {
    name = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return `entry ${JSON.stringify(latin1(raw))} has a name that is not valid UTF-8`;
  }
  const shown = JSON.stringify(name);
  if (name === '') return 'an entry has an empty name';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return `entry ${shown} has a NUL or control character in its name`;
  if (name.includes('\\'))
    return `entry ${shown} uses a backslash; ZIP paths use "/" and must stay inside the package`;
  if (name.startsWith('/'))
    return `entry ${shown} is an absolute path; entries must be relative to the package root`;
  if (/^[A-Za-z]:/.test(name)) return `entry ${shown} starts with a drive letter; entries must be relative`;
  if (name.includes(':')) return `entry ${shown} has a ":" in its name (drive or stream syntax)`;
  const isDir = name.endsWith('/');
  const segments = (isDir ? name.slice(0, -1) : name).split('/');
  if (segments.includes('..'))
    return `entry ${shown} has a ".." segment, which would write outside the plugin folder`;
  if (segments.some((s) => s === '' || s === '.')) return `entry ${shown} has an empty or "." path segment`;
  const bad = segments.find((s) => !SEGMENT.test(s));
  if (bad !== undefined) {
    return (
      `entry ${shown}: "${bad}" is not an allowed name (letters, digits, ".", "_", "-", "+", at most 100 ` +
      'characters, not starting with "."; hidden files such as .DS_Store or __MACOSX/ do not belong in a package)'
    );
  }
  const first = segments[0]!;
  const inDocs = first.toLowerCase() === DOCS_FOLDER;
  if (segments.length === 1) {
    if (isDir) {
      return inDocs
        ? { role: 'directory', path: DOCS_FOLDER }
        : `entry ${shown} is a folder; a package holds manifest.json, plugin.wasm and docs, and only a "docs/" folder`;
    }
    const lower = first.toLowerCase();
    if (lower === 'manifest.json') return { role: 'manifest', path: 'manifest.json' };
    if (lower === 'plugin.wasm') return { role: 'wasm', path: 'plugin.wasm' };
    if (inDocs) return `entry ${shown} is a file named like the "docs/" folder; rename it`;
    return { role: 'doc', path: first };
  }
  if (!inDocs || segments.length > 2) {
    return `entry ${shown} is inside a folder; only files at the root and directly inside "docs/" are allowed`;
  }
  if (isDir) return `entry ${shown} is a folder inside "docs/"; "docs/" holds files only`;
  return { role: 'doc', path: `${DOCS_FOLDER}/${segments[1]!}` };
}

function latin1(raw: Uint8Array): string {
  return Array.from(raw, (b) => String.fromCharCode(b)).join('');
}
