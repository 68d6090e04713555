import type { PluginLogger } from '../plugin-logger.js';

/** The levels a {@link PluginLogger} has. */
export type PluginLogLevelName = keyof PluginLogger;

/** One line a guest logged. */
export interface RecordedLogLine {
  readonly level: PluginLogLevelName;
  readonly message: string;
}

/**
 * A {@link PluginLogger} that keeps every line, for tests.
 *
 * @example
 * ```ts
 * const logger = new RecordingPluginLogger();
 * // ... run the guest ...
 * expect(logger.lines).toContainEqual({ level: 'info', message: 'info: hi' });
 * ```
 */
export class RecordingPluginLogger implements PluginLogger {
  readonly lines: RecordedLogLine[] = [];
  trace(message: string): void {
    this.lines.push({ level: 'trace', message });
  }
  debug(message: string): void {
    this.lines.push({ level: 'debug', message });
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string): void {
    this.lines.push({ level: 'error', message });
  }
}
