import { createRedisAdaptersModule, RedisPluginDistribution } from '@ndp/adapters-redis';
import type { Logger } from '@ndp/ports';
import type { ClusterConfig } from '../config/host-config.js';
import type { ClusterServices } from './cluster-services.js';

/**
 * Connects the shared services of `[Cluster]`: the Redis cache, the BullMQ scheduler and the Redis bus (one
 * `createRedisAdaptersModule`), and the plugin distribution. Fails with `REDIS_UNAVAILABLE` naming the URL (its
 * password hidden) when Redis cannot be reached at start, having closed whatever did connect. Afterwards every
 * client reconnects by itself; calls made while Redis is gone fail in-band instead of waiting.
 */
export async function openCluster(config: ClusterConfig, logger: Logger): Promise<ClusterServices> {
  const url = config.redis;
  const [adapters, distribution] = await Promise.allSettled([
    createRedisAdaptersModule({
      url,
      prefix: config.prefix,
      nodeId: config.nodeName,
      logger: logger.child({ component: 'cluster' }),
      scheduler: { lockDurationMs: config.firingLockMs, stalledIntervalMs: config.stalledCheckMs },
    }),
    RedisPluginDistribution.connect({ url, prefix: config.prefix }),
  ]);
  if (adapters.status !== 'fulfilled' || distribution.status !== 'fulfilled') {
    if (adapters.status === 'fulfilled') await adapters.value.close();
    if (distribution.status === 'fulfilled') await distribution.value.close();
    throw adapters.status === 'rejected' ? adapters.reason : (distribution as PromiseRejectedResult).reason;
  }
  const { cache, scheduler, bus } = adapters.value;
  return {
    cache,
    scheduler,
    bus,
    distribution: distribution.value,
    async close() {
      // The host has closed the cache and scheduler already; each close is idempotent.
      await adapters.value.close();
      await distribution.value.close();
    },
  };
}
