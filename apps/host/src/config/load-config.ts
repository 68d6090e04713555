import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { NdpError, deepFreeze } from '@ndp/domain';
import { parse, TomlError } from 'smol-toml';
import type {
  ClusterConfig,
  GuestOutputConfig,
  HostConfig,
  HostLogLevel,
  PluginOverrideConfig,
} from './host-config.js';
import { ENGINES, EXECUTORS, HOST_DEFAULTS } from './defaults.js';
import { TomlLocator } from './toml-locator.js';
import { parseByteSize, parseDurationMs } from './units.js';

type Raw = Record<string, unknown>;
type Kind = 'string' | 'bool' | 'port' | 'count' | 'duration' | 'bytes' | 'list';

const EXPECTED = {
  bool: 'true or false (without quotes)',
  port: 'a port number (0-65535, without quotes)',
  count: 'a whole number ≥ 1 (without quotes)',
} as const;

/** Where a setting's value came from, for error messages. */
interface Source {
  readonly path: readonly string[];
  readonly describe: string;
}

const LOG_LEVELS: readonly HostLogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
const PLUGIN_LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
const D = HOST_DEFAULTS.plugins;
const G = HOST_DEFAULTS.plugins.guestOutput;

/** Every known key, as written in TOML; the environment variable is `NDP_` + the path joined by `_`, upper-cased. */
const KNOWN = [
  'DataFolder',
  'Address',
  'Port',
  'BaseURL',
  'ShareURL',
  'LogLevel',
  'Agents',
  'Server.AdminToken',
  'Server.Secret',
  'Plugins.Enabled',
  'Plugins.Folder',
  'Plugins.CacheFolder',
  'Plugins.CacheSize',
  'Plugins.Engine',
  'Plugins.Workers',
  'Plugins.WorkerSpin',
  'Plugins.Executor',
  'Plugins.YieldSlice',
  'Plugins.CallTimeout',
  'Plugins.MemoryLimit',
  'Plugins.HttpMaxResponse',
  'Plugins.LogLevel',
  'Plugins.Agents',
  'Plugins.AutoReload',
  'Plugins.AutoReloadDelay',
  'Plugins.RequireApproval',
  'Plugins.Pool.MaxIdle',
  'Plugins.Pool.MaxInUse',
  'Plugins.Pool.AcquireTimeout',
  'Plugins.Pool.IdleTTL',
  // Load checks (docs/limits.md, "Deadlines and load checks")
  'Plugins.MaxManifestSize',
  'Plugins.MaxManifestDepth',
  // What one call may hand the host (docs/limits.md, "Output, errors and logs").
  'Plugins.MaxOutputSize',
  'Plugins.MaxErrorSize',
  'Plugins.MaxLogLinesPerCall',
  'Plugins.MaxLogSizePerCall',
  // Scheduling and deadlines
  'Plugins.WorkersPerPlugin',
  'Plugins.InlineStartBudget',
  'Plugins.MaxTableElements',
  'Plugins.Pool.MaxRetainedMemory',
  'Cluster.Redis',
  'Cluster.Prefix',
  'Cluster.NodeName',
  'Cluster.CommandTimeout',
  'Cluster.FiringLock',
  'Cluster.StalledCheck',
];
/** The keys of a `[Plugins.Overrides.<id>]` table. */
const OVERRIDE_KEYS = ['CallTimeout', 'MemoryLimit', 'Executor'];

/** Tables whose keys are user data (plugin ids, config keys), checked by their own rules. */
const OPEN_TABLES = ['PluginConfig', 'Plugins.Overrides'];

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** The config file; undefined = defaults and environment only. */
  readonly file?: string;
  /** Environment variables (`NDP_*` are read). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Folder relative paths are resolved against. */
  readonly cwd?: string;
}

/**
 * Reads `ndp.toml` and the `NDP_*` environment overrides into a frozen {@link HostConfig}. Environment variables
 * win over the file: `NDP_PORT`, `NDP_PLUGINS_FOLDER`, `NDP_PLUGINS_POOL_MAXIDLE`, ... (the TOML path joined with `_`,
 * upper-cased), and map options too: `NDP_PLUGINCONFIG_<ID>_<KEY>` sets `[PluginConfig.<id>] <key>`.
 * Throws NdpError CONFIG_INVALID whose message names the file, the line and the key, or the environment variable,
 * and what was expected.
 */
