import { resolve } from 'node:path';
import { NdpError } from '@ndp/domain';
import type { Cache, Logger, Scheduler } from '@ndp/ports';
import { ENGINES, EXECUTORS, HOST_DEFAULTS } from '../config/defaults.js';
import type {
  EngineName,
  ExecutorName,
  GuestOutputConfig,
  HostConfig,
  PluginOverrideConfig,
  PoolConfig,
} from '../config/host-config.js';

/** The numeric plugin limits an embedding application may set (each as `ndp.toml`'s `[Plugins]` sets it). */
export interface PluginHostLimits {
  /** `Plugins.CallTimeout`: one call's deadline. Default 10 s. */
  readonly callTimeoutMs?: number;
  /** `Plugins.MemoryLimit`: linear memory of one instance. Default 128 MiB. */
  readonly memoryLimitBytes?: number;
  /** `Plugins.HttpMaxResponse`: the largest upstream answer a plugin may read. Default 10 MiB. */
  readonly httpMaxResponseBytes?: number;
  /** `Plugins.MaxManifestSize`. Default 256 KiB. */
  readonly maxManifestBytes?: number;
  /** `Plugins.MaxManifestDepth`. Default 32. */
  readonly maxManifestDepth?: number;
  /** `Plugins.MaxTableElements`. Default 100,000. */
  readonly maxTableElements?: number;
  /** `Plugins.CacheSize`: the module cache is purged to this size at start; 0 disables purging. Default 100 MB. */
  readonly cacheSizeBytes?: number;
  /** `Plugins.Workers`: worker threads of the Node engine's worker executor. Default: the cores. */
  readonly workers?: number;
  /** `Plugins.WorkersPerPlugin`. Default half the workers, at least 1. */
  readonly workersPerPlugin?: number;
  /** `Plugins.WorkerSpin` in milliseconds. Default 0 (no polling; each side sleeps on the channel at once). */
  readonly workerSpinMs?: number;
  /** `Plugins.YieldSlice`. Default 5 ms. */
  readonly yieldSliceMs?: number;
  /** `Plugins.InlineStartBudget`. Default 50 ms. */
  readonly inlineStartBudgetMs?: number;
  /** `[Plugins.Pool]`: each key defaults separately. */
  readonly pool?: Partial<PoolConfig>;
  /** `Plugins.MaxOutputSize`, `MaxErrorSize`, `MaxLogLinesPerCall`, `MaxLogSizePerCall`. */
  readonly guestOutput?: Partial<GuestOutputConfig>;
}

/** Options of `createPluginHost`; every one is optional and defaults as the host app (`ndp.toml`) defaults it. */
export interface PluginHostOptions {
  /** `DataFolder`: plugin state, saved settings, the artwork secret. Default `./data` (of the working directory). */
  readonly dataFolder?: string;
  /** `Plugins.Folder`: one sub-folder per plugin. Default `<dataFolder>/plugins`. */
  readonly pluginsFolder?: string;
  /** `Plugins.CacheFolder`: compiled modules. Default `<dataFolder>/cache`. */
  readonly cacheFolder?: string;
  /** `Plugins.Engine`. Default `node`. */
  readonly engine?: EngineName;
  /** `Plugins.Executor` (Node engine). Default `inline`. */
  readonly executor?: ExecutorName;
  /** `Agents`: MetadataAgent plugin ids in order of preference. Default none. */
  readonly agents?: readonly string[];
  /** `[PluginConfig.<id>]`: each plugin's settings (keys are lower-cased, as the config loader does). */
  readonly pluginConfig?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** `[Plugins.Overrides.<id>]`: per-plugin call timeout, memory limit, executor. */
  readonly overrides?: Readonly<Record<string, PluginOverrideConfig>>;
  readonly limits?: PluginHostLimits;
  /** `Plugins.LogLevel`: guest log lines below it are dropped. Default `info`. */
  readonly pluginLogLevel?: HostConfig['plugins']['logLevel'];
  /** `Plugins.RequireApproval`. Default false. */
  readonly requireApproval?: boolean;
  /** `Server.Secret` (signs artwork URLs). Default: generated once and kept in `<dataFolder>/.secret`. */
  readonly secret?: string;
  /** `BaseURL`: where artwork URLs point. Default `http://127.0.0.1:4533`. */
  readonly baseUrl?: string;
  /** Where the host logs. Default: pino on stderr at `info`. */
  readonly logger?: Logger;
  /** Replaces the local in-memory cache plugins use (e.g. a Redis cache of `@ndp/adapters-redis`). */
  readonly cache?: Cache;
  /** Replaces the local scheduler plugins use. */
  readonly scheduler?: Scheduler;
  /** Folder relative paths are resolved against. Default the working directory. */
  readonly cwd?: string;
}

