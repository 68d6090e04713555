import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCacheContract } from '@ndp/ports/testing';
import { redisSkipped, startRedis, type RedisServer } from '../../../../tools/redis-harness/index.mjs';
import { RedisCache } from './redis-cache.js';
import { cacheKey, pluginKeyPattern } from './cache-key.js';

const MINUTE = 60_000;
const str = (value: string) => ({ type: 'string', value }) as const;

describe.skipIf(redisSkipped())('RedisCache', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.close();
  });

  describeCacheContract('redis', () => RedisCache.connect({ url: redis.url, prefix: 'contract' }));

  it('stores keys as <prefix>:<plugin>:<key> with the plugin segment encoded, so no key is ambiguous', () => {
    expect(cacheKey('ndp:cache', 'lastfm', 'a:b')).toBe('ndp:cache:lastfm:a:b');
    // Plugin "a:b" with key "c" and plugin "a" with key "b:c" would collide without the encoding.
    expect(cacheKey('p', 'a:b', 'c')).toBe('p:a%3Ab:c');
    expect(cacheKey('p', 'a', 'b:c')).toBe('p:a:b:c');
    expect(cacheKey('p', 'a%3Ab', 'c')).toBe('p:a%253Ab:c');
    expect(pluginKeyPattern('p*', 'a')).toBe('p\\*:a:*');
  });

  it('keeps plugins whose ids contain ":" apart, in get and in clear', async () => {
    const cache = await RedisCache.connect({ url: redis.url, prefix: 'colon' });
    try {
      await cache.set('a:b', 'c', str('plugin a:b'), MINUTE);
      await cache.set('a', 'b:c', str('plugin a'), MINUTE);
      expect(await cache.get('a:b', 'c')).toEqual(str('plugin a:b'));
      expect(await cache.get('a', 'b:c')).toEqual(str('plugin a'));
      await cache.clear('a');
      expect(await cache.get('a:b', 'c')).toEqual(str('plugin a:b'));
      expect(await cache.has('a', 'b:c')).toBe(false);
    } finally {
      await cache.close();
    }
  });

  it('uses Redis’s own expiry, with 24 h for a ttl that is not positive', async () => {
    const cache = await RedisCache.connect({ url: redis.url, prefix: 'ttl' });
    const { Redis } = await import('ioredis');
    const raw = new Redis(redis.url);
    try {
      await cache.set('p', 'short', str('v'), 1_500);
      await cache.set('p', 'default', str('v'), 0);
      await cache.set('p', 'negative', str('v'), -5);
      const short = await raw.pttl('ttl:p:short');
      expect(short).toBeGreaterThan(0);
      expect(short).toBeLessThanOrEqual(1_500);
      for (const key of ['ttl:p:default', 'ttl:p:negative']) {
        const ttl = await raw.pttl(key);
        expect(ttl, key).toBeGreaterThan(24 * 3_600_000 - MINUTE);
        expect(ttl, key).toBeLessThanOrEqual(24 * 3_600_000);
      }
    } finally {
      raw.disconnect();
      await cache.close();
    }
  });

  it('does not store a value over maxValueBytes, and drops the old value of that key', async () => {
    const cache = await RedisCache.connect({ url: redis.url, prefix: 'bound', maxValueBytes: 1_000 });
    try {
      await cache.set('p', 'keep', str('stays'), MINUTE);
      await cache.set('p', 'k', { type: 'bytes', value: new Uint8Array(1_000) }, MINUTE);
      expect(await cache.has('p', 'k')).toBe(true);
      await cache.set('p', 'k', { type: 'bytes', value: new Uint8Array(1_001) }, MINUTE);
      expect(await cache.has('p', 'k')).toBe(false);
      // Strings count in UTF-8 bytes: 334 three-byte characters are 1,002 bytes.
      await cache.set('p', 's', str('€'.repeat(334)), MINUTE);
      expect(await cache.has('p', 's')).toBe(false);
      expect(await cache.get('p', 'keep')).toEqual(str('stays'));
    } finally {
      await cache.close();
    }
  });

  it('rejects bad options and calls after close', async () => {
    await expect(RedisCache.connect({ url: redis.url, maxValueBytes: 0 })).rejects.toThrow(/maxValueBytes/);
    await expect(RedisCache.connect({ url: redis.url, prefix: '' })).rejects.toThrow(/prefix/);
    const cache = await RedisCache.connect({ url: redis.url });
    await cache.close();
    await expect(cache.get('p', 'k')).rejects.toThrow(/closed/);
  });
});
