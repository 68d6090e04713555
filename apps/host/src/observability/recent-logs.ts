import type { LogFields, Logger, LogLevel } from '@ndp/ports';

/** One remembered log line of a plugin. */
export interface RecentLogLine {
  /** ISO time. */
  readonly time: string;
  readonly level: LogLevel;
  readonly message: string;
  /** `guest` for the plugin's own `log_*` lines, `host` for what the host said about the plugin. */
  readonly source: 'guest' | 'host';
}

/** Options of {@link RecentLogs}; each has a safe default. */
export interface RecentLogsOptions {
  /** Lines kept per plugin, newest last. Default 200. */
  readonly linesPerPlugin?: number;
  /** Longer messages are cut (with a marker). Default 2,000 characters: a flooding plugin cannot bloat the host. */
  readonly maxMessageChars?: number;
  /** Plugins remembered at most (the oldest-touched is dropped beyond). Default 1,000. */
  readonly maxPlugins?: number;
}

const LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/**
 * Remembers the recent log lines of every plugin for the admin page, bounded in lines, line length and plugins.
 * `wrap(logger)` returns a logger that writes through to `logger` and keeps every line that names a plugin (a
 * `plugin` binding or field) and is enabled on `logger`: the guest's own lines, and the host's lines about the
 * plugin at info and above, except the per-call line (its figures are the metrics).
 */
export class RecentLogs {
  private readonly lines = new Map<string, RecentLogLine[]>();
  private readonly perPlugin: number;
  private readonly maxChars: number;
  private readonly maxPlugins: number;

  constructor(options: RecentLogsOptions = {}) {
    this.perPlugin = options.linesPerPlugin ?? 200;
    this.maxChars = options.maxMessageChars ?? 2_000;
    this.maxPlugins = options.maxPlugins ?? 1_000;
  }

  /** A logger that writes through to `inner` and remembers plugin lines. */
  wrap(inner: Logger): Logger {
    return new TeeLogger(inner, {}, this);
  }

  /** The plugin's remembered lines, oldest first. */
  of(pluginId: string): readonly RecentLogLine[] {
    return [...(this.lines.get(pluginId) ?? [])];
  }

  /** Forgets a removed plugin. */
  forget(pluginId: string): void {
    this.lines.delete(pluginId);
  }

  /** Called by the wrapped loggers for every enabled line. */
  record(level: LogLevel, message: string, bindings: LogFields, fields: LogFields | undefined): void {
    const plugin = fields?.['plugin'] ?? bindings['plugin'];
    if (typeof plugin !== 'string') return;
    const source = (fields?.['source'] ?? bindings['source']) === 'guest' ? 'guest' : 'host';
    if (source === 'host' && (LEVELS.indexOf(level) < 2 || fields?.['durationMs'] !== undefined)) return;
    let list = this.lines.get(plugin);
    if (!list) {
      if (this.lines.size >= this.maxPlugins) this.lines.delete(this.lines.keys().next().value!);
      this.lines.set(plugin, (list = []));
    }
    const full = source === 'host' ? message + hostDetail(fields) : message;
    const text =
      full.length > this.maxChars
        ? `${full.slice(0, this.maxChars)}… [${full.length - this.maxChars} more characters]`
        : full;
    list.push({ time: new Date().toISOString(), level, message: text, source });
    if (list.length > this.perPlugin) list.splice(0, list.length - this.perPlugin);
  }
}

// Host lines carry their substance in fields (`plugin failed` + `error`): show the error with the message.
function hostDetail(fields: LogFields | undefined): string {
  const error = fields?.['error'];
  return typeof error === 'string' && error !== '' ? `: ${error}` : '';
}

class TeeLogger implements Logger {
  constructor(
    private readonly inner: Logger,
    private readonly bindings: LogFields,
    private readonly sink: RecentLogs,
  ) {}

  trace(message: string, fields?: LogFields): void {
    this.line('trace', message, fields);
  }
  debug(message: string, fields?: LogFields): void {
    this.line('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.line('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.line('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.line('error', message, fields);
  }
  fatal(message: string, fields?: LogFields): void {
    this.line('fatal', message, fields);
  }
  child(bindings: LogFields): Logger {
    return new TeeLogger(this.inner.child(bindings), { ...this.bindings, ...bindings }, this.sink);
  }
  isLevelEnabled(level: LogLevel): boolean {
    return this.inner.isLevelEnabled(level);
  }

  private line(level: LogLevel, message: string, fields: LogFields | undefined): void {
    this.inner[level](message, fields);
    if (this.inner.isLevelEnabled(level)) this.sink.record(level, message, this.bindings, fields);
  }
}
