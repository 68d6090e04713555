import { RedisCache, RedisClusterBus, RedisPluginDistribution } from '@ndp/adapters-redis';
import type { Logger } from '@ndp/ports';
import type { ClusterConfig } from '../config/host-config.js';
import type { ClusterServices } from './cluster-services.js';

/**
 * Connects the shared services of `[Cluster]`, all at once. Fails with `REDIS_UNAVAILABLE` naming the URL (its
 * password hidden) when Redis cannot be reached at start, having closed whatever did connect. Afterwards every
 * client reconnects by itself; calls made while Redis is gone fail in-band instead of waiting.
 */
export async function openCluster(config: ClusterConfig, logger: Logger): Promise<ClusterServices> {
  const url = config.redis;
  const settled = await Promise.allSettled([
    RedisCache.connect({ url, prefix: `${config.prefix}:cache` }),
    RedisClusterBus.connect({
      url,
      prefix: config.prefix,
      nodeId: config.nodeName,
      logger: logger.child({ component: 'cluster-bus' }),
    }),
    RedisPluginDistribution.connect({ url, prefix: config.prefix }),
  ] as const);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.close() : Promise.resolve())));
    throw failed.reason;
  }
  const [cache, bus, distribution] = settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as [
    RedisCache,
    RedisClusterBus,
    RedisPluginDistribution,
  ];
  return {
    cache,
    bus,
    distribution,
    async close() {
      await bus.close();
      await distribution.close();
    },
  };
}
