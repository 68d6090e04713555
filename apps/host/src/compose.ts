import 'reflect-metadata';
import { Container } from 'inversify';
import { createExtismEngineModule } from '@ndp/adapters-extism';
import { createLocalAdaptersModule } from '@ndp/adapters-local';
import { createNodeEngineModule } from '@ndp/adapters-wasm-node';
import {
  AGENTS,
  createApplicationModule,
  PLUGIN_MANAGER,
  SCROBBLERS,
  type Agents,
  type PluginManager,
  type Scrobblers,
} from '@ndp/application';
import { NdpError } from '@ndp/domain';
import {
  CACHE,
  LOGGER,
  METRICS,
  MODULE_CACHE,
  PLUGIN_ENGINE,
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
import type { HostConfig } from './config/host-config.js';
import { PrometheusMetrics } from './observability/prometheus-metrics.js';

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
  /** Closes every service in dependency order. */
  close(): Promise<void>;
}

/**
 * The composition root: binds the adapters the configuration selects (engine, cache, scheduler, HTTP client, ...)
 * and the application services in one Inversify container. Only apps do this; libraries export modules.
 */
export function composeHost(config: HostConfig, logger: Logger): ComposedHost {
  if (config.cluster) {
    throw new NdpError(
      'CONFIG_INVALID',
      `${config.file ?? 'config'}: [Cluster] Redis is not supported by this build yet`,
    );
  }
  const container = new Container({ defaultScope: 'Singleton' });
  const metrics = new PrometheusMetrics();
  container.bind<Logger>(LOGGER).toConstantValue(logger);
  container.bind<Metrics>(METRICS).toConstantValue(metrics);
  container.load(
    createLocalAdaptersModule({
      pluginsFolder: config.plugins.folder,
      cacheFolder: config.plugins.cacheFolder,
      artwork: {
        secret: config.secret,
        baseUrl: config.baseUrl,
        ...(config.shareUrl ? { shareUrl: config.shareUrl } : {}),
      },
      pluginConfig: config.pluginConfig,
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
          executorFor: (pluginId) => config.plugins.overrides[pluginId]?.executor,
          yieldSliceMs: config.plugins.yieldSliceMs,
        }),
    createApplicationModule({
      agents: config.agents,
      limits: {
        memoryLimitBytes: config.plugins.memoryLimitBytes,
        callTimeoutMs: config.plugins.callTimeoutMs,
        httpMaxResponseBytes: config.plugins.httpMaxResponseBytes,
        pool: config.plugins.pool,
        pluginLogLevel: LOG_LEVEL_NUMBER[config.plugins.logLevel],
      },
      overrides: config.plugins.overrides,
    }),
  );
  const manager = resolve(container, PLUGIN_MANAGER);
  const engine = resolve(container, PLUGIN_ENGINE);
  const scheduler = resolve(container, SCHEDULER);
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
    async close() {
      await manager.close();
      await scheduler.close();
      await resolve<WebSocketClient>(container, WEBSOCKET_CLIENT).shutdown();
      await resolve<Cache>(container, CACHE).close();
      await engine.close();
    },
  };
}

const LOG_LEVEL_NUMBER = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 } as const;