export function loadConfig(options: LoadConfigOptions = {}): HostConfig {
  const env = options.env ?? {};
  const cwd = options.cwd ?? process.cwd();
  const file = options.file ? resolve(cwd, options.file) : undefined;
  const text = file ? readConfigFile(file) : '';
  let raw: Raw;
  try {
    raw = parse(text) as Raw;
  } catch (e) {
    const where = e instanceof TomlError ? `${file}:${e.line}:${e.column}` : file;
    throw new NdpError('CONFIG_INVALID', `${where}: not valid TOML: ${(e as Error).message.split('\n')[0]}`, {
      cause: e,
      details: { file },
    });
  }
  const locator = new TomlLocator(text);
  const warnings: string[] = [];
  const reader = new SettingReader(raw, env, file, locator);

  const dataFolder = resolve(cwd, reader.get('DataFolder', 'string') ?? HOST_DEFAULTS.dataFolder);
  const address = reader.get('Address', 'string') ?? HOST_DEFAULTS.address;
  const port = reader.get('Port', 'port') ?? HOST_DEFAULTS.port;
  const portOrigin = reader.origin('Port');
  const baseUrl = trimSlash(reader.get('BaseURL', 'string') || `http://${hostForUrl(address)}:${port}`);
  const shareUrl = reader.get('ShareURL', 'string') || undefined;
  const engine = reader.oneOf('Plugins.Engine', ENGINES) ?? D.engine;
  const agents = reader.get('Plugins.Agents', 'list') ?? reader.get('Agents', 'list') ?? [];

  const config: HostConfig = {
    file,
    dataFolder,
    address,
    port,
    portOrigin,
    baseUrl,
    shareUrl: shareUrl ? trimSlash(shareUrl) : undefined,
    adminToken: reader.get('Server.AdminToken', 'string') || undefined,
    secret: reader.get('Server.Secret', 'string') ?? '',
    logLevel: reader.oneOf('LogLevel', LOG_LEVELS) ?? HOST_DEFAULTS.logLevel,
    agents,
    plugins: {
      enabled: reader.get('Plugins.Enabled', 'bool') ?? D.enabled,
      folder: resolve(cwd, reader.get('Plugins.Folder', 'string') ?? resolve(dataFolder, D.folderName)),
      cacheFolder: resolve(
        cwd,
        reader.get('Plugins.CacheFolder', 'string') ?? resolve(dataFolder, D.cacheFolderName),
      ),
      cacheSizeBytes: reader.get('Plugins.CacheSize', 'bytes') ?? D.cacheSizeBytes,
      engine,
      workers: reader.get('Plugins.Workers', 'count'),
      workerSpinMs: reader.get('Plugins.WorkerSpin', 'duration') ?? D.workerSpinMs,
      executor: reader.oneOf('Plugins.Executor', EXECUTORS) ?? D.executor,
      yieldSliceMs: reader.get('Plugins.YieldSlice', 'duration') ?? D.yieldSliceMs,
      callTimeoutMs: reader.get('Plugins.CallTimeout', 'duration') ?? D.callTimeoutMs,
      memoryLimitBytes: reader.get('Plugins.MemoryLimit', 'bytes') ?? D.memoryLimitBytes,
      httpMaxResponseBytes: reader.get('Plugins.HttpMaxResponse', 'bytes') ?? D.httpMaxResponseBytes,
      pool: {
        maxIdle: reader.get('Plugins.Pool.MaxIdle', 'count') ?? D.pool.maxIdle,
        maxInUse: reader.get('Plugins.Pool.MaxInUse', 'count') ?? D.pool.maxInUse,
        acquireTimeoutMs: reader.get('Plugins.Pool.AcquireTimeout', 'duration') ?? D.pool.acquireTimeoutMs,
        idleTtlMs: reader.get('Plugins.Pool.IdleTTL', 'duration') ?? D.pool.idleTtlMs,
        // Scheduling and deadlines
        maxRetainedMemoryBytes:
          reader.get('Plugins.Pool.MaxRetainedMemory', 'bytes') ?? D.pool.maxRetainedMemoryBytes,
      },
      logLevel: reader.oneOf('Plugins.LogLevel', PLUGIN_LOG_LEVELS) ?? D.logLevel,
      maxManifestBytes: reader.get('Plugins.MaxManifestSize', 'bytes') ?? D.maxManifestBytes,
      maxManifestDepth: reader.get('Plugins.MaxManifestDepth', 'count') ?? D.maxManifestDepth,
      overrides: readOverrides(raw, reader, warnings),
      autoReload: reader.get('Plugins.AutoReload', 'bool') ?? D.autoReload,
      autoReloadDelayMs: reader.get('Plugins.AutoReloadDelay', 'duration') ?? D.autoReloadDelayMs,
      requireApproval: reader.get('Plugins.RequireApproval', 'bool') ?? D.requireApproval,
      guestOutput: readGuestOutput(reader),
      // Scheduling and deadlines
      workersPerPlugin: reader.get('Plugins.WorkersPerPlugin', 'count'),
      inlineStartBudgetMs: reader.get('Plugins.InlineStartBudget', 'duration') ?? D.inlineStartBudgetMs,
      maxTableElements: reader.get('Plugins.MaxTableElements', 'count') ?? D.maxTableElements,
    },
    cluster: readCluster(reader, port),
    pluginConfig: readPluginConfig(raw, env, reader),
    warnings,
  };
  warnings.unshift(...unknownKeys(raw, file, locator));
  return deepFreeze(config);
}

