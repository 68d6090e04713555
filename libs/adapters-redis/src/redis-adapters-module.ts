import { NdpError } from '@ndp/domain';
import {
  CACHE,
  CLUSTER_BUS,
  SCHEDULER,
  type Cache,
  type ClusterBus,
  type Logger,
  type Scheduler,
} from '@ndp/ports';
import { ContainerModule } from 'inversify';
import { RedisClusterBus, type RedisClusterBusOptions } from './bus/redis-cluster-bus.js';
import { RedisCache, type RedisCacheOptions } from './cache/redis-cache.js';
import type { RedisConnectionOptions } from './connection/redis-connection.js';
import { BullMqScheduler, type BullMqSchedulerOptions } from './scheduler/bullmq-scheduler.js';

type Own<T> = Omit<T, keyof RedisConnectionOptions | 'prefix' | 'nodeId' | 'logger'>;

/** What the host app configures for the cluster adapters (the `[Cluster]` section, parsed by the app). */
export interface RedisAdaptersOptions extends RedisConnectionOptions {
  /**
   * The first segment of every Redis key and channel: nodes with the same Redis and prefix are one cluster.
   * Default `ndp`. Letters, digits, `_`, `-` and `.` only (BullMQ refuses `:`).
   */
  readonly prefix?: string;
  /** This node's id, unique in the cluster (the app defaults it to `<hostname>:<port>`). */
  readonly nodeId: string;
  /** Logs adapter problems (handler failures, lost connections). Default: none. */
  readonly logger?: Logger;
  /** The cache's own options (value bound, clear batch). */
  readonly cache?: Own<RedisCacheOptions>;
  /** The scheduler's own options (time zone, lock and stall intervals, concurrency, ...). */
  readonly scheduler?: Own<BullMqSchedulerOptions>;
  /** The cluster bus's own options (message bound). */
  readonly bus?: Own<RedisClusterBusOptions>;
}

/** The connected cluster adapters, their Inversify module, and one way to close them all. */
export interface RedisAdapters {
  /** Binds `CACHE`, `SCHEDULER` and `CLUSTER_BUS`; unloading it (or unbinding a token, async) closes what it holds. */
  readonly module: ContainerModule;
  readonly cache: RedisCache;
  readonly scheduler: BullMqScheduler;
  readonly bus: RedisClusterBus;
  /** Closes the three adapters (each close is idempotent, so this may follow an unload). */
  close(): Promise<void>;
}

/** The default of {@link RedisAdaptersOptions.prefix}. */
export const DEFAULT_PREFIX = 'ndp';

/**
 * Connects the cluster adapters to one Redis and returns them with an Inversify module binding them:
 * `CACHE` (RedisCache under `<prefix>:cache`), `SCHEDULER` (BullMqScheduler, BullMQ keys under `<prefix>`, not
 * started: the app sets `onFire` and calls `start`) and `CLUSTER_BUS` (RedisClusterBus on `<prefix>:bus`).
 *
 * Guarantees: resolves only when all three are connected, so a Redis unreachable at start fails here, at
 * startup, with `REDIS_UNAVAILABLE` naming the URL (within `connectTimeoutMs`), and nothing is left open;
 * invalid options fail with `CONFIG_INVALID`. Unloading the module asynchronously (`container.unloadAsync`)
 * closes the adapters; so does `close()`.
 *
 * @example
 * ```ts
 * const redis = await createRedisAdaptersModule({ url: 'redis://127.0.0.1:6379', prefix: 'ndp', nodeId: 'a:4533' });
 * await container.load(redis.module);
 * ```
 */
export async function createRedisAdaptersModule(options: RedisAdaptersOptions): Promise<RedisAdapters> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) {
    throw new NdpError(
      'CONFIG_INVALID',
      `the cluster prefix "${prefix}" may only hold letters, digits, "_", "-" and "." (e.g. "ndp")`,
    );
  }
  const connection: RedisConnectionOptions = {
    url: options.url,
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs }),
    ...(options.maxReconnectDelayMs === undefined
      ? {}
      : { maxReconnectDelayMs: options.maxReconnectDelayMs }),
  };
  const logger = options.logger === undefined ? {} : { logger: options.logger };
  const opened = await Promise.allSettled([
    RedisCache.connect({ ...options.cache, ...connection, prefix: `${prefix}:cache` }),
    BullMqScheduler.connect({
      ...options.scheduler,
      ...connection,
      ...logger,
      prefix,
      nodeId: options.nodeId,
    }),
    RedisClusterBus.connect({ ...options.bus, ...connection, ...logger, prefix, nodeId: options.nodeId }),
  ]);
  const [cache, scheduler, bus] = opened;
  if (cache.status !== 'fulfilled' || scheduler.status !== 'fulfilled' || bus.status !== 'fulfilled') {
    await Promise.all(opened.map((o) => (o.status === 'fulfilled' ? o.value.close() : undefined)));
    throw opened.find((o): o is PromiseRejectedResult => o.status === 'rejected')!.reason;
  }
  const adapters = { cache: cache.value, scheduler: scheduler.value, bus: bus.value };
  const module = new ContainerModule(({ bind, onDeactivation }) => {
    bind<Cache>(CACHE).toConstantValue(adapters.cache);
    onDeactivation<Cache>(CACHE, (c) => c.close());
    bind<Scheduler>(SCHEDULER).toConstantValue(adapters.scheduler);
    onDeactivation<Scheduler>(SCHEDULER, (s) => s.close());
    bind<ClusterBus>(CLUSTER_BUS).toConstantValue(adapters.bus);
    onDeactivation<ClusterBus>(CLUSTER_BUS, (b) => b.close());
  });
  return {
    module,
    ...adapters,
    // The scheduler first: its running firings may still use the cache and the bus.
    close: async () => {
      await adapters.scheduler.close();
      await Promise.all([adapters.cache.close(), adapters.bus.close()]);
    },
  };
}
