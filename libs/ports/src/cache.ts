import type { CacheValue } from './cache-value.js';

/**
 * The plugins' key/value cache (memory backend on one node, Redis in a cluster).
 *
 * Guarantees:
 * - Every key lives in the namespace of its `pluginId`; plugins never see each other's keys, whatever characters
 *   a key contains (`:` included), and `clear(a)` never touches plugin `ab`.
 * - Values keep their type and are exact: int64 over its full range, floats bit-for-bit up to NaN payloads
 *   (NaN, -0, ±Infinity and subnormals come back as such), bytes and strings (any Unicode) unchanged.
 *   Stored bytes are copied: mutating the array after `set` (or the one `get` returned) changes nothing stored.
 * - Expiry is fixed when the value is set (`ttlMs` from then); reads and `has` never extend it. Setting a key
 *   again replaces its value, type and expiry.
 * Does not guarantee: that a value stays until its expiry (a bounded backend may evict it earlier), that it
 * disappears exactly at its expiry (it is gone by then from the reader's point of view, to within a few ms of
 * clock skew), or durability across restarts.
 * Policy lives with the caller: the 24 h default for a non-positive TTL, and answering `exists: false` to a Get
 * of another type (`get` returns the real type; the caller compares).
 *
 * @example
 * ```ts
 * await cache.set('lastfm', 'session', { type: 'string', value: token }, 3_600_000);
 * const hit = await cache.get('lastfm', 'session');
 * const session = hit?.type === 'string' ? hit.value : undefined;
 * ```
 */
export interface Cache {
  /** Stores `value` under `key` for `ttlMs` milliseconds (`ttlMs` > 0; the caller applies defaults). */
  set(pluginId: string, key: string, value: CacheValue, ttlMs: number): CacheAnswer<void>;
  /** The live value with its stored type, or `undefined` when absent or expired. */
  get(pluginId: string, key: string): CacheAnswer<CacheValue | undefined>;
  /** True when a live value of any type is stored under `key`. */
  has(pluginId: string, key: string): CacheAnswer<boolean>;
  /** Deletes the key; true when a live value was there. */
  remove(pluginId: string, key: string): CacheAnswer<boolean>;
  /** Deletes every key of one plugin (on removal or disable of the plugin). */
  clear(pluginId: string): Promise<void>;
  /** Releases connections and timers; idempotent. Other methods must not be called afterwards. */
  close(): Promise<void>;
}

/**
 * What a cache read or write answers: the value itself when the backend has it at hand (the memory cache), else a
 * Promise (Redis). A plugin's host call into a backend that answers synchronously then runs without suspending the
 * guest. A synchronous backend reports failure by throwing; an asynchronous one by rejecting. Callers that do not
 * care simply `await` either.
 */
export type CacheAnswer<T> = T | Promise<T>;