/** `[Cluster]`: present only with a `Redis` URL (single node otherwise, whatever else the table holds). */
function readCluster(reader: SettingReader, port: number): ClusterConfig | undefined {
  const redis = reader.get('Cluster.Redis', 'string')?.trim();
  if (!redis) return undefined;
  const source = (key: string) => ({ path: ['Cluster', key], describe: reader.where(['Cluster', key]) });
  let url: URL | undefined;
  try {
    url = new URL(redis);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname)
    reader.fail(source('Redis'), 'a URL like "redis://host:6379" or "rediss://host:6380"', redis);
  const prefix = reader.get('Cluster.Prefix', 'string')?.trim() ?? HOST_DEFAULTS.cluster.prefix;
  // The prefix is the first segment of every Redis key and channel: no separator or space inside it.
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(prefix))
    reader.fail(source('Prefix'), '1-64 letters, digits, "_", "." or "-"', prefix);
  const nodeName = reader.get('Cluster.NodeName', 'string')?.trim() || `${hostname()}:${port}`;
  if (nodeName.length > 200 || /\s/.test(nodeName))
    reader.fail(source('NodeName'), 'a name without spaces, at most 200 characters', nodeName);
  // BullMQ wants whole milliseconds of at least 1: a firing lock or stall check of "0s" would never hold.
  const interval = (key: string, fallback: number): number => {
    const value = reader.get(`Cluster.${key}`, 'duration');
    if (value === undefined) return fallback;
    if (value < 1) reader.fail(source(key), 'a duration of at least 1ms', value);
    return Math.round(value);
  };
  return {
    redis,
    prefix,
    nodeName,
    commandTimeoutMs:
      reader.get('Cluster.CommandTimeout', 'duration') ?? HOST_DEFAULTS.cluster.commandTimeoutMs,
    firingLockMs: interval('FiringLock', HOST_DEFAULTS.cluster.firingLockMs),
    stalledCheckMs: interval('StalledCheck', HOST_DEFAULTS.cluster.stalledCheckMs),
  };
}

/** What one call may hand the host: output, error text, log volume (docs/limits.md). Every cap is at least 1. */
function readGuestOutput(reader: SettingReader): GuestOutputConfig {
  const positiveBytes = (key: string, fallback: number): number => {
    const value = reader.get(key, 'bytes');
    if (value === undefined) return fallback;
    const path = key.split('.');
    if (value < 1) reader.fail({ path, describe: reader.where(path) }, 'a size of at least 1 byte', value);
    return value;
  };
  return {
    maxOutputBytes: positiveBytes('Plugins.MaxOutputSize', G.maxOutputBytes),
    maxErrorBytes: positiveBytes('Plugins.MaxErrorSize', G.maxErrorBytes),
    maxLogLinesPerCall: reader.get('Plugins.MaxLogLinesPerCall', 'count') ?? G.maxLogLinesPerCall,
    maxLogBytesPerCall: positiveBytes('Plugins.MaxLogSizePerCall', G.maxLogBytesPerCall),
  };
}

function readConfigFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new NdpError('CONFIG_INVALID', `cannot read the config file ${file}: ${(e as Error).message}`, {
      cause: e,
      details: { file },
    });
  }
}

class SettingReader {
  constructor(
    private readonly raw: Raw,
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly file: string | undefined,
    private readonly locator: TomlLocator,
  ) {}

  get(key: string, kind: 'string'): string | undefined;
  get(key: string, kind: 'bool'): boolean | undefined;
  get(key: string, kind: 'port' | 'count' | 'duration' | 'bytes'): number | undefined;
  get(key: string, kind: 'list'): string[] | undefined;
  get(key: string, kind: Kind): unknown {
    const path = key.split('.');
    const envName = `NDP_${path.join('_').toUpperCase()}`;
    const fromEnv = this.env[envName];
    if (fromEnv !== undefined)
      return this.convert(fromEnv, kind, { path, describe: `environment variable ${envName}` });
    const value = lookup(this.raw, path);
    if (value === undefined) return undefined;
    // TOML has types: `Port = "4533"` is a string where a number belongs, a mistake worth naming (environment
    // variables are text by nature, so only they are converted).
    if (typeof value === 'string' && (kind === 'port' || kind === 'count' || kind === 'bool'))
      return this.fail({ path, describe: this.where(path) }, EXPECTED[kind], value);
    return this.convert(value, kind, { path, describe: this.where(path) });
  }

