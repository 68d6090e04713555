import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisSkipped, startRedis, type RedisServer } from '../../../../tools/redis-harness/index.mjs';
import { RedisPluginDistribution } from './redis-plugin-distribution.js';

const pkg = (pluginId: string, text: string) => {
  const bytes = new TextEncoder().encode(text);
  return { pluginId, version: '1.0.0', sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
};

describe.skipIf(redisSkipped())('RedisPluginDistribution', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('stores packages with their records, toggles enabled, and leaves a removed record behind', async () => {
    const a = await RedisPluginDistribution.connect({ url: redis.url, prefix: 'dist' });
    const b = await RedisPluginDistribution.connect({ url: redis.url, prefix: 'dist' });
    try {
      const lb = pkg('lb', 'bytes \u0000\u00ff of lb');
      await a.put(lb, true);
      expect(await b.get('lb')).toEqual(lb);
      expect(await b.record('lb')).toMatchObject({ state: 'present', sha256: lb.sha256, enabled: true });
      await b.setEnabled('lb', false);
      expect(await a.record('lb')).toMatchObject({ enabled: false });
      await a.put(pkg('other', 'x'), true);
      expect((await b.list()).map((r) => r.pluginId)).toEqual(['lb', 'other']);
      await a.remove('lb');
      expect(await b.get('lb')).toBeUndefined();
      expect(await b.record('lb')).toMatchObject({ state: 'removed' });
      await b.setEnabled('lb', true);
      expect(await b.record('lb')).toMatchObject({ state: 'removed' });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps clusters with different prefixes apart and refuses a package over the limit', async () => {
    const a = await RedisPluginDistribution.connect({ url: redis.url, prefix: 'one', maxPackageBytes: 4 });
    const b = await RedisPluginDistribution.connect({ url: redis.url, prefix: 'two' });
    try {
      await expect(a.put(pkg('big', 'too big'), true)).rejects.toThrow(
        /7 bytes, over the cluster limit of 4/,
      );
      await a.put(pkg('lb', 'ok'), true);
      expect(await b.list()).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('rejects with REDIS_UNAVAILABLE naming the URL while Redis is gone, and recovers by itself', async () => {
    const d = await RedisPluginDistribution.connect({ url: redis.url, prefix: 'outage' });
    try {
      await redis.stop();
      await expect(d.list()).rejects.toThrow(new RegExp(`Redis at redis://127.0.0.1:${redis.port}`));
      await redis.start();
      const deadline = Date.now() + 10_000;
      let listed: unknown;
      while (Date.now() < deadline) {
        listed = await d.list().catch(() => undefined);
        if (listed) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(listed).toEqual([]);
    } finally {
      await d.close();
    }
  });
});
