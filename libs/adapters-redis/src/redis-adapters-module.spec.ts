import { createServer } from 'node:net';
import { NdpError } from '@ndp/domain';
import { CACHE, CLUSTER_BUS, SCHEDULER, type Cache, type ClusterBus, type Scheduler } from '@ndp/ports';
import { waitFor } from '@ndp/ports/testing';
import { Container } from 'inversify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisSkipped, startRedis, type RedisServer } from '../../../tools/redis-harness/index.mjs';
import { RedisClusterBus } from './bus/redis-cluster-bus.js';
import { RedisCache } from './cache/redis-cache.js';
import { createRedisAdaptersModule } from './redis-adapters-module.js';
import { BullMqScheduler } from './scheduler/bullmq-scheduler.js';

describe('createRedisAdaptersModule without Redis', () => {
  it('fails at startup with REDIS_UNAVAILABLE naming the URL, and refuses a bad prefix', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    const url = `redis://127.0.0.1:${port}`;
    const failure = await createRedisAdaptersModule({ url, nodeId: 'n', connectTimeoutMs: 1_000 }).catch(
      (e: unknown) => e,
    );
    expect(NdpError.is(failure, 'REDIS_UNAVAILABLE')).toBe(true);
    expect((failure as Error).message).toContain(url);
    await expect(createRedisAdaptersModule({ url, nodeId: 'n', prefix: 'a:b' })).rejects.toThrow(/prefix/);
  });
});

describe.skipIf(redisSkipped())('createRedisAdaptersModule', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('binds CACHE, SCHEDULER and CLUSTER_BUS to connected Redis adapters; unloading closes them', async () => {
    const adapters = await createRedisAdaptersModule({ url: redis.url, prefix: 'module', nodeId: 'node-a' });
    const container = new Container();
    await container.load(adapters.module);
    const cache = container.get<Cache>(CACHE);
    const scheduler = container.get<Scheduler>(SCHEDULER);
    const bus = container.get<ClusterBus>(CLUSTER_BUS);
    expect(cache).toBeInstanceOf(RedisCache);
    expect(scheduler).toBeInstanceOf(BullMqScheduler);
    expect(bus).toBeInstanceOf(RedisClusterBus);
    expect(bus.nodeId).toBe('node-a');
    await cache.set('p', 'k', { type: 'string', value: 'v' }, 60_000);
    expect(await cache.get('p', 'k')).toEqual({ type: 'string', value: 'v' });
    const heard: string[] = [];
    bus.subscribe((e) => void heard.push(e.fromNodeId));
    await bus.publish({ type: 'plugin-changed', pluginId: 'p', change: 'installed' });
    await waitFor(() => heard.length === 1, { timeoutMs: 2_000, what: 'the own message' });
    await container.unloadAsync(adapters.module);
    await expect(cache.get('p', 'k')).rejects.toThrow(/closed/);
    await expect(bus.publish({ type: 'plugin-changed', pluginId: 'p', change: 'removed' })).rejects.toThrow(
      /closed/,
    );
    await expect(scheduler.list('p')).rejects.toThrow(/closed/);
    await adapters.close(); // idempotent after the unload
  });
});
