import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { HOST_MAIN } from './host-build.js';

/** One JSON log line of the host (pino): `msg` plus whatever fields the line carries. */
export interface HostLogLine {
  readonly msg?: string;
  readonly level?: number;
  readonly [field: string]: unknown;
}

/** How the host process ended. */
export interface HostExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** An HTTP answer of the host, body read as text and, when it parses, as JSON. */
export interface HostAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  readonly json: unknown;
}

/** Options of {@link HostProcess.start}. */
export interface HostProcessOptions {
  /** The `ndp.toml` passed as `--config`. */
  readonly configFile: string;
  /** How long to wait for the `host listening` line. Default 30 s. */
  readonly startTimeoutMs?: number;
}

const DEFAULT_START_TIMEOUT_MS = 30_000;
const POLL_MS = 50;

/**
 * The built host (`node apps/host/dist/main.js --config <file>`) running as a child process, driven over HTTP.
 *
 * Guarantees: every stdout line is kept (parsed when it is JSON) and stderr too, so failures can show what the
 * host said; {@link stop} always ends the process (SIGTERM, then SIGKILL after a bounded wait) and never throws.
 * Does not guarantee: that the host's plugins have loaded when {@link HostProcess.start} resolves; call
 * {@link waitForPlugins} for that.
 */
export class HostProcess {
  /** Every stdout line that parsed as JSON, in order. */
  readonly logs: HostLogLine[] = [];
  /** Resolves once the process has ended. */
  readonly exited: Promise<HostExit>;
  private stdoutText = '';
  private stderrText = '';
  private ended: HostExit | undefined;
  private partial = '';
  private baseUrl = '';

  private constructor(private readonly child: ChildProcessByStdio<null, Readable, Readable>) {
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onStdout(chunk));
    child.stderr.on('data', (chunk: string) => (this.stderrText += chunk));
    // 'close' rather than 'exit': the last log lines are only certain to be read once the pipes have closed.
    // A test runner that dies without running afterAll must not leave a host listening behind it.
    const orphanGuard = () => child.kill('SIGKILL');
    process.once('exit', orphanGuard);
    this.exited = new Promise((resolve) =>
      child.once('close', (code, signal) => {
        process.off('exit', orphanGuard);
        this.ended = { code, signal };
        resolve(this.ended);
      }),
    );
  }

  /** Starts the host and resolves once it logs `host listening` (rejects with its output if it ends or hangs). */
  static async start(options: HostProcessOptions): Promise<HostProcess> {
    const child = spawn(process.execPath, [HOST_MAIN, '--config', options.configFile], {
      env: hostEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const host = new HostProcess(child);
    try {
      const line = await host.waitForLog(
        (l) => l.msg === 'host listening',
        options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
      );
      host.baseUrl = String(line['url']);
      return host;
    } catch (error) {
      await host.stop();
      throw error;
    }
  }

  /** The host's base URL from its `host listening` line, e.g. `http://127.0.0.1:41234`. */
  get url(): string {
    return this.baseUrl;
  }

  /** The process id. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Everything the host wrote so far (stdout, then stderr), for assertion messages. */
  output(): string {
    return `--- host stdout ---\n${this.stdoutText}\n--- host stderr ---\n${this.stderrText}`;
  }

  /** Sends a signal to the host process (no-op once it has ended). */
  signal(signal: NodeJS.Signals): void {
    if (this.ended === undefined) this.child.kill(signal);
  }

  /** Resolves with the first log line (past or future) that matches; rejects after `timeoutMs` or at exit. */
  async waitForLog(match: (line: HostLogLine) => boolean, timeoutMs: number): Promise<HostLogLine> {
    const giveUp = Date.now() + timeoutMs;
    for (;;) {
      const line = this.logs.find(match);
      if (line) return line;
      if (this.ended) {
        throw new Error(
          `the host exited (${JSON.stringify(this.ended)}) before the expected line\n${this.output()}`,
        );
      }
      if (Date.now() > giveUp)
        throw new Error(`the expected host line did not come in ${timeoutMs} ms\n${this.output()}`);
      await sleep(POLL_MS);
    }
  }

  /** Resolves with how the process ended, or rejects when it is still running after `timeoutMs`. */
  async exitWithin(timeoutMs: number): Promise<HostExit> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the host did not exit within ${timeoutMs} ms\n${this.output()}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Polls `GET /api/plugins` until `count` plugins are listed and none is `loading`; resolves with the list.
   * Rejects with the last list and the host's output after `timeoutMs`.
   */
  async waitForPlugins(count: number, timeoutMs = 30_000): Promise<Array<Record<string, unknown>>> {
    const giveUp = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < giveUp) {
      const answer = await this.request('GET', '/api/plugins');
      last = answer.json;
      const plugins = (answer.json as { plugins?: Array<Record<string, unknown>> } | undefined)?.plugins;
      if (plugins && plugins.length >= count && plugins.every((p) => p['state'] !== 'loading'))
        return plugins;
      await sleep(POLL_MS);
    }
    throw new Error(`plugins did not settle in ${timeoutMs} ms: ${JSON.stringify(last)}\n${this.output()}`);
  }

  /** Sends one request to the host; a JSON `body` is sent with `content-type: application/json`. */
  async request(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HostAnswer> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      text,
      json: parseJson(text),
    };
  }

  /** Ends the host: SIGTERM, then SIGKILL if it is still running after `graceMs`. Never throws. */
  async stop(graceMs = 10_000): Promise<HostExit> {
    if (this.ended) return this.ended;
    this.signal('SIGTERM');
    try {
      return await this.exitWithin(graceMs);
    } catch {
      this.signal('SIGKILL');
      return this.exited;
    }
  }

  private onStdout(chunk: string): void {
    this.stdoutText += chunk;
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      const parsed = parseJson(line);
      if (typeof parsed === 'object' && parsed !== null) this.logs.push(parsed as HostLogLine);
    }
  }
}

// The test run's own NDP_* variables would override the config under test, and NODE_OPTIONS may carry the test
// runner's hooks; the host gets neither.
function hostEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('NDP_') && name !== 'NODE_OPTIONS') env[name] = value;
  }
  return env;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
