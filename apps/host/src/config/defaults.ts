import { DEFAULT_MAX_TABLE_ELEMENTS } from '@ndp/ports';
import type { EngineName, ExecutorName, GuestOutputConfig, HostLogLevel, PoolConfig } from './host-config.js';

/** The engines that run plugin code. */
export const ENGINES: readonly EngineName[] = ['node', 'extism'];
/** Where the Node engine runs guest code. */
export const EXECUTORS: readonly ExecutorName[] = ['inline', 'worker'];

/**
 * The host's defaults, in one place: `loadConfig` falls back to them for every setting `ndp.toml` and the
 * environment leave out, and `createPluginHost` for every option an embedding application leaves out, so the
 * host app and an embedded host behave alike. Folders are relative to the working directory.
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
    callTimeoutMs: 10_000,
    memoryLimitBytes: 128 * 1024 * 1024,
    httpMaxResponseBytes: 10 * 1024 * 1024,
    pool: Object.freeze<PoolConfig>({
      maxIdle: 8,
      maxInUse: 10,
      acquireTimeoutMs: 5_000,
      idleTtlMs: 60_000,
      maxRetainedMemoryBytes: 64 * 1024 * 1024,
    }),
    logLevel: 'info' as 'trace' | 'debug' | 'info' | 'warn' | 'error',
    // A manifest is kept in memory and served by GET /api/plugins, so it is bounded.
    maxManifestBytes: 256 * 1024,
    maxManifestDepth: 32,
    autoReload: false,
    autoReloadDelayMs: 2_000,
    requireApproval: false,
    guestOutput: Object.freeze<GuestOutputConfig>({
      maxOutputBytes: 16 * 1024 * 1024,
      maxErrorBytes: 64 * 1024,
      maxLogLinesPerCall: 1_000,
      maxLogBytesPerCall: 1024 * 1024,
    }),
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
