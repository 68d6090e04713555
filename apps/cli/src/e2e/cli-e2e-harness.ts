import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is `apps/cli/src/e2e/cli-e2e-harness.ts`, or its build). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const HOST_MAIN = join(REPO_ROOT, 'apps/host/dist/main.js');
const CLI_BIN = join(REPO_ROOT, 'apps/cli/bin/ndp.mjs');

/** What one `ndp` run printed and how it ended. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Builds apps/host and apps/cli (`tsc -b`, incremental). Shares the lock of the host's own end-to-end suites
 * (same folder name, keyed by the repository path) so parallel spec files never build over each other.
 */
export async function ensureBuilt(): Promise<void> {
  const lock = join(
    tmpdir(),
    `ndp-e2e-build-${createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 16)}.lock`,
  );
  const giveUp = Date.now() + 240_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 180_000) await rm(lock, { recursive: true, force: true });
      else if (Date.now() > giveUp)
        throw new Error(`timed out waiting for the build lock ${lock}`, { cause: e });
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    const run = await exec(process.execPath, [tsc, '-b', 'apps/host', 'apps/cli'], REPO_ROOT, process.env);
    if (run.code !== 0) throw new Error(`tsc -b apps/host apps/cli failed:\n${run.stdout}${run.stderr}`);
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** Runs the built `ndp` with `args` (no NDP_* variables of the test run leak in). */
export function runNdp(args: readonly string[], cwd: string): Promise<CliRun> {
  return exec(process.execPath, [CLI_BIN, ...args], cwd, cleanEnv());
}

/** Writes an `ndp.toml` that binds 127.0.0.1 on a free port and keeps every path under `root`. */
export async function writeConfig(root: string, adminToken: string, agents: string): Promise<string> {
  const q = JSON.stringify;
  const file = join(root, 'ndp.toml');
  const text = [
    `DataFolder = ${q(join(root, 'data'))}`,
    'Address = "127.0.0.1"',
    'Port = 0',
    `Agents = ${q(agents)}`,
    '[Server]',
    `AdminToken = ${q(adminToken)}`,
    '[Plugins]',
    `Folder = ${q(join(root, 'plugins'))}`,
    `CacheFolder = ${q(join(root, 'cache'))}`,
    'Workers = 1',
  ].join('\n');
  await writeFile(file, `${text}\n`, { mode: 0o600 });
  return file;
}

/** A host process started from its build, with its JSON log lines. */
export class RunningHost {
  readonly logs: Array<Record<string, unknown>> = [];
  private output = '';
  private closed = false;

  private constructor(
    private readonly child: ChildProcess,
    public url = '',
  ) {
    let partial = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.output += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        try {
          this.logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not a log line
        }
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    child.once('close', () => (this.closed = true));
  }

  /** Starts `node apps/host/dist/main.js --config <file>` and waits (≤ 30 s) for its `host listening` line. */
  static async start(configFile: string): Promise<RunningHost> {
    const child = spawn(process.execPath, [HOST_MAIN, '--config', configFile], {
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const host = new RunningHost(child);
    const line = await host
      .waitForLog((l) => l['msg'] === 'host listening', 30_000)
      .catch(async (e: unknown) => {
        await host.stop();
        throw e;
      });
    host.url = String(line['url']);
    return host;
  }

  /** Everything the host printed, for assertion messages. */
  text(): string {
    return this.output;
  }

  /** The first log line matching, waiting up to `timeoutMs`. */
  async waitForLog(
    match: (l: Record<string, unknown>) => boolean,
    timeoutMs: number,
  ): Promise<Record<string, unknown>> {
    const giveUp = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs.find(match);
      if (found) return found;
      if (this.closed || Date.now() > giveUp)
        throw new Error(`expected host log line did not come:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** GET a path of the host; the body parsed as JSON when it is JSON. */
  async get(path: string): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${this.url}${path}`);
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json };
  }

  /** SIGTERM, then SIGKILL after 10 s. */
  async stop(): Promise<void> {
    if (this.closed) return;
    const done = new Promise((r) => this.child.once('close', r));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(timer);
  }
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('NDP_') && k !== 'NODE_OPTIONS') env[k] = v;
  return env;
}

function exec(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
