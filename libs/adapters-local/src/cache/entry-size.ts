import type { CacheValue } from '@ndp/ports';

/**
 * Fixed cost charged per entry on top of its key and value: the entry object, its place in two maps and the
 * recency set. A rough figure, but it keeps a flood of tiny entries from looking free.
 */
const ENTRY_OVERHEAD_BYTES = 96;

/**
 * The approximate memory an entry holds, as counted against `MemoryCache`'s `maxBytes`: strings at two bytes
 * per UTF-16 code unit (how V8 may store them), 8 bytes for an int or a float, the byte length of bytes, plus
 * {@link ENTRY_OVERHEAD_BYTES}.
 *
 * Guarantees: deterministic for the same key and value. Does not guarantee the exact heap usage.
 */
export function entrySize(key: string, value: CacheValue): number {
  return ENTRY_OVERHEAD_BYTES + 2 * key.length + valueSize(value);
}

function valueSize(value: CacheValue): number {
  switch (value.type) {
    case 'string':
      return 2 * value.value.length;
    case 'bytes':
      return value.value.byteLength;
    case 'int':
    case 'float':
      return 8;
  }
}
