/** Explains how to install redis-server (the error of {@link startRedis} when it is missing). */
export declare const INSTALL_HINT: string;

/** True when NDP_SKIP_REDIS=1: suites that need Redis skip instead of failing. */
export declare function redisSkipped(): boolean;

/** The path of redis-server, or undefined when it is not on the PATH. */
export declare function findRedisServer(): string | undefined;

/** Options of {@link startRedis}. */
export interface StartRedisOptions {
  /** The port to listen on; default: a free one. */
  readonly port?: number;
  /** How long to wait for PONG; default 10,000 ms. */
  readonly startTimeoutMs?: number;
}

/** A redis-server child process with AOF on, in its own temporary folder. */
export interface RedisServer {
  readonly port: number;
  /** Its data folder (the AOF lives here and survives `stop`/`start`). */
  readonly dir: string;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** False between `stop` (or `kill`) and `start`. */
  readonly running: boolean;
  /** Starts it again on the same port and folder (no-op when running); resolves on PONG. */
  start(): Promise<void>;
  /** SIGTERM (Redis flushes the AOF), resolves when the process has exited. */
  stop(): Promise<void>;
  /** SIGKILL, resolves when the process has exited. */
  kill(): Promise<void>;
  /** Stops it and deletes its folder. */
  close(): Promise<void>;
}

/**
 * Starts redis-server on 127.0.0.1 (`--save '' --appendonly yes --dir <tmp> --daemonize no`) and resolves once it
 * answers PONG. Rejects with {@link INSTALL_HINT} when redis-server is not installed.
 *
 * @example
 * ```ts
 * const redis = await startRedis();
 * try { ... redis.url ... await redis.stop(); await redis.start(); } finally { await redis.close(); }
 * ```
 */
export declare function startRedis(options?: StartRedisOptions): Promise<RedisServer>;
