/** The engine that runs plugin code. */
export type EngineName = 'node' | 'extism';

/** Where the Node engine runs guest code: on the calling thread (inline) or in worker threads. */
export type ExecutorName = 'inline' | 'worker';

/** Host log levels (pino's). */
export type HostLogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

/** Settings of the instance pool of every plugin (docs/contract.md §6). */
export interface PoolConfig {
  readonly maxIdle: number;
  readonly maxInUse: number;
  readonly acquireTimeoutMs: number;
  readonly idleTtlMs: number;
  // Scheduling and deadlines
  /** An instance holding more memory than this after a call is closed, not pooled. Default 64 MiB. */
  readonly maxRetainedMemoryBytes: number;
}

/** What one plugin may override of the global plugin limits (`[Plugins.Overrides.<id>]`). */
export interface PluginOverrideConfig {
  readonly callTimeoutMs?: number;
  readonly memoryLimitBytes?: number;
  readonly executor?: ExecutorName;
}

/** `[Plugins]`. */
export interface PluginsConfig {
  readonly enabled: boolean;
  readonly folder: string;
  readonly cacheFolder: string;
  /** The on-disk module cache is purged to this size (oldest first) at start; 0 disables purging. */
  readonly cacheSizeBytes: number;
  readonly engine: EngineName;
  /** Worker threads of the Node engine; default = cores. */
  readonly workers: number | undefined;
  /**
   * How long a worker (and the main thread, for a lone call or host call) polls before sleeping. Default 100 µs:
   * waking a sleeping thread costs ~50–150 µs on virtual machines, so a short poll cuts a warm worker call and a
   * host call several-fold; 0 = never poll (when the cores are busy with other work).
   */
  readonly workerSpinMs: number;
  /** The Node engine's executor (default inline; CPU-heavy plugins may use `worker` through an override). */
  readonly executor: ExecutorName;
  /** With the inline executor, a guest computing longer than this yields the event loop; 0 = never. */
  readonly yieldSliceMs: number;
  readonly callTimeoutMs: number;
  readonly memoryLimitBytes: number;
  readonly httpMaxResponseBytes: number;
  readonly pool: PoolConfig;
  /** Guest log lines below this level are dropped inside the engine. */
  readonly logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  /** `Plugins.MaxManifestSize`: a larger `manifest.json` is refused unread. Default 256 KiB. */
  readonly maxManifestBytes: number;
  /** `Plugins.MaxManifestDepth`: a manifest nesting deeper is refused. Default 32. */
  readonly maxManifestDepth: number;
  readonly guestOutput: GuestOutputConfig;
  readonly overrides: Readonly<Record<string, PluginOverrideConfig>>;
  /** Reload the configuration when `ndp.toml` or the plugins folder changes. Default false. */
  readonly autoReload: boolean;
  /** How long changes must be quiet before an automatic reload runs. Default 2 s. */
  readonly autoReloadDelayMs: number;
  /** New or changed packages (by SHA-256) start disabled until an operator enables them. Default false. */
  readonly requireApproval: boolean;

  // Scheduling and deadlines (docs/limits.md)
  /** Node engine, worker executor: workers one plugin may hold at once; default half the workers, at least 1. */
  readonly workersPerPlugin: number | undefined;
  /** Node engine, inline executor: longest a start function may run on the main thread. Default 50 ms. */
  readonly inlineStartBudgetMs: number;
  /** Elements per table, written into each module as its tables' maximum (both engines). Default 100,000. */
  readonly maxTableElements: number;
}

/** `[Cluster]`: several hosts sharing one Redis (see docs/cluster.md). */
export interface ClusterConfig {
  /** `redis://[user:password@]host:port[/db]` or `rediss://` (TLS). */
  readonly redis: string;
  /** First segment of every Redis key and channel the cluster uses; clusters sharing a Redis differ by it. */
  readonly prefix: string;
  /** This node's name in the cluster, unique among its nodes; default `<hostname>:<port>`. */
  readonly nodeName: string;
  /** How long a call routed to another node (a WebSocket send or close) waits for its answer. */
  readonly commandTimeoutMs: number;
  /**
   * `FiringLock`: how long a node holds a running scheduler firing before another node may take it over (renewed
   * while the callback runs). A node that dies mid-callback has its firing delivered again elsewhere after about
   * `FiringLock + StalledCheck`. Default 30 s.
   */
  readonly firingLockMs: number;
  /** `StalledCheck`: how often each node looks for firings whose node died. Default 30 s. */
  readonly stalledCheckMs: number;
}

/**
 * What one plugin call may hand the host (`docs/limits.md`, "Output, errors and logs"); enforced inside the
 * engine, where the bytes are produced.
 */
export interface GuestOutputConfig {
  /** `Plugins.MaxOutputSize`, default 16 MiB: a larger output fails the call with `GUEST_OUTPUT_TOO_LARGE`. */
  readonly maxOutputBytes: number;
  /** `Plugins.MaxErrorSize`, default 64 KiB: longer error text is cut and marked `… [truncated, N bytes]`. */
  readonly maxErrorBytes: number;
  /** `Plugins.MaxLogLinesPerCall`, default 1,000: later lines of the call are dropped and counted. */
  readonly maxLogLinesPerCall: number;
  /** `Plugins.MaxLogSizePerCall`, default 1 MiB of log text per call, likewise. */
  readonly maxLogBytesPerCall: number;
}

/**
 * The whole host configuration: parsed once at the edge from `ndp.toml` plus `NDP_*` environment variables, then
 * frozen. Libraries receive the parts they need as option objects; nothing below the app reads the environment.
 */
export interface HostConfig {
  /** Where the config was read from (`undefined` when the defaults alone were used). */
  readonly file: string | undefined;
  readonly dataFolder: string;
  /** The interface the HTTP server binds. Default 127.0.0.1: the admin API is not for the open network. */
  readonly address: string;
  readonly port: number;
  /** Where the port was set (`ndp.toml:3: Port`, an environment variable, or the default), for messages. */
  readonly portOrigin: string;
  /** The host's own public base URL (artwork URLs fall back to it). */
  readonly baseUrl: string;
  /** Public base URL for shared artwork; default: {@link baseUrl}. */
  readonly shareUrl: string | undefined;
  /** Bearer token the mutating admin routes require; without one they are refused. */
  readonly adminToken: string | undefined;
  /** Secret that signs artwork tokens (HS256). */
  readonly secret: string;
  readonly logLevel: HostLogLevel;
  /** The ordered `Agents` setting (plugin ids). */
  readonly agents: readonly string[];
  readonly plugins: PluginsConfig;
  /** `[Cluster]`: absent means single node. */
  readonly cluster: ClusterConfig | undefined;
  /** `[PluginConfig.<id>]`: the plugins' own settings (keys lower-cased). */
  readonly pluginConfig: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Non-fatal remarks (unknown keys), for the log. */
  readonly warnings: readonly string[];
}
