import type { LogFields, Logger, LogLevel } from '../logger.js';

/** One line a {@link RecordingLogger} kept. */
export interface LogLine {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: LogFields;
}

/**
 * A `Logger` test double that keeps every line in memory (children share the parent's list, bindings merged), so
 * tests can assert what an operator would read. Every level is enabled. Test support only: it never drops lines.
 */
export class RecordingLogger implements Logger {
  constructor(
    readonly lines: LogLine[] = [],
    private readonly bindings: LogFields = {},
  ) {}

  trace(message: string, fields?: LogFields): void {
    this.push('trace', message, fields);
  }
  debug(message: string, fields?: LogFields): void {
    this.push('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.push('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.push('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.push('error', message, fields);
  }
  fatal(message: string, fields?: LogFields): void {
    this.push('fatal', message, fields);
  }
  child(bindings: LogFields): Logger {
    return new RecordingLogger(this.lines, { ...this.bindings, ...bindings });
  }
  isLevelEnabled(): boolean {
    return true;
  }

  /** Lines whose message contains `text`. */
  find(text: string): LogLine[] {
    return this.lines.filter((l) => l.message.includes(text));
  }

  /** Lines whose message is exactly `message`. */
  exactly(message: string): LogLine[] {
    return this.lines.filter((l) => l.message === message);
  }

  private push(level: LogLevel, message: string, fields: LogFields = {}): void {
    this.lines.push({ level, message, fields: { ...this.bindings, ...fields } });
  }
}
