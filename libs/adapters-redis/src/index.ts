export {
  closeRedis,
  connectRedis,
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_RECONNECT_DELAY_MS,
  redactUrl,
} from './connection/redis-connection.js';
export type { RedisConnectionOptions } from './connection/redis-connection.js';

export {
  DEFAULT_CACHE_PREFIX,
  DEFAULT_MAX_VALUE_BYTES,
  DEFAULT_TTL_MS,
  RedisCache,
} from './cache/redis-cache.js';
export type { RedisCacheOptions } from './cache/redis-cache.js';

export {
  DEFAULT_MAX_PACKAGE_BYTES,
  RedisPluginDistribution,
} from './distribution/redis-plugin-distribution.js';
export type { RedisPluginDistributionOptions } from './distribution/redis-plugin-distribution.js';

export { DEFAULT_BUS_PREFIX, DEFAULT_MAX_MESSAGE_BYTES, RedisClusterBus } from './bus/redis-cluster-bus.js';
export type { RedisClusterBusOptions } from './bus/redis-cluster-bus.js';

export { BullMqScheduler, DEFAULT_SCHEDULER_PREFIX } from './scheduler/bullmq-scheduler.js';
export type { BullMqSchedulerOptions } from './scheduler/bullmq-scheduler.js';

export { createRedisAdaptersModule, DEFAULT_PREFIX } from './redis-adapters-module.js';
export type { RedisAdapters, RedisAdaptersOptions } from './redis-adapters-module.js';
