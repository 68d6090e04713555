import { DEFAULT_LIMITS, DEFAULT_POOL_OPTIONS } from '@ndp/application';
import { DEFAULT_MANIFEST_LIMITS } from '@ndp/domain';
import { DEFAULT_GUEST_OUTPUT_LIMITS, DEFAULT_MAX_TABLE_ELEMENTS } from '@ndp/ports';
import type { EngineName, ExecutorName, GuestOutputConfig, HostLogLevel, PoolConfig } from './host-config.js';

/** The engines that run plugin code. */
export const ENGINES: readonly EngineName[] = ['node', 'extism'];
/** Where the Node engine runs guest code. */
export const EXECUTORS: readonly ExecutorName[] = ['inline', 'worker'];

/**
 * The host's defaults, in one place: `loadConfig` falls back to them for every setting `ndp.toml` and the
 * environment leave out, and `createPluginHost` for every option an embedding application leaves out, so the
 * host app and an embedded host behave alike. Folders are relative to the working directory. The plugin limits
 * are the libraries' own defaults (the plugin manager's, the pool's, the manifest parser's, the engines'), taken
 * from them rather than restated.
 */
export const HOST_DEFAULTS = Object.freeze({
  dataFolder: './data',
  /** The admin API is not for the open network. */
  address: '127.0.0.1',
  port: 4533,
  logLevel: 'info' as HostLogLevel,
  plugins: Object.freeze({
    enabled: true,
    /** Below the data folder: {@link defaultPluginsFolder}. */
    folderName: 'plugins',
    cacheFolderName: 'cache',
    cacheSizeBytes: 100_000_000,
    engine: 'node' as EngineName,
    /** Futex-only: polling pays only with a spare core, and takes the core the other side needs when there is none. */
    workerSpinMs: 0,
    executor: 'inline' as ExecutorName,
    yieldSliceMs: 5,
    callTimeoutMs: DEFAULT_LIMITS.callTimeoutMs,
    memoryLimitBytes: DEFAULT_LIMITS.memoryLimitBytes,
    httpMaxResponseBytes: DEFAULT_LIMITS.httpMaxResponseBytes,
    pool: DEFAULT_POOL_OPTIONS as PoolConfig,
    logLevel: 'info' as 'trace' | 'debug' | 'info' | 'warn' | 'error',
    // A manifest is kept in memory and served by GET /api/plugins, so it is bounded.
    maxManifestBytes: DEFAULT_MANIFEST_LIMITS.maxBytes,
    maxManifestDepth: DEFAULT_MANIFEST_LIMITS.maxDepth,
    autoReload: false,
    autoReloadDelayMs: 2_000,
    requireApproval: false,
    guestOutput: DEFAULT_GUEST_OUTPUT_LIMITS as GuestOutputConfig,
    inlineStartBudgetMs: 50,
    maxTableElements: DEFAULT_MAX_TABLE_ELEMENTS,
  }),
  cluster: Object.freeze({
    prefix: 'ndp',
    commandTimeoutMs: 5_000,
    firingLockMs: 30_000,
    stalledCheckMs: 30_000,
  }),
});
