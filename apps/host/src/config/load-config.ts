import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NdpError } from '@ndp/domain';
import { DEFAULT_MAX_TABLE_ELEMENTS } from '@ndp/ports';
import { parse, TomlError } from 'smol-toml';
import type {
  EngineName,
  ExecutorName,
  HostConfig,
  HostLogLevel,
  PluginOverrideConfig,
} from './host-config.js';
import { TomlLocator } from './toml-locator.js';
import { parseByteSize, parseDurationMs } from './units.js';

type Raw = Record<string, unknown>;
type Kind = 'string' | 'bool' | 'port' | 'count' | 'duration' | 'bytes' | 'list';

/** Where a setting's value came from, for error messages. */
interface Source {
  readonly path: readonly string[];
  readonly describe: string;
}

const ENGINES: readonly EngineName[] = ['node', 'extism'];
const EXECUTORS: readonly ExecutorName[] = ['inline', 'worker'];
const LOG_LEVELS: readonly HostLogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
const PLUGIN_LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

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
  'Plugins.Pool.MaxIdle',
  'Plugins.Pool.MaxInUse',
  'Plugins.Pool.AcquireTimeout',
  'Plugins.Pool.IdleTTL',
  // Scheduling and deadlines
  'Plugins.WorkersPerPlugin',
  'Plugins.InlineStartBudget',
  'Plugins.MaxTableElements',
  'Plugins.Pool.MaxRetainedMemory',
  'Cluster.Redis',
];
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

  const dataFolder = resolve(cwd, reader.get('DataFolder', 'string') ?? './data');
  const address = reader.get('Address', 'string') ?? '127.0.0.1';
  const port = reader.get('Port', 'port') ?? 4533;
  const baseUrl = trimSlash(reader.get('BaseURL', 'string') || `http://${hostForUrl(address)}:${port}`);
  const shareUrl = reader.get('ShareURL', 'string') || undefined;
  const engine = reader.oneOf('Plugins.Engine', ENGINES) ?? 'node';
  const agents = reader.get('Plugins.Agents', 'list') ?? reader.get('Agents', 'list') ?? [];
  const redis = reader.get('Cluster.Redis', 'string');

  const config: HostConfig = {
    file,
    dataFolder,
    address,
    port,
    baseUrl,
    shareUrl: shareUrl ? trimSlash(shareUrl) : undefined,
    adminToken: reader.get('Server.AdminToken', 'string') || undefined,
    secret: reader.get('Server.Secret', 'string') ?? '',
    logLevel: reader.oneOf('LogLevel', LOG_LEVELS) ?? 'info',
    agents,
    plugins: {
      enabled: reader.get('Plugins.Enabled', 'bool') ?? true,
      folder: resolve(cwd, reader.get('Plugins.Folder', 'string') ?? resolve(dataFolder, 'plugins')),
      cacheFolder: resolve(cwd, reader.get('Plugins.CacheFolder', 'string') ?? resolve(dataFolder, 'cache')),
      cacheSizeBytes: reader.get('Plugins.CacheSize', 'bytes') ?? 100_000_000,
      engine,
      workers: reader.get('Plugins.Workers', 'count'),
      workerSpinMs: reader.get('Plugins.WorkerSpin', 'duration') ?? 0.1,
      executor: reader.oneOf('Plugins.Executor', EXECUTORS) ?? 'inline',
      yieldSliceMs: reader.get('Plugins.YieldSlice', 'duration') ?? 5,
      callTimeoutMs: reader.get('Plugins.CallTimeout', 'duration') ?? 10_000,
      memoryLimitBytes: reader.get('Plugins.MemoryLimit', 'bytes') ?? 128 * 1024 * 1024,
      httpMaxResponseBytes: reader.get('Plugins.HttpMaxResponse', 'bytes') ?? 10 * 1024 * 1024,
      pool: {
        maxIdle: reader.get('Plugins.Pool.MaxIdle', 'count') ?? 8,
        maxInUse: reader.get('Plugins.Pool.MaxInUse', 'count') ?? 10,
        acquireTimeoutMs: reader.get('Plugins.Pool.AcquireTimeout', 'duration') ?? 5_000,
        idleTtlMs: reader.get('Plugins.Pool.IdleTTL', 'duration') ?? 60_000,
        // Scheduling and deadlines
        maxRetainedMemoryBytes: reader.get('Plugins.Pool.MaxRetainedMemory', 'bytes') ?? 64 * 1024 * 1024,
      },
      logLevel: reader.oneOf('Plugins.LogLevel', PLUGIN_LOG_LEVELS) ?? 'info',
      overrides: readOverrides(raw, reader),
      // Scheduling and deadlines
      workersPerPlugin: reader.get('Plugins.WorkersPerPlugin', 'count'),
      inlineStartBudgetMs: reader.get('Plugins.InlineStartBudget', 'duration') ?? 50,
      maxTableElements: reader.get('Plugins.MaxTableElements', 'count') ?? DEFAULT_MAX_TABLE_ELEMENTS,
    },
    cluster: redis ? { redis } : undefined,
    pluginConfig: readPluginConfig(raw, env, reader),
    warnings,
  };
  warnings.push(...unknownKeys(raw, file, locator));
  return deepFreeze(config);
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
    return this.convert(value, kind, { path, describe: this.where(path) });
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

function readOverrides(raw: Raw, reader: SettingReader): Record<string, PluginOverrideConfig> {
  const table = lookup(raw, ['Plugins', 'Overrides']);
  const out: Record<string, PluginOverrideConfig> = {};
  if (table === undefined) return out;
  for (const [id, values] of Object.entries(isTable(table) ? table : {})) {
    const base = ['Plugins', 'Overrides', id];
    const get = (key: string, kind: 'duration' | 'bytes') => {
      const value = isTable(values) ? values[key] : undefined;
      const path = [...base, key];
      return value === undefined
        ? undefined
        : (reader.convert(value, kind, { path, describe: reader.where(path) }) as number);
    };
    const callTimeoutMs = get('CallTimeout', 'duration');
    const memoryLimitBytes = get('MemoryLimit', 'bytes');
    const executorValue = isTable(values) ? values['Executor'] : undefined;
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

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