const OPTION_NAMES = [
  'dataFolder',
  'pluginsFolder',
  'cacheFolder',
  'engine',
  'executor',
  'agents',
  'pluginConfig',
  'overrides',
  'limits',
  'pluginLogLevel',
  'requireApproval',
  'secret',
  'baseUrl',
  'logger',
  'cache',
  'scheduler',
  'cwd',
] as const satisfies readonly (keyof PluginHostOptions)[];

const LIMIT_NAMES = [
  'callTimeoutMs',
  'memoryLimitBytes',
  'httpMaxResponseBytes',
  'maxManifestBytes',
  'maxManifestDepth',
  'maxTableElements',
  'cacheSizeBytes',
  'workers',
  'workersPerPlugin',
  'workerSpinMs',
  'yieldSliceMs',
  'inlineStartBudgetMs',
  'pool',
  'guestOutput',
] as const satisfies readonly (keyof PluginHostLimits)[];

/** Limits that may be 0 (off); every other limit is at least 1. */
const ZERO_ALLOWED = new Set(['cacheSizeBytes', 'workerSpinMs', 'yieldSliceMs']);
/** Limits that count things (threads, instances, lines, elements): whole numbers. */
const WHOLE = new Set([
  'workers',
  'workersPerPlugin',
  'maxManifestDepth',
  'maxTableElements',
  'maxIdle',
  'maxInUse',
  'maxLogLinesPerCall',
]);
const PLUGIN_LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

/**
 * The {@link HostConfig} of an embedded host: the options over {@link HOST_DEFAULTS}. Throws NdpError
 * CONFIG_INVALID naming the option (`createPluginHost: limits.pool.maxIdle: ...`) and what was expected.
 */
export function hostConfigFromOptions(options: PluginHostOptions): HostConfig {
  if (typeof options !== 'object' || options === null) fail('options', 'an object', options);
  known(options, OPTION_NAMES, '');
  const cwd = optionalString(options.cwd, 'cwd') ?? process.cwd();
  const dataFolder = resolve(
    cwd,
    optionalString(options.dataFolder, 'dataFolder') ?? HOST_DEFAULTS.dataFolder,
  );
  const D = HOST_DEFAULTS.plugins;
  const limits = options.limits ?? {};
  if (typeof limits !== 'object' || limits === null) fail('limits', 'an object', limits);
  known(limits, LIMIT_NAMES, 'limits.');
  const limit = (name: Exclude<(typeof LIMIT_NAMES)[number], 'pool' | 'guestOutput'>) =>
    number(limits[name], `limits.${name}`, ZERO_ALLOWED.has(name) ? 0 : 1);
  const baseUrl = optionalString(options.baseUrl, 'baseUrl');
  for (const name of ['logger', 'cache', 'scheduler'] as const) {
    const value = options[name];
    if (value !== undefined && (typeof value !== 'object' || value === null))
      fail(name, `an object implementing the ${name} port of @ndp/ports`, value);
  }
  if (options.requireApproval !== undefined && typeof options.requireApproval !== 'boolean')
    fail('requireApproval', 'true or false', options.requireApproval);
  return {
    file: undefined,
    dataFolder,
    address: HOST_DEFAULTS.address,
    port: HOST_DEFAULTS.port,
    portOrigin: 'Port (default)',
    baseUrl: (baseUrl ?? `http://${HOST_DEFAULTS.address}:${HOST_DEFAULTS.port}`).replace(/\/+$/, ''),
    shareUrl: undefined,
    adminToken: undefined,
    secret: optionalString(options.secret, 'secret') ?? '',
    logLevel: HOST_DEFAULTS.logLevel,
    agents: stringList(options.agents, 'agents'),
    plugins: {
      enabled: D.enabled,
      folder: resolve(
        cwd,
        optionalString(options.pluginsFolder, 'pluginsFolder') ?? resolve(dataFolder, D.folderName),
      ),
      cacheFolder: resolve(
        cwd,
        optionalString(options.cacheFolder, 'cacheFolder') ?? resolve(dataFolder, D.cacheFolderName),
      ),
      cacheSizeBytes: limit('cacheSizeBytes') ?? D.cacheSizeBytes,
      engine: oneOf(options.engine, ENGINES, 'engine') ?? D.engine,
      workers: limit('workers'),
      workerSpinMs: limit('workerSpinMs') ?? D.workerSpinMs,
      executor: oneOf(options.executor, EXECUTORS, 'executor') ?? D.executor,
      yieldSliceMs: limit('yieldSliceMs') ?? D.yieldSliceMs,
      callTimeoutMs: limit('callTimeoutMs') ?? D.callTimeoutMs,
      memoryLimitBytes: limit('memoryLimitBytes') ?? D.memoryLimitBytes,
      httpMaxResponseBytes: limit('httpMaxResponseBytes') ?? D.httpMaxResponseBytes,
      pool: numbers(limits.pool, D.pool, 'limits.pool'),
      logLevel: oneOf(options.pluginLogLevel, PLUGIN_LOG_LEVELS, 'pluginLogLevel') ?? D.logLevel,
      maxManifestBytes: limit('maxManifestBytes') ?? D.maxManifestBytes,
      maxManifestDepth: limit('maxManifestDepth') ?? D.maxManifestDepth,
      guestOutput: numbers(limits.guestOutput, D.guestOutput, 'limits.guestOutput'),
      overrides: overrides(options.overrides),
      // Reloading watches `ndp.toml`, which an embedded host does not have.
      autoReload: false,
      autoReloadDelayMs: D.autoReloadDelayMs,
      requireApproval: options.requireApproval ?? D.requireApproval,
      workersPerPlugin: limit('workersPerPlugin'),
      inlineStartBudgetMs: limit('inlineStartBudgetMs') ?? D.inlineStartBudgetMs,
      maxTableElements: limit('maxTableElements') ?? D.maxTableElements,
    },
    cluster: undefined,
    pluginConfig: pluginConfig(options.pluginConfig),
    warnings: [],
  };
}

