import type {
  ArtworkUrls,
  GuestOutputLimits,
  Cache,
  Clock,
  HttpClient,
  Logger,
  Metrics,
  PluginConfigSource,
  PluginEngine,
  PluginLogLevel,
  PluginStateStore,
  PluginStore,
  Scheduler,
  WebSocketClient,
} from '@ndp/ports';
import type { PoolOptions } from '../pool/pool-options.js';

/** Limits that apply to every plugin unless a per-plugin override says otherwise. */
export interface PluginLimits {
  /** Memory ceiling per instance. Default 128 MiB (docs/contract.md §6): a runaway guest must not eat the host. */
  readonly memoryLimitBytes?: number;
  /** Deadline of one call, waiting for a loading plugin included. Default 10 s (docs/contract.md §6). */
  readonly callTimeoutMs?: number;
  /** Instance pool limits (docs/contract.md §6 defaults). */
  readonly pool?: PoolOptions;
  /** Compilations running at once. Default 2: compiling is CPU-heavy and the host must keep answering. */
  readonly compileConcurrency?: number;
  /** Largest HTTP response body a plugin may receive. Default 10 MiB (docs/contract.md §5). */
  readonly httpMaxResponseBytes?: number;
  /** The level below which guest log lines are dropped inside the engine. Default `info`. */
  readonly pluginLogLevel?: PluginLogLevel;
  /** Largest `manifest.json` in bytes. Default 256 KiB: manifests are kept in memory and served by the API. */
  readonly manifestMaxBytes?: number;
  /** Deepest nesting of a `manifest.json`. Default 32. */
  readonly manifestMaxDepth?: number;
  /**
   * Caps on what one call may hand the host (see `docs/limits.md`): `maxOutputBytes` (default 16 MiB),
   * `maxErrorBytes` (64 KiB), `maxLogLinesPerCall` (1,000) and `maxLogBytesPerCall` (1 MiB).
   */
  readonly guestOutput?: Partial<GuestOutputLimits>;
}

/** What one plugin may change of {@link PluginLimits}. */
export type PluginOverrides = Pick<PluginLimits, 'memoryLimitBytes' | 'callTimeoutMs' | 'pool'>;

/** The ports the host services (docs/contract.md §5) run on, besides the scheduler and WebSocket client. */
export interface HostServiceDependencies {
  readonly http: HttpClient;
  readonly cache: Cache;
  readonly clock: Clock;
  readonly artwork: ArtworkUrls;
}

/** Everything a {@link PluginManager} needs; only ports, so any engine and any backend fit. */
export interface PluginManagerOptions {
  readonly engine: PluginEngine;
  readonly store: PluginStore;
  readonly configSource: PluginConfigSource;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly scheduler: Scheduler;
  readonly websocket: WebSocketClient;
  readonly hostServices: HostServiceDependencies;
  readonly limits?: PluginLimits;
  /** Per plugin id. */
  readonly overrides?: Readonly<Record<string, PluginOverrides>>;
  /** Where enable/disable decisions and approvals are kept across restarts; default: not kept. */
  readonly state?: PluginStateStore;
  /** New or changed packages (by SHA-256) start disabled until an operator enables them. Default false. */
  readonly requireApproval?: boolean;
}

/** The defaults of {@link PluginLimits}, docs/contract.md §5 and §6 (pool defaults live with the pool). */
export const DEFAULT_LIMITS = Object.freeze({
  memoryLimitBytes: 128 * 1024 * 1024,
  callTimeoutMs: 10_000,
  compileConcurrency: 2,
  httpMaxResponseBytes: 10 * 1024 * 1024,
});
