import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NdpError } from '@ndp/domain';
import { RecordingLogger } from '@ndp/ports/testing';
import { loadConfig } from '../config/load-config.js';
import { startHost, type RunningHost } from '../host.js';

/** Options of {@link startStack}. */
export interface StackOptions {
  /** Fills the (empty) plugins folder before the host starts; `outside` is a scratch folder beside it. */
  readonly install?: (pluginsDir: string, outside: string) => Promise<void>;
  /** `NDP_*` environment overrides (the host reads no real environment in these tests). */
  readonly env?: Readonly<Record<string, string>>;
  /** Text of an `ndp.toml` written into the stack's folder and loaded (`host.reload` reads it again). */
  readonly toml?: string;
  /** Do not create the plugins folder (to see the host create it). */
  readonly noPluginsFolder?: boolean;
}

/** A host started on a temporary folder, with what tests need to drive and inspect it. */
export interface Stack {
  readonly host: RunningHost;
  readonly logger: RecordingLogger;
  /** The temporary root (data, plugins, cache, outside). */
  readonly root: string;
  readonly pluginsDir: string;
  /** A folder outside the plugins folder (dev symlink targets). */
  readonly outside: string;
  /** The admin token the host was started with. */
  readonly adminToken: string;
  /** The artwork signing secret the host was started with. */
  readonly secret: string;
  /** Closes the host (idempotent) and removes the temporary folder. */
  close(): Promise<void>;
}

/** The admin token every stack is started with (`Server.AdminToken`). */
const STACK_ADMIN_TOKEN = 'stack-admin-token';
/** The artwork signing secret every stack is started with (`Server.Secret`), so tests can verify tokens. */
const STACK_SECRET = 'stack-secret-for-artwork-tokens';

/**
 * Starts the real host (`startHost`: Node engine with worker threads, local adapters, HTTP API on 127.0.0.1 and a
 * free port) on a fresh temporary folder, waits until every plugin load has settled, and returns it. Two guest
 * worker threads by default, so the tests behave the same on any machine.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const root = await mkdtemp(join(tmpdir(), 'ndp-stack-'));
  const pluginsDir = join(root, 'plugins');
  const outside = join(root, 'outside');
  await mkdir(outside, { recursive: true });
  if (!options.noPluginsFolder) await mkdir(pluginsDir, { recursive: true });
  await options.install?.(pluginsDir, outside);
  let file: string | undefined;
  if (options.toml !== undefined) {
    file = join(root, 'ndp.toml');
    await writeFile(file, options.toml);
  }
  const load = () =>
    loadConfig({
      ...(file ? { file } : {}),
      cwd: root,
      env: {
        NDP_DATAFOLDER: join(root, 'data'),
        NDP_PLUGINS_FOLDER: pluginsDir,
        NDP_PLUGINS_CACHEFOLDER: join(root, 'cache'),
        NDP_ADDRESS: '127.0.0.1',
        NDP_PORT: '0',
        NDP_PLUGINS_WORKERS: '2',
        NDP_SERVER_ADMINTOKEN: STACK_ADMIN_TOKEN,
        NDP_SERVER_SECRET: STACK_SECRET,
        ...options.env,
      },
    });
  const config = load();
  const logger = new RecordingLogger();
  let host: RunningHost;
  try {
    host = await startHost(config, logger, { loadConfig: load });
    await host.composed.manager.settled();
  } catch (e) {
    await rm(root, { recursive: true, force: true });
    throw e;
  }
  return {
    host,
    logger,
    root,
    pluginsDir,
    outside,
    adminToken: STACK_ADMIN_TOKEN,
    secret: STACK_SECRET,
    async close() {
      try {
        await host.close();
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  };
}

/** Calls the plugin's MetadataAgent GetArtistBiography with `name` through the manager and answers the text. */
export async function biography(stack: Stack, pluginId: string, name: string): Promise<string> {
  const answer = await stack.host.composed.manager.invoke(pluginId, 'MetadataAgent', 'GetArtistBiography', {
    id: '',
    name,
    mbid: '',
  });
  return answer.biography;
}

/** The NdpError a promise rejects with; fails when it resolves or rejects with anything else. */
export async function ndpErrorOf(promise: Promise<unknown>): Promise<NdpError> {
  try {
    await promise;
  } catch (e) {
    if (NdpError.is(e)) return e;
    throw new Error(`expected an NdpError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** An HTTP answer read in full. */
export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
  readonly json: unknown;
}

/**
 * One HTTP request on a fresh connection (no keep-alive agent), so that a test's view of the server's
 * connections never depends on sockets pooled by an earlier request.
 */
export function httpCall(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: init.method ?? 'GET', headers: init.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * Polls `condition` every 10 ms until it holds; fails after `timeoutMs` with `what` in the message. Bounded, so
 * a broken behaviour fails the test instead of hanging it.
 */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
