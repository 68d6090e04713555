import 'reflect-metadata';
import { Container } from 'inversify';
import { createExtismEngineModule } from '@ndp/adapters-extism';
import { createLocalAdaptersModule, FsPluginStateStore, StaticPluginConfigSource } from '@ndp/adapters-local';
import { FsPluginPackages } from '@ndp/packages';
import { createNodeEngineModule } from '@ndp/adapters-wasm-node';
import {
  AGENTS,
  CALLBACK_ROUTER,
  CLUSTER_PLUGIN_SYNC,
  createApplicationModule,
  PLUGIN_MANAGER,
  PLUGIN_WEBSOCKETS,
  SCROBBLERS,
  type Agents,
  type ClusterPluginSync,
  type PluginManager,
  type Scrobblers,
} from '@ndp/application';
import { NdpError } from '@ndp/domain';
import {
  CACHE,
  CLUSTER_BUS,
  LOGGER,
  METRICS,
  MODULE_CACHE,
  PLUGIN_DISTRIBUTION,
  PLUGIN_ENGINE,
  PLUGIN_PACKAGES,
  PluginLogLevel,
  SCHEDULER,
  WEBSOCKET_CLIENT,
  type Cache,
  type Logger,
  type Metrics,
  type ModuleCache,
  type PluginEngine,
  type Scheduler,
  type Token,
  type WebSocketClient,
} from '@ndp/ports';
import type { ClusterServices } from './cluster/cluster-services.js';
import type { HostConfig } from './config/host-config.js';
import { PrometheusMetrics } from './observability/prometheus-metrics.js';
import { RecentLogs } from './observability/recent-logs.js';
import { PluginSettings } from './settings/plugin-settings.js';
import { PluginSettingsStore } from './settings/plugin-settings-store.js';

/** Resolves a typed token (Inversify's `get` cannot infer the type from a plain symbol). */
export function resolve<T>(container: Container, token: Token<T>): T {
  return container.get<T>(token);
}

/** The parts of a composed host the app drives directly. */
export interface ComposedHost {
  readonly container: Container;
  readonly manager: PluginManager;
  readonly agents: Agents;
  readonly scrobblers: Scrobblers;
  readonly metrics: PrometheusMetrics;
  readonly logger: Logger;
  readonly scheduler: Scheduler;
  readonly engine: PluginEngine;
  readonly moduleCache: ModuleCache;
  readonly websocket: WebSocketClient;
  /** The recent log lines of every plugin (the admin page's). */
  readonly recentLogs: RecentLogs;
  /** The plugins' settings in force: configuration plus values saved from the admin page. */
  readonly settings: PluginSettings;
  /** Keeps plugins in step with the other nodes; only in a cluster. */
  readonly clusterSync: ClusterPluginSync | undefined;
  /** The live `PluginConfig` maps (configuration plus saved settings): a reload goes through {@link settings}. */
  readonly pluginConfig: StaticPluginConfigSource;
  /** Switches the per-plugin overrides (a configuration reload): the engine and the manager read them per plugin. */
  setOverrides(overrides: HostConfig['plugins']['overrides']): void;
  /** Closes every service in dependency order. */
  close(): Promise<void>;
}

/** Services an embedding application brings in place of the local ones (a cluster's replace these again). */
export interface HostServices {
  readonly cache?: Cache;
  readonly scheduler?: Scheduler;
}

/**
 * The composition root: binds the adapters the configuration selects (engine, cache, scheduler, HTTP client, ...)
 * and the application services in one Inversify container. Only apps do this; libraries export modules.
 * With `[Cluster]`, `cluster` holds the connected shared services: the Redis cache and BullMQ scheduler replace
 * the single-node ones, plugin sockets are routed over the bus, and plugin changes are kept in step. `services`
 * replace the local cache and scheduler (an embedding application's own).
 */
