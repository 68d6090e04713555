import { join } from 'node:path';

const HASH = /^[0-9A-Za-z_-]{8,128}$/;
const VARIANT = /^[0-9A-Za-z_-][0-9A-Za-z._-]{0,63}$/;

/** The two files of one module-cache entry. */
export interface EntryFiles {
  /** The shard folder holding both files. */
  readonly dir: string;
  /** `<hash>.<variant>`: the name both files share. */
  readonly base: string;
  readonly wasm: string;
  readonly meta: string;
}

/**
 * Where an entry lives: `<root>/<first two characters of hash>/<hash>.<variant>.wasm` and `.json`. Sharding keeps
 * folders small when many modules are cached. The hash may not contain `.` and the variant may not start with one,
 * so the base name splits back unambiguously, and neither can contain a path separator.
 * Throws a `TypeError` for a hash or variant outside those rules (a caller bug, not a cache miss).
 */
export function entryFiles(root: string, hash: string, variant: string): EntryFiles {
  if (!HASH.test(hash)) throw new TypeError(`module cache: invalid hash "${hash}" (8-128 of [0-9A-Za-z_-])`);
  if (!VARIANT.test(variant))
    throw new TypeError(`module cache: invalid variant "${variant}" (1-64 of [0-9A-Za-z._-])`);
  const dir = join(root, hash.slice(0, 2));
  const base = `${hash}.${variant}`;
  return { dir, base, wasm: join(dir, `${base}.wasm`), meta: join(dir, `${base}.json`) };
}

/** The metadata file of an entry, which also guards the module file against tearing and corruption. */
export interface EntryRecord {
  readonly format: 1;
  readonly size: number;
  readonly sha256: string;
  readonly metadata: string;
}

/** Parses an entry's metadata file; `undefined` when it is not a well-formed record (torn or foreign file). */
export function parseEntryRecord(text: string): EntryRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  const wellFormed =
    r['format'] === 1 &&
    Number.isSafeInteger(r['size']) &&
    typeof r['sha256'] === 'string' &&
    typeof r['metadata'] === 'string';
  return wellFormed ? (value as EntryRecord) : undefined;
}