function fail(option: string, expected: string, got: unknown): never {
  const shown = typeof got === 'function' ? 'a function' : (JSON.stringify(got) ?? String(got));
  throw new NdpError('CONFIG_INVALID', `createPluginHost: ${option}: expected ${expected}, got ${shown}`, {
    details: { path: option },
  });
}

function known(value: object, names: readonly string[], prefix: string): void {
  for (const key of Object.keys(value)) {
    if (!names.includes(key))
      throw new NdpError(
        'CONFIG_INVALID',
        `createPluginHost: unknown option ${prefix}${key} (known: ${names.map((n) => prefix + n).join(', ')})`,
        { details: { path: `${prefix}${key}` } },
      );
  }
}

function optionalString(value: unknown, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') fail(option, 'a non-empty string', value);
  return value;
}

function number(value: unknown, option: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const whole = WHOLE.has(option.slice(option.lastIndexOf('.') + 1));
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    (whole && !Number.isInteger(value))
  )
    fail(option, `${whole ? 'a whole number' : 'a number'} ≥ ${min}`, value);
  return value;
}

function numbers<T extends object>(value: unknown, defaults: T, option: string): T {
  if (value === undefined) return { ...defaults };
  if (typeof value !== 'object' || value === null) fail(option, 'an object', value);
  known(value, Object.keys(defaults), `${option}.`);
  const out: Record<string, number> = { ...(defaults as Record<string, number>) };
  for (const [key, v] of Object.entries(value)) out[key] = number(v, `${option}.${key}`, 1) ?? out[key]!;
  return out as T;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined;
  const match = allowed.find((a) => a === value);
  return match ?? fail(option, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, value);
}

function stringList(value: unknown, option: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.trim() !== ''))
    fail(option, 'an array of plugin ids', value);
  return value.map((v: string) => v.trim());
}

function pluginConfig(value: unknown): Record<string, Record<string, string>> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null) fail('pluginConfig', 'an object of plugin ids', value);
  const out: Record<string, Record<string, string>> = {};
  for (const [id, map] of Object.entries(value)) {
    if (typeof map !== 'object' || map === null) fail(`pluginConfig.${id}`, 'an object of strings', map);
    out[id] = {};
    for (const [key, v] of Object.entries(map)) {
      if (typeof v !== 'string') fail(`pluginConfig.${id}.${key}`, 'a string', v);
      out[id][key.toLowerCase()] = v;
    }
  }
  return out;
}

function overrides(value: unknown): Record<string, PluginOverrideConfig> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null) fail('overrides', 'an object of plugin ids', value);
  const out: Record<string, PluginOverrideConfig> = {};
  for (const [id, o] of Object.entries(value)) {
    const at = `overrides.${id}`;
    if (typeof o !== 'object' || o === null) fail(at, 'an object', o);
    known(o, ['callTimeoutMs', 'memoryLimitBytes', 'executor'], `${at}.`);
    const callTimeoutMs = number((o as PluginOverrideConfig).callTimeoutMs, `${at}.callTimeoutMs`, 1);
    const memoryLimitBytes = number(
      (o as PluginOverrideConfig).memoryLimitBytes,
      `${at}.memoryLimitBytes`,
      1,
    );
    const executor = oneOf((o as PluginOverrideConfig).executor, EXECUTORS, `${at}.executor`);
    out[id] = {
      ...(callTimeoutMs !== undefined ? { callTimeoutMs } : {}),
      ...(memoryLimitBytes !== undefined ? { memoryLimitBytes } : {}),
      ...(executor !== undefined ? { executor } : {}),
    };
  }
  return out;
}
