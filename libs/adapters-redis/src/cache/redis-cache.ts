import { NdpError } from '@ndp/domain';
import type { Cache, CacheValue } from '@ndp/ports';
import type { Redis } from 'ioredis';
import {
  closeRedis,
  connectRedis,
  redisCall,
  type RedisConnectionOptions,
} from '../connection/redis-connection.js';
import { decodeCacheValue, encodeCacheValue } from './cache-codec.js';
import { cacheKey, pluginKeyPattern } from './cache-key.js';

/** Options of {@link RedisCache}. */
export interface RedisCacheOptions extends RedisConnectionOptions {
  /** The first segment of every key. Default `ndp:cache`. */
  readonly prefix?: string;
  /**
   * The largest value stored, in encoded bytes (UTF-8 for strings). Default 64 MiB, the memory cache's whole
   * bound. A larger value is not stored: its `set` only removes the previous value of that key, as in memory.
   */
  readonly maxValueBytes?: number;
  /** How many keys one SCAN step of `clear` asks for. Default 500. */
  readonly clearBatch?: number;
}

/** The default of {@link RedisCacheOptions.prefix}. */
export const DEFAULT_CACHE_PREFIX = 'ndp:cache';
/** The default of {@link RedisCacheOptions.maxValueBytes}: 64 MiB, as the memory cache's `maxBytes`. */
export const DEFAULT_MAX_VALUE_BYTES = 64 * 1024 * 1024;
/** The TTL used for a `ttlMs` that is not positive: 24 hours, the host service's default. */
export const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;
const DEFAULT_CLEAR_BATCH = 500;

/**
 * The cluster {@link Cache}: one Redis string per entry, with Redis's own expiry (`SET ... PX`), shared by every
 * node.
 *
 * Guarantees (beyond the port's): keys are `<prefix>:<plugin>:<key>` with the plugin segment encoded so no key
 * is ambiguous (see `cacheKey`); values keep their type and every bit (see `encodeCacheValue`); a non-positive
 * `ttlMs` means 24 h; a value over `maxValueBytes` is not stored. While Redis is unreachable every call rejects
 * within `commandTimeoutMs` with `REDIS_UNAVAILABLE`, and works again once Redis is back, with no action.
 * Does not guarantee: that an entry stays until its expiry (Redis may evict under `maxmemory`), or that a value
 * written just before Redis was lost survives (that is Redis's persistence setting). After `close`, calls reject.
 *
 * @example
 * ```ts
 * const cache = await RedisCache.connect({ url: 'redis://127.0.0.1:6379', prefix: 'ndp:cache' });
 * await cache.set('lastfm', 'session', { type: 'string', value: token }, 3_600_000);
 * ```
 */
export class RedisCache implements Cache {
  private readonly prefix: string;
  private readonly maxValueBytes: number;
  private readonly clearBatch: number;
  private closed = false;

  private constructor(
    private readonly client: Redis,
    private readonly options: RedisCacheOptions,
  ) {
    this.prefix = options.prefix ?? DEFAULT_CACHE_PREFIX;
    this.maxValueBytes = options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
    this.clearBatch = options.clearBatch ?? DEFAULT_CLEAR_BATCH;
  }

  /** Connects, failing with `REDIS_UNAVAILABLE` (naming the URL) when Redis cannot be reached at start. */
  static async connect(options: RedisCacheOptions): Promise<RedisCache> {
    for (const [name, value] of [
      ['maxValueBytes', options.maxValueBytes],
      ['clearBatch', options.clearBatch],
    ] as const) {
      if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
        throw new NdpError(
          'CONFIG_INVALID',
          `RedisCache option ${name} must be a positive integer, got ${value}`,
        );
      }
    }
    if (options.prefix === '')
      throw new NdpError('CONFIG_INVALID', 'RedisCache option prefix must not be empty');
    return new RedisCache(await connectRedis(options, { name: 'ndp-cache' }), options);
  }

  async set(pluginId: string, key: string, value: CacheValue, ttlMs: number): Promise<void> {
    const redisKey = this.key(pluginId, key);
    const encoded = encodeCacheValue(value);
    const ttl = Number.isFinite(ttlMs) && ttlMs > 0 ? Math.ceil(ttlMs) : DEFAULT_TTL_MS;
    await this.call('set a value', async () => {
      if (encoded.length - 1 > this.maxValueBytes) await this.client.del(redisKey);
      else await this.client.set(redisKey, encoded, 'PX', ttl);
    });
  }

  async get(pluginId: string, key: string): Promise<CacheValue | undefined> {
    const redisKey = this.key(pluginId, key);
    const stored = await this.call('get a value', () => this.client.getBuffer(redisKey));
    return stored === null ? undefined : decodeCacheValue(stored);
  }

  async has(pluginId: string, key: string): Promise<boolean> {
    const redisKey = this.key(pluginId, key);
    return (await this.call('check a key', () => this.client.exists(redisKey))) === 1;
  }

  async remove(pluginId: string, key: string): Promise<boolean> {
    const redisKey = this.key(pluginId, key);
    return (await this.call('remove a key', () => this.client.del(redisKey))) === 1;
  }

  async clear(pluginId: string): Promise<void> {
    this.assertOpen();
    const match = pluginKeyPattern(this.prefix, pluginId);
    await this.call('clear a plugin’s keys', async () => {
      // SCAN walks the keyspace in bounded steps (never KEYS): other clients are not blocked on a big cache.
      let cursor = '0';
      do {
        const [next, keys] = await this.client.scan(cursor, 'MATCH', match, 'COUNT', this.clearBatch);
        if (keys.length > 0) await this.client.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await closeRedis(this.client);
  }

  private key(pluginId: string, key: string): string {
    this.assertOpen();
    return cacheKey(this.prefix, pluginId, key);
  }

  private call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    return redisCall(this.options.url, what, operation);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the Redis cache is closed');
  }
}
