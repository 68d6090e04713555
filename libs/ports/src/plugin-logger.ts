import { GUEST_LOG_LEVELS } from '@ndp/domain';

/**
 * Extism log levels as the guest sees them through `get_log_level`: 0 trace … 4 error, and `off` as `i32::MAX`.
 *
 * @example
 * ```ts
 * const level: PluginLogLevel = PluginLogLevel.info; // 2
 * ```
 */
export const PluginLogLevel = GUEST_LOG_LEVELS;

/** One of the {@link PluginLogLevel} values. */
export type PluginLogLevel = (typeof PluginLogLevel)[keyof typeof PluginLogLevel];

/**
 * Where a guest's `log_*` messages go. The engine calls it with the decoded UTF-8 text.
 *
 * Guarantees (by engines): a message below the instance's `logLevel` is not delivered; the messages of a call
 * arrive in the order the guest logged them, before that call settles (a worker engine may batch them until then).
 * Does not guarantee: which thread the logger runs on relative to the guest; the plugin id is not passed, so
 * bind it when creating the logger.
 *
 * @example
 * ```ts
 * const logger: PluginLogger = { trace: noop, debug: noop, info: (m) => log.info(m), warn: noop, error: noop };
 * ```
 */
export interface PluginLogger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
