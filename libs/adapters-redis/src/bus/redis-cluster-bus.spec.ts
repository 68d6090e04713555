import { NdpError } from '@ndp/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeClusterBusContract, waitFor } from '@ndp/ports/testing';
import type { ClusterEnvelope } from '@ndp/ports';
import { redisSkipped, startRedis, type RedisServer } from '../../../../tools/redis-harness/index.mjs';
import { decodeEnvelope, encodeEnvelope } from './bus-codec.js';
import { RedisClusterBus } from './redis-cluster-bus.js';

describe('cluster bus wire format', () => {
  it('round-trips bytes, and never mistakes an object with a "$bytes" key for bytes', () => {
    const message = {
      type: 'websocket-command',
      requestId: 'r',
      ref: { pluginId: 'p', connectionId: 'c' },
      command: { kind: 'binary', data: Uint8Array.of(0, 255, 7) },
      tricky: { $bytes: 'AAAA' },
      trickier: { $obj: { $bytes: 'x' } },
    } as const;
    const decoded = decodeEnvelope(encodeEnvelope('n', message as never));
    expect(decoded).toEqual({ fromNodeId: 'n', message });
  });

  it('refuses text that is not a message of this version', () => {
    for (const text of ['nope', '{}', '{"v":2,"from":"n","message":{"type":"x"}}', '{"v":1,"from":"n"}']) {
      expect(decodeEnvelope(text), text).toBeUndefined();
    }
  });
});

describe.skipIf(redisSkipped())('RedisClusterBus', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.close();
  });

  describeClusterBusContract('redis', {
    open: (nodeId) => RedisClusterBus.connect({ url: redis.url, nodeId, prefix: 'contract' }),
  });

  it('keeps clusters with different prefixes apart', async () => {
    const a = await RedisClusterBus.connect({ url: redis.url, nodeId: 'a', prefix: 'one' });
    const b = await RedisClusterBus.connect({ url: redis.url, nodeId: 'b', prefix: 'two' });
    const heard: string[] = [];
    b.subscribe((e) => void heard.push(e.fromNodeId));
    try {
      await a.publish({ type: 'plugin-changed', pluginId: 'p', change: 'installed' });
      await b.publish({ type: 'plugin-changed', pluginId: 'p', change: 'installed' });
      await waitFor(() => heard.length > 0, { timeoutMs: 2_000, what: 'b’s own message' });
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).toEqual(['b']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('refuses an oversized message and bad options', async () => {
    const bus = await RedisClusterBus.connect({ url: redis.url, nodeId: 'n', maxMessageBytes: 1_000 });
    try {
      await expect(
        bus.publish({ type: 'websocket-result', requestId: 'x'.repeat(2_000), toNodeId: 'n' }),
      ).rejects.toThrow(/maxMessageBytes/);
    } finally {
      await bus.close();
    }
    await expect(RedisClusterBus.connect({ url: redis.url, nodeId: '' })).rejects.toThrow(/nodeId/);
  });

  it('publish rejects with REDIS_UNAVAILABLE while Redis is down; the subscription comes back by itself', async () => {
    const options = { url: redis.url, prefix: 'outage', commandTimeoutMs: 1_000, maxReconnectDelayMs: 200 };
    const a = await RedisClusterBus.connect({ ...options, nodeId: 'a' });
    const b = await RedisClusterBus.connect({ ...options, nodeId: 'b' });
    const heard: ClusterEnvelope[] = [];
    b.subscribe((e) => void heard.push(e));
    try {
      await redis.stop();
      const started = Date.now();
      const failure = await a
        .publish({ type: 'plugin-changed', pluginId: 'p', change: 'updated' })
        .catch((e: unknown) => e);
      expect(NdpError.is(failure, 'REDIS_UNAVAILABLE'), String(failure)).toBe(true);
      expect(Date.now() - started).toBeLessThan(3_000);
      await redis.start();
      // Publish until b hears one: both the publisher and b's subscription must have come back.
      await waitFor(
        async () => {
          await a
            .publish({ type: 'plugin-changed', pluginId: 'p', change: 'refreshed' })
            .catch(() => undefined);
          return heard.length > 0;
        },
        { timeoutMs: 10_000, intervalMs: 200, what: 'a message after Redis came back' },
      );
      expect(heard[0]).toMatchObject({ fromNodeId: 'a', message: { change: 'refreshed' } });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
