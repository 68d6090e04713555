export { createLocalAdaptersModule } from './local-adapters-module.js';
export type { LocalAdaptersOptions } from './local-adapters-module.js';

export {
  MemoryCache,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ENTRIES,
  DEFAULT_SWEEP_INTERVAL_MS,
} from './cache/memory-cache.js';
export type { MemoryCacheOptions } from './cache/memory-cache.js';
export { entrySize, ENTRY_OVERHEAD_BYTES } from './cache/entry-size.js';

export { NodeHttpClient, DEFAULT_TIMEOUT_MS, MAX_REDIRECTS } from './http/node-http-client.js';
export type { NodeHttpClientOptions } from './http/node-http-client.js';
export { nodeHttpTransport } from './http/node-http-transport.js';
export type { HttpTransport, TransportRequest } from './http/http-transport.js';
export { systemResolver } from './http/host-resolver.js';
export type { HostResolver, ResolvedAddress } from './http/host-resolver.js';

export { StaticPluginConfigSource } from './config/static-plugin-config-source.js';
export type { PluginConfigMaps } from './config/static-plugin-config-source.js';

export { JwtArtworkUrls } from './artwork/jwt-artwork-urls.js';
export type { JwtArtworkUrlsOptions } from './artwork/jwt-artwork-urls.js';

export { FsPluginStore, MANIFEST_FILE, PLUGIN_WASM_FILE } from './store/fs-plugin-store.js';
export type { FsPluginStoreOptions } from './store/fs-plugin-store.js';
export { FsPluginStateStore, PLUGIN_STATE_FILE } from './store/fs-plugin-state-store.js';

export { FsModuleCache } from './module-cache/fs-module-cache.js';
export type { FsModuleCacheOptions } from './module-cache/fs-module-cache.js';

export { InProcessScheduler } from './scheduler/in-process-scheduler.js';
export type { InProcessSchedulerOptions } from './scheduler/in-process-scheduler.js';
export { SystemClock } from './scheduler/system-clock.js';
export type { SystemClockOptions } from './scheduler/system-clock.js';
export { MAX_TIMER_DELAY_MS, systemTimers } from './scheduler/scheduler-timers.js';
export type { SchedulerTimers, TimerHandle } from './scheduler/scheduler-timers.js';

export {
  DEFAULT_CLOSE_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_BUFFERED_BYTES,
  DEFAULT_MAX_MESSAGE_BYTES,
  WsWebSocketClient,
} from './websocket/ws-websocket-client.js';
export type { WsWebSocketClientOptions } from './websocket/ws-websocket-client.js';

export { InProcessClusterBus, InProcessClusterHub } from './cluster/in-process-cluster-bus.js';
export type { InProcessClusterBusOptions } from './cluster/in-process-cluster-bus.js';
