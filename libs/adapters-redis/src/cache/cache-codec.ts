import type { CacheValue } from '@ndp/ports';

// One tag byte, then the value: binary-safe, so bytes need no base64 and floats keep every bit.
const TAG = { string: 0x73, int: 0x69, float: 0x66, bytes: 0x62 } as const; // 's' 'i' 'f' 'b'

/**
 * Encodes a cache value as stored in Redis: a one-byte type tag (`s`, `i`, `f`, `b`) followed by the UTF-8
 * string, the int64 in decimal (exact over its whole range), the float's 8 IEEE-754 bytes (big-endian, so NaN
 * payloads, -0 and subnormals survive) or the bytes as they are.
 */
export function encodeCacheValue(value: CacheValue): Buffer {
  switch (value.type) {
    case 'string':
      return Buffer.concat([Buffer.of(TAG.string), Buffer.from(value.value, 'utf8')]);
    case 'int':
      return Buffer.concat([Buffer.of(TAG.int), Buffer.from(value.value.toString(10), 'latin1')]);
    case 'float': {
      const out = Buffer.alloc(9);
      out[0] = TAG.float;
      out.writeDoubleBE(value.value, 1);
      return out;
    }
    case 'bytes':
      return Buffer.concat([Buffer.of(TAG.bytes), value.value]);
  }
}

/** Decodes what {@link encodeCacheValue} wrote; undefined for anything else (a key written by something else). */
export function decodeCacheValue(stored: Buffer): CacheValue | undefined {
  const body = stored.subarray(1);
  switch (stored[0]) {
    case TAG.string:
      return { type: 'string', value: body.toString('utf8') };
    case TAG.int: {
      const text = body.toString('latin1');
      return /^-?\d+$/.test(text) ? { type: 'int', value: BigInt(text) } : undefined;
    }
    case TAG.float:
      return body.length === 8 ? { type: 'float', value: body.readDoubleBE(0) } : undefined;
    case TAG.bytes:
      // A copy, not a view on ioredis's buffer: the caller may mutate it.
      return { type: 'bytes', value: new Uint8Array(body) };
    default:
      return undefined;
  }
}
