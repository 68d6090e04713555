import { pino, type Logger as Pino } from 'pino';
import type { LogFields, Logger, LogLevel } from '@ndp/ports';

/** The `Logger` port on pino: JSON lines, one per event, with child bindings (plugin, method, ...). */
export class PinoLogger implements Logger {
  constructor(private readonly pino: Pino) {}

  /** A logger writing JSON lines to `destination` (default stdout) at `level`. */
  static create(level: string, destination?: NodeJS.WritableStream): PinoLogger {
    return new PinoLogger(pino({ level, base: { svc: 'ndp' } }, destination ?? process.stdout));
  }

  trace(message: string, fields?: LogFields): void {
    this.pino.trace(fields ?? {}, message);
  }
  debug(message: string, fields?: LogFields): void {
    this.pino.debug(fields ?? {}, message);
  }
  info(message: string, fields?: LogFields): void {
    this.pino.info(fields ?? {}, message);
  }
  warn(message: string, fields?: LogFields): void {
    this.pino.warn(fields ?? {}, message);
  }
  error(message: string, fields?: LogFields): void {
    this.pino.error(fields ?? {}, message);
  }
  fatal(message: string, fields?: LogFields): void {
    this.pino.fatal(fields ?? {}, message);
  }
  child(bindings: LogFields): Logger {
    return new PinoLogger(this.pino.child(bindings));
  }
  isLevelEnabled(level: LogLevel): boolean {
    return this.pino.isLevelEnabled(level);
  }
}
