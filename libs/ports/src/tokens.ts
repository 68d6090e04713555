import type { ArtworkUrls } from './artwork-urls.js';
import type { Cache } from './cache.js';
import type { Clock } from './clock.js';
import type { ClusterBus } from './cluster-bus.js';
import type { HttpClient } from './http-client.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { ModuleCache } from './module-cache.js';
import type { PluginConfigSource } from './plugin-config-source.js';
import type { PluginEngine } from './plugin-engine.js';
import type { PluginDistribution } from './plugin-distribution.js';
import type { PluginPackages } from './plugin-packages.js';
import type { PluginStore } from './plugin-store.js';
import type { Scheduler } from './scheduler.js';
import type { WebSocketClient } from './websocket-client.js';
import { token, type Token } from './token.js';

/** Binds the {@link PluginEngine} in use (`node` or `extism`). */
export const PLUGIN_ENGINE: Token<PluginEngine> = token<PluginEngine>('PluginEngine');
/** Binds the plugin {@link Cache} (memory or Redis). */
export const CACHE: Token<Cache> = token<Cache>('Cache');
/** Binds the {@link Scheduler} (in-process or BullMQ). */
export const SCHEDULER: Token<Scheduler> = token<Scheduler>('Scheduler');
/** Binds the {@link Clock}. */
export const CLOCK: Token<Clock> = token<Clock>('Clock');
/** Binds the {@link HttpClient}. */
export const HTTP_CLIENT: Token<HttpClient> = token<HttpClient>('HttpClient');
/** Binds the {@link WebSocketClient}. */
export const WEBSOCKET_CLIENT: Token<WebSocketClient> = token<WebSocketClient>('WebSocketClient');
/** Binds the {@link ArtworkUrls}. */
export const ARTWORK_URLS: Token<ArtworkUrls> = token<ArtworkUrls>('ArtworkUrls');
/** Binds the {@link PluginConfigSource}. */
export const PLUGIN_CONFIG_SOURCE: Token<PluginConfigSource> =
  token<PluginConfigSource>('PluginConfigSource');
/** Binds the {@link ClusterBus} (in-process on one node, Redis in a cluster). */
export const CLUSTER_BUS: Token<ClusterBus> = token<ClusterBus>('ClusterBus');
/** Binds the root {@link Logger}. */
export const LOGGER: Token<Logger> = token<Logger>('Logger');
/** Binds the {@link Metrics} registry. */
export const METRICS: Token<Metrics> = token<Metrics>('Metrics');
/** Binds the {@link PluginStore}. */
export const PLUGIN_STORE: Token<PluginStore> = token<PluginStore>('PluginStore');
/** Binds the compiled-{@link ModuleCache} on disk. */
export const MODULE_CACHE: Token<ModuleCache> = token<ModuleCache>('ModuleCache');
/** Binds the cluster's {@link PluginDistribution} (only in a cluster). */
export const PLUGIN_DISTRIBUTION: Token<PluginDistribution> = token<PluginDistribution>('PluginDistribution');
/** Binds this node's plugins folder as {@link PluginPackages}. */
export const PLUGIN_PACKAGES: Token<PluginPackages> = token<PluginPackages>('PluginPackages');
