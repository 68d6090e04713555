export { InstancePool } from './pool/instance-pool.js';
export type { InstanceFactory, InstancePoolHooks, PoolMemory, PoolSizes } from './pool/instance-pool.js';
export { DEFAULT_POOL_OPTIONS, resolvePoolOptions } from './pool/pool-options.js';
export type { PoolOptions, ResolvedPoolOptions } from './pool/pool-options.js';

export { PluginManager } from './manager/plugin-manager.js';
export { discoverPlugins } from './manager/discover-plugins.js';
export type { Discovery, DiscoveryProblem } from './manager/discover-plugins.js';
export { DEFAULT_LIMITS } from './manager/plugin-manager-options.js';
export type {
  HostServiceDependencies,
  PluginLimits,
  PluginManagerOptions,
  PluginOverrides,
} from './manager/plugin-manager-options.js';
export type { PluginFailure, PluginState, PluginStatus, RefreshOutcome } from './manager/plugin-status.js';
export { CapabilityRegistry } from './manager/capability-registry.js';
export { Lifecycle } from './lifecycle/lifecycle.js';
export type { LifecycleSubject } from './lifecycle/lifecycle.js';

export type {
  CallOptions,
  CapabilityMethodName,
  MethodRequest,
  MethodResponse,
  PluginInvoker,
} from './dispatch/capability-types.js';
export { Agents } from './dispatch/agents.js';
export type { CapabilityLookup } from './dispatch/agents.js';
export { USABLE_ANSWER } from './dispatch/usable-answer.js';
export type { AgentMethod } from './dispatch/usable-answer.js';
export { ScrobblerClient } from './dispatch/scrobbler-client.js';
export { Scrobblers } from './dispatch/scrobblers.js';
export type { ScrobbleOutcome, ScrobblerLookup } from './dispatch/scrobblers.js';
export { SchedulerCallbackClient } from './dispatch/scheduler-callback-client.js';
export { WebSocketCallbackClient } from './dispatch/websocket-callback-client.js';
export { LifecycleClient } from './dispatch/lifecycle-client.js';
export { methodNotExportedError, pluginAnswerError } from './errors/plugin-answer-error.js';
export type { PluginAnswerCode } from './errors/plugin-answer-error.js';

export { HostServiceGateway } from './host-services/host-service-gateway.js';
export type { HostServiceGatewayOptions } from './host-services/host-service-gateway.js';
export { DEFAULT_HTTP_TIMEOUT_MS } from './host-services/http-service.js';
export { DEFAULT_CACHE_TTL_MS } from './host-services/cache-service.js';
export { formatRfc3339Nano } from './host-services/rfc3339-nano.js';

export { CallbackRouter } from './callbacks/callback-router.js';
export type { ServingCheck } from './callbacks/callback-router.js';

export { createApplicationModule } from './di/application-module.js';
export type { ApplicationModuleOptions } from './di/application-module.js';
export {
  AGENTS,
  CALLBACK_ROUTER,
  CLUSTER_PLUGIN_SYNC,
  PLUGIN_MANAGER,
  PLUGIN_WEBSOCKETS,
  SCROBBLERS,
} from './di/tokens.js';

export { ClusterWebSocketClient } from './cluster/cluster-websocket-client.js';
export type { ClusterWebSocketOptions } from './cluster/cluster-websocket-client.js';
export { ClusterPluginSync } from './cluster/cluster-plugin-sync.js';
export type {
  ClusterPluginSyncOptions,
  LocalPluginChange,
  SyncedManager,
} from './cluster/cluster-plugin-sync.js';
