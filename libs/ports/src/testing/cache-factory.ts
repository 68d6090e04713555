import type { Cache } from '../cache.js';

/**
 * Makes a fresh cache for one contract case. The case closes it. Caches made by one factory may share a
 * backend: cases use their own unique plugin ids.
 */
export type CacheFactory = () => Cache | Promise<Cache>;

/** Runs `body` with a new cache and closes the cache afterwards, whatever happens. */
export async function withCache(factory: CacheFactory, body: (cache: Cache) => Promise<void>): Promise<void> {
  const cache = await factory();
  try {
    await body(cache);
  } finally {
    await cache.close();
  }
}
