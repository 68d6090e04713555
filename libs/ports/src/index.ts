export { token } from './token.js';
export type { Token, TokenType } from './token.js';
export {
  ARTWORK_URLS,
  CACHE,
  CLOCK,
  CLUSTER_BUS,
  HTTP_CLIENT,
  LOGGER,
  METRICS,
  MODULE_CACHE,
  PLUGIN_CONFIG_SOURCE,
  PLUGIN_DISTRIBUTION,
  PLUGIN_ENGINE,
  PLUGIN_PACKAGES,
  PLUGIN_STORE,
  SCHEDULER,
  WEBSOCKET_CLIENT,
} from './tokens.js';

export type { CompileOptions, InstanceOptions, PluginEngine } from './plugin-engine.js';
export { DEFAULT_MAX_TABLE_ELEMENTS } from './plugin-engine.js';
export type { AnalysedImport, CompiledPlugin, ModuleImportKind } from './compiled-plugin.js';
export type { GuestCallOptions, GuestCallResult, PluginInstance } from './plugin-instance.js';
export type { HostCallHandler, HostFunctions } from './host-functions.js';
export { DEFAULT_GUEST_OUTPUT_LIMITS, resolveGuestOutputLimits } from './guest-output-limits.js';
export type { GuestOutputLimits } from './guest-output-limits.js';
export { answerExtismHttp, EXTISM_HTTP_CALL } from './extism-http.js';
export type { ExtismHttpHandler, ExtismHttpRequest, ExtismHttpResponse } from './extism-http.js';
export { PluginLogLevel } from './plugin-logger.js';
export type { PluginLogger } from './plugin-logger.js';

export type { Cache, CacheAnswer } from './cache.js';
export type { CacheValue, CacheValueType } from './cache-value.js';

export type { Scheduler } from './scheduler.js';
export type {
  ScheduleFire,
  ScheduleFireHandler,
  ScheduleInfo,
  ScheduleOnceRequest,
  ScheduleRecurringRequest,
} from './schedule-types.js';
export type { Clock } from './clock.js';

export type { HttpClient, HttpFailure, HttpRequest, HttpResponse, HttpResult } from './http-client.js';
export type {
  ConnectionRef,
  WebSocketClient,
  WebSocketConnectRequest,
  WebSocketEventSink,
  WebSocketConnectionInfo,
  WebSocketOutcome,
} from './websocket-client.js';
export type { ArtworkUrls } from './artwork-urls.js';
export type { PluginConfigSource } from './plugin-config-source.js';
export type { ClusterBus, ClusterEnvelope } from './cluster-bus.js';
export type {
  ClusterMessage,
  PluginChangedMessage,
  WebSocketCommandMessage,
  WebSocketResultMessage,
} from './cluster-message.js';

export type { LogFields, Logger, LogLevel } from './logger.js';
export type {
  Counter,
  Gauge,
  Histogram,
  HistogramDefinition,
  MetricDefinition,
  MetricLabels,
  Metrics,
} from './metrics.js';

export type {
  PluginFiles,
  PluginFolder,
  PluginFolderEntry,
  PluginFolderProblem,
  PluginStore,
} from './plugin-store.js';
export type { ClusterPluginRecord, DistributedPackage, PluginDistribution } from './plugin-distribution.js';
export type { PackedPlugin, PluginPackages } from './plugin-packages.js';
export type { ModuleCache, ModuleCacheEntry, ModuleCachePurge } from './module-cache.js';
export type { PluginStateRecord, PluginStateStore } from './plugin-state-store.js';
