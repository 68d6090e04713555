export { createLocalAdaptersModule } from './local-adapters-module.js';
export type { LocalAdaptersOptions } from './local-adapters-module.js';

export { MemoryCache } from './cache/memory-cache.js';
export type { MemoryCacheOptions } from './cache/memory-cache.js';
export { NodeHttpClient } from './http/node-http-client.js';
export type { NodeHttpClientOptions } from './http/node-http-client.js';
export { StaticPluginConfigSource } from './config/static-plugin-config-source.js';
export type { PluginConfigMaps } from './config/static-plugin-config-source.js';
export { FsPluginStore } from './store/fs-plugin-store.js';
export type { FsPluginStoreOptions } from './store/fs-plugin-store.js';
export { FsPluginStateStore } from './store/fs-plugin-state-store.js';
export { InProcessScheduler } from './scheduler/in-process-scheduler.js';
export type { InProcessSchedulerOptions } from './scheduler/in-process-scheduler.js';
export { SystemClock } from './scheduler/system-clock.js';
export type { SystemClockOptions } from './scheduler/system-clock.js';
export { WsWebSocketClient } from './websocket/ws-websocket-client.js';
export type { WsWebSocketClientOptions } from './websocket/ws-websocket-client.js';
