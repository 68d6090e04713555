import {
  checkApiVersion,
  checkCapabilityExports,
  checkImportShapes,
  checkModuleImports,
  NdpError,
  readModuleInfo,
  type Manifest,
} from '@ndp/domain';
import type {
  CompiledPlugin,
  GuestOutputLimits,
  Logger,
  PluginConfigSource,
  PluginEngine,
  PluginLogger,
  PluginLogLevel,
} from '@ndp/ports';
import type { HostServiceGateway } from '../host-services/host-service-gateway.js';
import { InstancePool } from '../pool/instance-pool.js';
import type { PoolOptions } from '../pool/pool-options.js';
import type { CallMetrics } from './call-metrics.js';
import { PluginVersion } from './plugin-version.js';
import type { Semaphore } from './semaphore.js';

/** What the loader needs; built once by the manager. */
export interface PluginLoaderOptions {
  readonly engine: PluginEngine;
  readonly compileSlots: Semaphore;
  readonly gateway: HostServiceGateway;
  readonly configSource: PluginConfigSource;
  readonly logger: Logger;
  readonly metrics: CallMetrics;
  readonly pluginLogLevel: PluginLogLevel;
  /** Caps on one call's output, error text and log lines; absent fields take the engine's defaults. */
  readonly guestOutputLimits?: Partial<GuestOutputLimits>;
  /** The limits of one plugin, overrides applied. */
  readonly limitsFor: (pluginId: string) => {
    memoryLimitBytes: number;
    callTimeoutMs: number;
    pool: PoolOptions;
  };
  /** Whether `version` is the one serving its plugin (only its pool sizes go to the gauges). */
  readonly isCurrent: (version: PluginVersion) => boolean;
}

/**
 * Turns a validated manifest and module bytes into a {@link PluginVersion}: API version check, the kinds and
 * signatures of the module's imports (the same on every engine), compilation (at most `compileSlots` at once), import check against the granted permissions (the message of docs/contract.md §5), export check
 * against the declared capabilities (docs/contract.md §4), then an instance pool whose instances get only the granted host
 * functions. Rejects with the `NdpError` that makes the plugin `failed`; several problems are listed together.
 */
export class PluginLoader {
  constructor(private readonly options: PluginLoaderOptions) {}

  async load(manifest: Manifest, folder: string, wasm: Uint8Array): Promise<PluginVersion> {
    const id = manifest.name;
    const api = checkApiVersion(manifest);
    if (!api.ok) throw api.error;
    const shapes = checkImportShapes(id, moduleImports(id, folder, wasm));
    if (!shapes.ok) throw combine(shapes.error);
    const limits = this.options.limitsFor(id);
    const compiled = await this.options.compileSlots.run(() =>
      this.options.engine.compile(wasm, { pluginId: id, memoryLimitBytes: limits.memoryLimitBytes }),
    );
    const imports = checkModuleImports(
      id,
      manifest,
      compiled.imports.filter((i) => i.kind === 'function'),
    );
    if (!imports.ok) throw combine(imports.error);
    const exportsCheck = checkCapabilityExports(id, manifest, compiled.exports);
    if (!exportsCheck.ok) throw combine(exportsCheck.error);
    const missing = exportsCheck.value.map((m) => m.exportName);
    const pool = this.makePool(manifest, compiled, limits);
    const version = new PluginVersion(manifest, folder, compiled, pool.pool, missing, limits.callTimeoutMs);
    pool.bind(version);
    return version;
  }

  private makePool(
    manifest: Manifest,
    compiled: CompiledPlugin,
    limits: { memoryLimitBytes: number; pool: PoolOptions },
  ): { pool: InstancePool; bind: (version: PluginVersion) => void } {
    const id = manifest.name;
    const hostFunctions = this.options.gateway.hostFunctionsFor(manifest);
    const httpRequest = this.options.gateway.extismHttpFor(manifest);
    const logger = guestLogger(this.options.logger.child({ plugin: id, source: 'guest' }));
    let self: PluginVersion | undefined;
    const pool = new InstancePool(
      ({ timeoutMs }) =>
        this.options.engine.instantiate(compiled, {
          pluginId: id,
          config: this.options.configSource.get(id),
          hostFunctions,
          logger,
          logLevel: this.options.pluginLogLevel,
          memoryLimitBytes: limits.memoryLimitBytes,
          ...(timeoutMs === undefined ? {} : { timeoutMs }),
          ...this.options.guestOutputLimits,
          ...(httpRequest ? { httpRequest } : {}),
        }),
      limits.pool,
      {
        onSizes: (sizes) => {
          if (self && this.options.isCurrent(self)) this.options.metrics.recordPool(id, sizes);
        },
        onCloseError: (error) =>
          this.options.logger.warn('closing a plugin instance failed', { plugin: id, error: String(error) }),
      },
    );
    return { pool, bind: (version) => (self = version) };
  }
}

// The module's imports as the domain reads them, whatever the engine; bytes that are not a module are refused
// here with COMPILE_FAILED, as every engine would refuse them.
function moduleImports(pluginId: string, folder: string, wasm: Uint8Array) {
  try {
    return readModuleInfo(wasm).imports;
  } catch (cause) {
    throw new NdpError(
      'COMPILE_FAILED',
      `plugin "${pluginId}" (folder "${folder}"): plugin.wasm is not a WebAssembly module: ${(cause as Error).message}`,
      { cause, details: { pluginId, folder } },
    );
  }
}

function combine(errors: readonly NdpError[]): NdpError {
  if (errors.length === 1) return errors[0]!;
  return new NdpError(errors[0]!.code, errors.map((e) => e.message).join('\n'), {
    details: { ...errors[0]!.details, problems: errors.map((e) => e.toJSON()) },
  });
}

function guestLogger(log: Logger): PluginLogger {
  return {
    trace: (m) => log.trace(m),
    debug: (m) => log.debug(m),
    info: (m) => log.info(m),
    warn: (m) => log.warn(m),
    error: (m) => log.error(m),
  };
}
