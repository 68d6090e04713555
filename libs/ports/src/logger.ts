/** Structured fields attached to a log line. Values must be JSON-serialisable (bigint is written as a string). */
export type LogFields = Readonly<Record<string, unknown>>;

/** Log levels, lowest first. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * The host's structured logger (pino in the apps).
 *
 * Guarantees: `child(bindings)` returns a logger whose lines all carry `bindings` (e.g. `{ plugin: 'lb' }`),
 * without changing the parent; logging never throws.
 * Does not guarantee: synchronous output, or that a line below the configured level is kept.
 *
 * @example
 * ```ts
 * const log = logger.child({ plugin: 'lastfm' });
 * log.warn('scrobble failed', { method: 'Scrobble', error: message });
 * ```
 */
export interface Logger {
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  fatal(message: string, fields?: LogFields): void;
  child(bindings: LogFields): Logger;
  /** Lets callers skip building expensive fields. */
  isLevelEnabled(level: LogLevel): boolean;
}
