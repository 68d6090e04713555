import { createServer } from 'node:net';
import { NdpError } from '@ndp/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisSkipped, startRedis, type RedisServer } from '../../../../tools/redis-harness/index.mjs';
import { RedisCache } from '../cache/redis-cache.js';
import { connectRedis, redactUrl } from './redis-connection.js';

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Awaits `promise` and answers how long it took and how it settled. */
async function timed<T>(promise: Promise<T>): Promise<{ ms: number; error?: unknown; value?: T }> {
  const started = Date.now();
  try {
    const value = await promise;
    return { ms: Date.now() - started, value };
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
}

describe('Redis connection options', () => {
  it('hides the password in messages', () => {
    expect(redactUrl('redis://user:secret@example.org:6380/2')).toBe('redis://user:***@example.org:6380/2');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('refuses a URL that is not redis:// with CONFIG_INVALID', async () => {
    await expect(connectRedis({ url: 'http://127.0.0.1:6379' }, { name: 't' })).rejects.toSatisfy(
      (e: unknown) => NdpError.is(e, 'CONFIG_INVALID') && /redis:\/\//.test((e as Error).message),
    );
    await expect(connectRedis({ url: 'not a url' }, { name: 't' })).rejects.toThrow(/not a URL/);
    await expect(
      connectRedis({ url: 'redis://127.0.0.1:1', commandTimeoutMs: 0 }, { name: 't' }),
    ).rejects.toThrow(/commandTimeoutMs/);
  });

  it('fails fast with REDIS_UNAVAILABLE naming the URL when nothing listens at start', async () => {
    const url = `redis://user:hunter2@127.0.0.1:${await closedPort()}`;
    const outcome = await timed(RedisCache.connect({ url, connectTimeoutMs: 1_000 }));
    expect(NdpError.is(outcome.error, 'REDIS_UNAVAILABLE')).toBe(true);
    const message = (outcome.error as Error).message;
    expect(message).toContain(redactUrl(url));
    expect(message).not.toContain('hunter2');
    expect(outcome.ms).toBeLessThan(5_000);
  });
});

describe.skipIf(redisSkipped())('Redis lost while running', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('rejects calls quickly with REDIS_UNAVAILABLE while Redis is down, and recovers by itself', async () => {
    const cache = await RedisCache.connect({
      url: redis.url,
      commandTimeoutMs: 1_000,
      maxReconnectDelayMs: 200,
    });
    try {
      await cache.set('p', 'k', { type: 'string', value: 'before' }, 60_000);
      await redis.stop();
      const calls: Promise<unknown>[] = [
        cache.get('p', 'k'),
        cache.set('p', 'k', { type: 'int', value: 1n }, 1_000),
      ];
      for (const call of calls) {
        const outcome = await timed(call);
        expect(NdpError.is(outcome.error, 'REDIS_UNAVAILABLE'), String(outcome.error)).toBe(true);
        expect(outcome.ms).toBeLessThan(3_000);
      }
      await redis.start();
      // The client reconnects on its own; the value written before the outage is still there (AOF).
      const deadline = Date.now() + 10_000;
      let value: unknown;
      while (Date.now() < deadline) {
        const outcome = await timed(cache.get('p', 'k'));
        if (outcome.error === undefined) {
          value = outcome.value;
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(value).toEqual({ type: 'string', value: 'before' });
    } finally {
      await cache.close();
    }
  });
});
