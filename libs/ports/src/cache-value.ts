/**
 * A value kept in the plugin cache, with the type it was stored as.
 *
 * `int` is a signed 64-bit integer (a `bigint` in -(2^63) … 2^63-1); `float` is an IEEE-754 double; `bytes`
 * and `string` are kept exactly.
 *
 * @example
 * ```ts
 * const v: CacheValue = { type: 'int', value: 2n ** 63n - 1n };
 * ```
 */
export type CacheValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'int'; readonly value: bigint }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'bytes'; readonly value: Uint8Array };

/** The type tags of {@link CacheValue}. */
export type CacheValueType = CacheValue['type'];
