import type { CacheValue, CacheValueType } from '@ndp/ports';
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
  const inBand = async <T>(key: string, failed: T, operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch (error) {
      context.logger.warn('plugin cache unavailable', {
        key,
        error: error instanceof Error ? error.message : String(error),
      });
      return failed;
    }
  };
  const set = (key: string, value: CacheValue, ttl: bigint) =>
    inBand<{ success: boolean }>(key, { success: false }, async () => {
      await cache.set(id, key, value, ttlMs(ttl));
      return { success: true };
    });
  const get = async <T extends CacheValueType>(key: string, type: T) => {
    const hit = await inBand(key, undefined, () => cache.get(id, key));
    if (hit?.type !== type) {
      if (hit)
        context.logger.debug('plugin cache get of another type', { key, stored: hit.type, wanted: type });
      return undefined;
    }
    return hit as Extract<CacheValue, { type: T }>;
  };
  return {
    SetString: (r) => set(r.key, { type: 'string', value: r.value }, r.ttlSeconds),
    SetInt: (r) => set(r.key, { type: 'int', value: r.value }, r.ttlSeconds),
    SetFloat: (r) => set(r.key, { type: 'float', value: r.value }, r.ttlSeconds),
    SetBytes: (r) => set(r.key, { type: 'bytes', value: r.value }, r.ttlSeconds),
    GetString: async (r) => {
      const hit = await get(r.key, 'string');
      return hit ? { exists: true, value: hit.value } : { exists: false };
    },
    GetInt: async (r) => {
      const hit = await get(r.key, 'int');
      return hit ? { exists: true, value: hit.value } : { exists: false };
    },
    GetFloat: async (r) => {
      const hit = await get(r.key, 'float');
      return hit ? { exists: true, value: hit.value } : { exists: false };
    },
    GetBytes: async (r) => {
      const hit = await get(r.key, 'bytes');
      return hit ? { exists: true, value: hit.value } : { exists: false };
    },
    Remove: (r) =>
      inBand<{ success: boolean }>(r.key, { success: false }, async () => {
        await cache.remove(id, r.key);
        return { success: true };
      }),
    Has: async (r) => ({ exists: await inBand(r.key, false, () => cache.has(id, r.key)) }),
  };
}