  /** Where a setting is taken from, for messages: `file:line: Key`, the environment variable, or the default. */
  origin(key: string): string {
    const path = key.split('.');
    const envName = `NDP_${path.join('_').toUpperCase()}`;
    if (this.env[envName] !== undefined) return `environment variable ${envName}`;
    if (lookup(this.raw, path) !== undefined) return this.where(path);
    return `${key} (default)`;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.get(key, 'string');
    if (value === undefined) return undefined;
    const match = allowed.find((a) => a === value.toLowerCase());
    if (!match)
      this.fail(
        { path: key.split('.'), describe: this.where(key.split('.')) },
        `one of ${allowed.map((a) => `"${a}"`).join(', ')}`,
        value,
      );
    return match;
  }

  where(path: readonly string[]): string {
    const line = this.locator.lineOf(path);
    return `${this.file ?? 'config'}${line ? `:${line}` : ''}: ${path.join('.')}`;
  }

  convert(value: unknown, kind: Kind, source: Source): unknown {
    const text = typeof value === 'string' ? value : undefined;
    switch (kind) {
      case 'string':
        if (typeof value === 'string') return value;
        return this.fail(source, 'a string', value);
      case 'bool':
        if (typeof value === 'boolean') return value;
        if (text !== undefined && /^(true|false)$/i.test(text.trim()))
          return text.trim().toLowerCase() === 'true';
        return this.fail(source, 'true or false', value);
      case 'port':
      case 'count': {
        const n =
          typeof value === 'number' || typeof value === 'bigint'
            ? Number(value)
            : text !== undefined
              ? Number(text)
              : NaN;
        const ok = Number.isInteger(n) && (kind === 'port' ? n >= 0 && n <= 65535 : n >= 1);
        return ok
          ? n
          : this.fail(source, kind === 'port' ? 'a port number (0-65535)' : 'a whole number ≥ 1', value);
      }
      case 'duration': {
        const ms =
          typeof value === 'number' || typeof value === 'string' ? parseDurationMs(value) : undefined;
        return ms ?? this.fail(source, 'a duration like "10s", "1m30s" or "500ms"', value);
      }
      case 'bytes': {
        const bytes =
          typeof value === 'number' || typeof value === 'string' ? parseByteSize(value) : undefined;
        return bytes ?? this.fail(source, 'a size like "100MB", "64MiB" or a number of bytes', value);
      }
      case 'list':
        if (typeof value === 'string')
          return value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
        if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
          return value.map((v) => v.trim());
        return this.fail(source, 'a comma-separated list of names', value);
    }
  }

  fail(source: Source, expected: string, got: unknown): never {
    throw new NdpError(
      'CONFIG_INVALID',
      `${source.describe}: expected ${expected}, got ${JSON.stringify(got)}`,
      {
        details: { file: this.file, path: source.path.join('.') },
      },
    );
  }
}

function readPluginConfig(
  raw: Raw,
  env: Readonly<Record<string, string | undefined>>,
  reader: SettingReader,
): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  const table = lookup(raw, ['PluginConfig']);
  if (table !== undefined && !isTable(table))
    reader.fail({ path: ['PluginConfig'], describe: reader.where(['PluginConfig']) }, 'a table', table);
  for (const [id, values] of Object.entries((table as Raw | undefined) ?? {})) {
    if (!isTable(values))
      reader.fail(
        { path: ['PluginConfig', id], describe: reader.where(['PluginConfig', id]) },
        'a table of settings',
        values,
      );
    out[id] = {};
    for (const [key, value] of Object.entries(values)) {
      const path = ['PluginConfig', id, key];
      if (!['string', 'number', 'boolean', 'bigint'].includes(typeof value)) {
        reader.fail({ path, describe: reader.where(path) }, 'a string, number or boolean', value);
      }
      out[id][key.toLowerCase()] = String(value);
    }
  }
  // NDP_PLUGINCONFIG_<ID>_<KEY>: the id is matched against the known ids (with - and . written as _), longest
  // first, so ids that contain underscores still split correctly; an unknown id takes the first segment.
  const prefix = 'NDP_PLUGINCONFIG_';
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(prefix) || value === undefined) continue;
    const rest = name.slice(prefix.length);
    const known = Object.keys(out)
      .map((id) => ({ id, env: id.toUpperCase().replace(/[^A-Z0-9]/g, '_') }))
      .sort((a, b) => b.env.length - a.env.length)
      .find((k) => rest.startsWith(`${k.env}_`) && rest.length > k.env.length + 1);
    const id = known ? known.id : rest.split('_')[0]!.toLowerCase();
    const key = (known ? rest.slice(known.env.length + 1) : rest.slice(rest.indexOf('_') + 1)).toLowerCase();
    if (!id || !key || rest.indexOf('_') < 0) {
      throw new NdpError(
        'CONFIG_INVALID',
        `environment variable ${name}: expected NDP_PLUGINCONFIG_<ID>_<KEY>`,
      );
    }
    (out[id] ??= {})[key] = value;
  }
  return out;
}

