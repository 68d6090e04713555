import type { CacheValue, CacheValueType } from '@ndp/ports';
import { andThen, type Answer } from './answer.js';
import type { HostServiceContext, HostServiceImpl } from './host-service-types.js';

/** TTL used when a plugin passes `ttl_seconds <= 0` (docs/contract.md §5). */
export const DEFAULT_CACHE_TTL_MS = 24 * 60 * 60 * 1000;

// Beyond this a TTL is "forever" for practical purposes, and timers and Redis both take it.
const MAX_TTL_MS = 2 ** 31 * 1000;

function ttlMs(ttlSeconds: bigint): number {
  if (ttlSeconds <= 0n) return DEFAULT_CACHE_TTL_MS;
  const ms = Number(ttlSeconds) * 1000;
  return Math.min(ms, MAX_TTL_MS);
}

/**
 * CacheService (docs/contract.md §5) over the `Cache` port, in the plugin's own namespace. A Get of another type than was stored
 * answers `exists: false` (Has still answers true); Set and Remove answer `success: true`.
 * A backend that fails (a Redis that is gone) is answered in-band, as the responses allow: `success: false` for
 * Set and Remove, `exists: false` for Get and Has, with a warning in the log; the plugin never traps for it.
 */
export function cacheService(context: HostServiceContext): HostServiceImpl<'cache'> {
  const { cache } = context.deps;
  const id = context.pluginId;
  const unavailable = <T>(key: string, failed: T, error: unknown): T => {
    context.logger.warn('plugin cache unavailable', {
      key,
      error: error instanceof Error ? error.message : String(error),
    });
    return failed;
  };
  // A backend answers synchronously (memory) or with a Promise (Redis), and fails by throwing or rejecting: both
  // are answered in-band, and a synchronous backend keeps the whole call synchronous.
  const inBand = <T>(key: string, failed: T, operation: () => Answer<T>): Answer<T> => {
    let answer: Answer<T>;
    try {
      answer = operation();
    } catch (error) {
      return unavailable(key, failed, error);
    }
    return answer instanceof Promise
      ? answer.catch((error: unknown) => unavailable(key, failed, error))
      : answer;
  };
  const set = (key: string, value: CacheValue, ttl: bigint) =>
    inBand<{ success: boolean }>(key, { success: false }, () =>
      andThen(cache.set(id, key, value, ttlMs(ttl)), () => ({ success: true })),
    );
  const get = <T extends CacheValueType>(key: string, type: T) =>
    andThen(
      inBand(key, undefined, () => cache.get(id, key)),
      (hit) => {
        if (hit?.type !== type) {
          if (hit)
            context.logger.debug('plugin cache get of another type', { key, stored: hit.type, wanted: type });
          return undefined;
        }
        return hit as Extract<CacheValue, { type: T }>;
      },
    );
  const found = <V>(hit: { readonly value: V } | undefined) =>
    hit ? { exists: true, value: hit.value } : { exists: false };
  return {
    SetString: (r) => set(r.key, { type: 'string', value: r.value }, r.ttlSeconds),
    SetInt: (r) => set(r.key, { type: 'int', value: r.value }, r.ttlSeconds),
    SetFloat: (r) => set(r.key, { type: 'float', value: r.value }, r.ttlSeconds),
    SetBytes: (r) => set(r.key, { type: 'bytes', value: r.value }, r.ttlSeconds),
    GetString: (r) => andThen(get(r.key, 'string'), found),
    GetInt: (r) => andThen(get(r.key, 'int'), found),
    GetFloat: (r) => andThen(get(r.key, 'float'), found),
    GetBytes: (r) => andThen(get(r.key, 'bytes'), found),
    Remove: (r) =>
      inBand<{ success: boolean }>(r.key, { success: false }, () =>
        andThen(cache.remove(id, r.key), () => ({ success: true })),
      ),
    Has: (r) =>
      andThen(
        inBand(r.key, false, () => cache.has(id, r.key)),
        (exists) => ({ exists }),
      ),
  };
}
