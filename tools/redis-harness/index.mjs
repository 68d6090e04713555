// A real redis-server for tests: started as a child process on a free 127.0.0.1 port, with AOF on in its own
// temporary folder, so a test can stop it, start it again on the same port and folder, and find its data.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export const INSTALL_HINT =
  'redis-server is not installed: run `apt-get install -y redis-server` (Debian/Ubuntu; `.ci/run` does it), ' +
  'or set NDP_SKIP_REDIS=1 to skip the tests that need Redis';

const DEFAULT_START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 10_000;

/** True when NDP_SKIP_REDIS=1: suites that need Redis skip instead of failing. */
export function redisSkipped() {
  return process.env.NDP_SKIP_REDIS === '1';
}

/** The path of redis-server on the PATH, or undefined when it is not there. */
export function findRedisServer() {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port found');
  return address.port;
}

/** One PING over a raw socket; resolves true on +PONG, false on anything else (refused, loading, timeout). */
function ping(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/**
 * Starts redis-server on a free 127.0.0.1 port (or `options.port`) with AOF on and no RDB snapshots, in a new
 * temporary folder; resolves once it answers PONG. Throws {@link INSTALL_HINT} when redis-server is missing.
 */
export async function startRedis(options = {}) {
  const binary = findRedisServer();
  if (binary === undefined) throw new Error(INSTALL_HINT);
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'ndp-redis-'));
  const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  let child;
  let exited;
  const exitHandlers = new Set();
  // A test process that dies must not leave its redis-server behind.
  const reap = () => child?.kill('SIGKILL');
  process.once('exit', reap);

  async function start() {
    if (child) return;
    const log = [];
    child = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--dir',
        dir,
        '--daemonize',
        'no',
        '--protected-mode',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const self = child;
    const collect = (chunk) => log.length < 200 && log.push(chunk.toString('utf8'));
    self.stdout.on('data', collect);
    self.stderr.on('data', collect);
    exited = new Promise((resolve) =>
      self.once('exit', (code, signal) => {
        if (child === self) child = undefined;
        for (const handler of exitHandlers) handler(code, signal);
        resolve();
      }),
    );
    const deadline = Date.now() + startTimeoutMs;
    while (Date.now() < deadline) {
      if (child !== self) throw new Error(`redis-server exited at start on port ${port}: ${log.join('')}`);
      if (await ping(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    self.kill('SIGKILL');
    throw new Error(
      `redis-server did not answer PING on port ${port} within ${startTimeoutMs} ms: ${log.join('')}`,
    );
  }

  async function stop(signal = 'SIGTERM') {
    const self = child;
    if (!self) return;
    const gone = exited;
    self.kill(signal);
    const timer = setTimeout(() => self.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await gone;
    clearTimeout(timer);
  }

  await start();
  return {
    port,
    dir,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return child !== undefined;
    },
    start,
    stop: () => stop('SIGTERM'),
    kill: () => stop('SIGKILL'),
    async close() {
      await stop('SIGTERM');
      process.removeListener('exit', reap);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