function readOverrides(
  raw: Raw,
  reader: SettingReader,
  warnings: string[],
): Record<string, PluginOverrideConfig> {
  const table = lookup(raw, ['Plugins', 'Overrides']);
  const out: Record<string, PluginOverrideConfig> = {};
  if (table === undefined) return out;
  if (!isTable(table))
    reader.fail(
      { path: ['Plugins', 'Overrides'], describe: reader.where(['Plugins', 'Overrides']) },
      'a table of [Plugins.Overrides.<plugin id>] tables',
      table,
    );
  for (const [id, values] of Object.entries(table)) {
    const base = ['Plugins', 'Overrides', id];
    if (!isTable(values))
      reader.fail(
        { path: base, describe: reader.where(base) },
        `a table of ${OVERRIDE_KEYS.join(', ')}`,
        values,
      );
    for (const key of Object.keys(values)) {
      if (!OVERRIDE_KEYS.some((k) => k.toLowerCase() === key.toLowerCase())) {
        const path = [...base, key];
        warnings.push(
          `${reader.where(path).replace(/: [^:]*$/, '')}: unknown setting ${path.join('.')} (ignored; an override may set ${OVERRIDE_KEYS.join(', ')})`,
        );
      }
    }
    const get = (key: string, kind: 'duration' | 'bytes') => {
      const value = lookup(values, [key]);
      const path = [...base, key];
      return value === undefined
        ? undefined
        : (reader.convert(value, kind, { path, describe: reader.where(path) }) as number);
    };
    const callTimeoutMs = get('CallTimeout', 'duration');
    const memoryLimitBytes = get('MemoryLimit', 'bytes');
    const executorValue = lookup(values, ['Executor']);
    const path = [...base, 'Executor'];
    const executor =
      executorValue === undefined
        ? undefined
        : (EXECUTORS.find((e) => e === executorValue) ??
          reader.fail({ path, describe: reader.where(path) }, 'one of "inline", "worker"', executorValue));
    out[id] = {
      ...(callTimeoutMs !== undefined ? { callTimeoutMs } : {}),
      ...(memoryLimitBytes !== undefined ? { memoryLimitBytes } : {}),
      ...(executor !== undefined ? { executor } : {}),
    };
  }
  return out;
}

function unknownKeys(raw: Raw, file: string | undefined, locator: TomlLocator): string[] {
  const known = new Set(KNOWN.map((k) => k.toLowerCase()));
  const open = OPEN_TABLES.map((t) => t.toLowerCase());
  const out: string[] = [];
  const walk = (table: Raw, path: string[]) => {
    for (const [key, value] of Object.entries(table)) {
      const p = [...path, key];
      const dotted = p.join('.').toLowerCase();
      if (open.includes(dotted) || known.has(dotted)) continue;
      if (isTable(value) && [...known, ...open].some((k) => k.startsWith(`${dotted}.`))) walk(value, p);
      else {
        const line = locator.lineOf(p);
        out.push(`${file ?? 'config'}${line ? `:${line}` : ''}: unknown setting ${p.join('.')} (ignored)`);
      }
    }
  };
  walk(raw, []);
  return out;
}

function lookup(raw: Raw, path: readonly string[]): unknown {
  let node: unknown = raw;
  for (const part of path) {
    if (!isTable(node)) return undefined;
    const key = Object.keys(node).find((k) => k.toLowerCase() === part.toLowerCase());
    if (key === undefined) return undefined;
    node = node[key];
  }
  return node;
}

function isTable(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function hostForUrl(address: string): string {
  if (address === '0.0.0.0' || address === '::') return '127.0.0.1';
  return address.includes(':') ? `[${address}]` : address;
}
