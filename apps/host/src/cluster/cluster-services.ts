import type { Cache, ClusterBus, PluginDistribution, Scheduler } from '@ndp/ports';

/**
 * The shared services of a cluster node, already connected: they replace the single-node cache and scheduler,
 * and add the bus and the plugin distribution. `close` releases them after the host has stopped using them.
 */
export interface ClusterServices {
  readonly cache: Cache;
  readonly scheduler: Scheduler;
  readonly bus: ClusterBus;
  readonly distribution: PluginDistribution;
  close(): Promise<void>;
}
