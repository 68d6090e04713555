import { PluginLogLevel } from '@ndp/ports';
import { HostServiceGateway } from '../host-services/host-service-gateway.js';
import type { CallMetrics } from './call-metrics.js';
import { DEFAULT_LIMITS, type PluginManagerOptions, type PluginOverrides } from './plugin-manager-options.js';
import { PluginLoader } from './plugin-loader.js';
import type { PluginVersion } from './plugin-version.js';
import { Semaphore } from './semaphore.js';

/**
 * Builds the manager's {@link PluginLoader} from its options: defaults applied, per-plugin overrides resolved per id,
 * one compile semaphore and one host-service gateway shared by all plugins.
 */
export function createPluginLoader(
  options: PluginManagerOptions,
  metrics: CallMetrics,
  isCurrent: (version: PluginVersion) => boolean,
  overridesFor: (pluginId: string) => PluginOverrides | undefined = (id) => options.overrides?.[id],
): PluginLoader {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const gateway = new HostServiceGateway({
    deps: options.hostServices,
    scheduler: options.scheduler,
    websocket: options.websocket,
    configSource: options.configSource,
    logger: options.logger,
    httpMaxResponseBytes: limits.httpMaxResponseBytes,
  });
  return new PluginLoader({
    engine: options.engine,
    compileSlots: new Semaphore(limits.compileConcurrency),
    gateway,
    configSource: options.configSource,
    logger: options.logger,
    metrics,
    pluginLogLevel: limits.pluginLogLevel ?? PluginLogLevel.info,
    ...(limits.guestOutput ? { guestOutputLimits: limits.guestOutput } : {}),
    limitsFor: (id) => {
      const o = overridesFor(id);
      return {
        memoryLimitBytes: o?.memoryLimitBytes ?? limits.memoryLimitBytes,
        callTimeoutMs: o?.callTimeoutMs ?? limits.callTimeoutMs,
        pool: { ...limits.pool, ...o?.pool },
      };
    },
    isCurrent,
  });
}
