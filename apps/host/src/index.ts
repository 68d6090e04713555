export { loadConfig } from './config/load-config.js';
export type { LoadConfigOptions } from './config/load-config.js';
export type {
  ClusterConfig,
  EngineName,
  HostConfig,
  PluginsConfig,
  PoolConfig,
} from './config/host-config.js';
export { composeHost, resolve } from './compose.js';
export { openCluster } from './cluster/open-cluster.js';
export type { ClusterServices } from './cluster/cluster-services.js';
export type { ComposedHost } from './compose.js';
export { hostUrlFile, startHost } from './host.js';
export type { RunningHost, StartHostOptions } from './host.js';
export type { ArtworkImage, ArtworkRequest, ArtworkSource } from './artwork/artwork-source.js';
export type { ConfigReloadReport } from './config/config-reloader.js';
export { HTTP_STATUS } from './http/http-error.js';
export { HostServer } from './http/host-server.js';
export { PinoLogger } from './observability/pino-logger.js';
export { PrometheusMetrics } from './observability/prometheus-metrics.js';
export { createPluginHost } from './embedding/create-plugin-host.js';
export type { PluginHost } from './embedding/create-plugin-host.js';
export type { PluginHostLimits, PluginHostOptions } from './embedding/plugin-host-options.js';
export type {
  AgentAnswer,
  PluginHostAgents,
  PluginHostPlugins,
  PluginHostScrobblers,
} from './embedding/facades.js';
export type { Plain } from './embedding/plain.js';
export { HOST_DEFAULTS } from './config/defaults.js';
export type { PluginStatus, RefreshOutcome, ScrobbleOutcome } from '@ndp/application';
