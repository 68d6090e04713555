import type { Cache, ClusterBus, PluginDistribution, Scheduler } from '@ndp/ports';

/**
 * The shared services of a cluster node, already connected: they replace the single-node cache and scheduler,
 * and add the bus and the plugin distribution. `close` releases the bus and distribution after the host has
 * stopped using them (the cache and scheduler are closed with the host's own services).
 */
export interface ClusterServices {
  readonly cache: Cache;
  /** The shared scheduler; absent = this node keeps its in-process one. */
  readonly scheduler?: Scheduler;
  readonly bus: ClusterBus;
  readonly distribution: PluginDistribution;
  close(): Promise<void>;
}