export function composeHost(
  config: HostConfig,
  hostLogger: Logger,
  cluster?: ClusterServices,
  services: HostServices = {},
): ComposedHost {
  if (config.cluster && !cluster) {
    throw new NdpError(
      'CONFIG_INVALID',
      `${config.file ?? 'config'}: [Cluster] needs its services connected first`,
    );
  }
  const container = new Container({ defaultScope: 'Singleton' });
  const pluginConfig = new StaticPluginConfigSource();
  let overrides = config.plugins.overrides;
  const metrics = new PrometheusMetrics();
  const recentLogs = new RecentLogs();
  const logger = recentLogs.wrap(hostLogger);
  const settings = new PluginSettings(
    config.pluginConfig,
    PluginSettingsStore.open(config.dataFolder),
    pluginConfig,
  );
  pluginConfig.update(settings.effective());
  container.bind<Logger>(LOGGER).toConstantValue(logger);
  container.bind<Metrics>(METRICS).toConstantValue(metrics);
  container.load(
    createLocalAdaptersModule({
      pluginsFolder: config.plugins.folder,
      maxManifestBytes: config.plugins.maxManifestBytes,
      cacheFolder: config.plugins.cacheFolder,
      artwork: {
        secret: config.secret,
        baseUrl: config.baseUrl,
        ...(config.shareUrl ? { shareUrl: config.shareUrl } : {}),
      },
      pluginConfig,
      scheduler: { logger: logger.child({ component: 'scheduler' }) },
    }),
    config.plugins.engine === 'extism'
      ? createExtismEngineModule({ maxTableElements: config.plugins.maxTableElements })
      : createNodeEngineModule({
          // Scheduling and deadlines
          ...(config.plugins.workersPerPlugin
            ? { maxWorkersPerPlugin: config.plugins.workersPerPlugin }
            : {}),
          inlineStartBudgetMs: config.plugins.inlineStartBudgetMs,
          maxTableElements: config.plugins.maxTableElements,
          ...(config.plugins.workers ? { workers: config.plugins.workers } : {}),
          spinWaitMicros: config.plugins.workerSpinMs * 1000,
          executor: config.plugins.executor,
          executorFor: (pluginId) => overrides[pluginId]?.executor,
          yieldSliceMs: config.plugins.yieldSliceMs,
        }),
    createApplicationModule({
      agents: config.agents,
      limits: {
        memoryLimitBytes: config.plugins.memoryLimitBytes,
        callTimeoutMs: config.plugins.callTimeoutMs,
        httpMaxResponseBytes: config.plugins.httpMaxResponseBytes,
        pool: config.plugins.pool,
        pluginLogLevel: PluginLogLevel[config.plugins.logLevel],
        manifestMaxBytes: config.plugins.maxManifestBytes,
        manifestMaxDepth: config.plugins.maxManifestDepth,
        guestOutput: config.plugins.guestOutput,
      },
      overrides: config.plugins.overrides,
      ...(config.cluster ? { cluster: { commandTimeoutMs: config.cluster.commandTimeoutMs } } : {}),
      state: new FsPluginStateStore({ dataFolder: config.dataFolder }),
      requireApproval: config.plugins.requireApproval,
    }),
  );
  if (services.cache) container.rebind<Cache>(CACHE).toConstantValue(services.cache);
  if (services.scheduler) container.rebind<Scheduler>(SCHEDULER).toConstantValue(services.scheduler);
  if (cluster) {
    container.rebind<Cache>(CACHE).toConstantValue(cluster.cache);
    if (cluster.scheduler) container.rebind<Scheduler>(SCHEDULER).toConstantValue(cluster.scheduler);
    if (container.isBound(CLUSTER_BUS)) container.unbind(CLUSTER_BUS);
    container.bind(CLUSTER_BUS).toConstantValue(cluster.bus);
    container.bind(PLUGIN_DISTRIBUTION).toConstantValue(cluster.distribution);
    container.bind(PLUGIN_PACKAGES).toConstantValue(
      new FsPluginPackages(config.plugins.folder, {
        maxManifestBytes: config.plugins.maxManifestBytes,
        maxManifestDepth: config.plugins.maxManifestDepth,
      }),
    );
  }
  const manager = resolve(container, PLUGIN_MANAGER);
  const engine = resolve(container, PLUGIN_ENGINE);
  const scheduler = resolve(container, SCHEDULER);
  // Scheduler firings and socket events reach plugins through the router (firings start in startServices).
  resolve(container, CALLBACK_ROUTER).attach(scheduler, resolve(container, PLUGIN_WEBSOCKETS));
  const clusterSync = cluster ? resolve(container, CLUSTER_PLUGIN_SYNC) : undefined;
  return {
    container,
    manager,
    agents: resolve(container, AGENTS),
    scrobblers: resolve(container, SCROBBLERS),
    metrics,
    logger,
    scheduler,
    engine,
    moduleCache: resolve(container, MODULE_CACHE),
    websocket: resolve(container, WEBSOCKET_CLIENT),
    recentLogs,
    settings,
    clusterSync,
    pluginConfig,
    setOverrides(next) {
      overrides = next;
      manager.setOverrides(next);
    },
    async close() {
      await clusterSync?.close();
      await manager.close();
      await scheduler.close();
      // The client plugins use: in a cluster it also stops answering the other nodes' commands.
      await resolve(container, PLUGIN_WEBSOCKETS).shutdown();
      await resolve<Cache>(container, CACHE).close();
      await engine.close();
      await cluster?.close();
    },
  };
}
