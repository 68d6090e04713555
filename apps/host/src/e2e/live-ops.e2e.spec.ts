// The host as an operator runs it day to day: configuration reloads (SIGHUP, the admin API, a bad file that is
// refused), honest refresh answers for broken folders, plugin state that survives a restart, share URLs that
// answer on the host, precise HTTP errors, and one-line configuration errors with exit code 2.
import { createHmac } from 'node:crypto';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFixture } from '../../../../tools/fixtures/index.mjs';
import { ensureHostBuilt, HOST_MAIN } from './host-build.js';
import { HostProcess, type HostLogLine } from './host-process.js';
import { HostWorkspace } from './host-workspace.js';

const TOKEN = 'live-ops-admin-token-2b7e';
const SECRET = 'live-ops-share-secret';
const admin = { authorization: `Bearer ${TOKEN}` };

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface View {
  id: string | null;
  folder: string;
  state: string;
  version: string | null;
  outcome?: string;
  error: { code: string; message: string } | null;
}

let workspace: HostWorkspace;
let host: HostProcess;

/** ndp.toml: the workspace's paths plus the given top-level and [Plugins] lines and PluginConfig tables. */
async function writeToml(options: {
  agents: string;
  plugins?: string[];
  top?: string[];
  pluginConfig?: Record<string, Record<string, string>>;
}): Promise<void> {
  const q = JSON.stringify;
  const lines = [
    `DataFolder = ${q(join(workspace.root, 'data'))}`,
    'Address = "127.0.0.1"',
    'Port = 0',
    `Agents = ${q(options.agents)}`,
    ...(options.top ?? []),
    '[Server]',
    `AdminToken = ${q(TOKEN)}`,
    `Secret = ${q(SECRET)}`,
    '[Plugins]',
    `Folder = ${q(workspace.pluginsDir)}`,
    `CacheFolder = ${q(join(workspace.root, 'cache'))}`,
    'Workers = 1',
    ...(options.plugins ?? []),
  ];
  for (const [id, table] of Object.entries(options.pluginConfig ?? {})) {
    lines.push(`[PluginConfig.${q(id)}]`);
    for (const [k, v] of Object.entries(table)) lines.push(`${q(k)} = ${q(v)}`);
  }
  await writeFile(workspace.configFile, `${lines.join('\n')}\n`);
}

const plugins = async () => ((await host.request('GET', '/api/plugins')).json as { plugins: View[] }).plugins;
const bio = (name: string) =>
  host.request('GET', `/api/agents/artists/biography?name=${encodeURIComponent(name)}`);
const post = (path: string) => host.request('POST', path, { headers: admin });
const logged = (match: (l: HostLogLine) => boolean) => host.waitForLog(match, 20_000);

/** Polls until `check` passes (bounded), for changes the host applies in the background. */
async function eventually(check: () => Promise<void>, timeoutMs = 20_000): Promise<void> {
  const giveUp = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > giveUp) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

beforeAll(async () => {
  await ensureHostBuilt();
  workspace = await HostWorkspace.create('live-ops');
  await installFixture('agent', workspace.pluginsDir);
  await installFixture('lifecycle', workspace.pluginsDir);
  await installFixture('host-services', workspace.pluginsDir);
  await installFixture('host-services', workspace.pluginsDir, { folder: 'hs2', manifest: { name: 'hs2' } });
  await writeToml({
    agents: 'agent,ghost',
    top: ['Unknwon = 1'],
    plugins: [
      '[Plugins.Overrides.nosuch]',
      'CallTimeout = "5s"',
      '[Plugins.Overrides.agent]',
      'CallTimeot = "5s"',
    ],
    pluginConfig: { lifecycle: { fail: 'true' }, 'host-services': { greeting: 'hello' } },
  });
  host = await HostProcess.start({ configFile: workspace.configFile });
  await host.waitForPlugins(4);
}, 400_000);

afterAll(async () => {
  await host?.stop();
  await workspace?.remove();
});

describe('configuration warnings at start', () => {
  it('warns on unknown keys (overrides included) and on settings naming plugins that are not installed', async () => {
    const file = workspace.configFile;
    const warnings = host.logs.filter((l) => l.level === 40).map((l) => String(l.msg));
    expect(warnings).toContain(`${file}:5: unknown setting Unknwon (ignored)`);
    expect(warnings.some((w) => w.includes('Plugins.Overrides.agent.CallTimeot (ignored'))).toBe(true);
    expect(warnings.some((w) => w.includes('Agents names "ghost", which is not an installed plugin'))).toBe(
      true,
    );
    expect(
      warnings.some((w) => w.includes('[Plugins.Overrides.nosuch] is for a plugin that is not installed')),
    ).toBe(true);
  });
});

describe('HTTP errors', () => {
  it('answers 400 BAD_REQUEST naming a missing or a misspelled query parameter', async () => {
    const missing = await host.request('GET', '/api/agents/artists/biography');
    expect(missing.status).toBe(400);
    expect((missing.json as ErrorBody).error).toMatchObject({
      code: 'BAD_REQUEST',
      details: { parameter: 'name' },
    });
    const typo = await host.request('GET', '/api/agents/artists/biography?nmae=Nina');
    expect(typo.status).toBe(400);
    expect((typo.json as ErrorBody).error.message).toContain('unknown query parameter "nmae"');
  });

  it('answers 502 AGENTS_FAILED listing each agent when every agent failed, not 404', async () => {
    await writeToml({ agents: 'host-services,hs2', pluginConfig: { lifecycle: { fail: 'true' } } });
    expect((await post('/api/reload')).status).toBe(200);
    const answer = await bio('no-such-command');
    expect(answer.status, answer.text).toBe(502);
    const error = (answer.json as ErrorBody).error;
    expect(error.code).toBe('AGENTS_FAILED');
    expect(error.message).toMatch(/host-services: PLUGIN_ERROR .*unknown command/);
    expect(error.message).toMatch(/hs2: PLUGIN_ERROR .*unknown command/);
  });
});

describe('GET /share/img/<token>', () => {
  it('verifies the token of an artwork URL the host made: 404 ARTWORK_NOT_FOUND without a source, 401 when forged', async () => {
    const report = await bio('artwork:al-42');
    expect(report.status, report.text).toBe(200);
    const url = /album=(\S+)/.exec((report.json as { biography: string }).biography)![1]!;
    const path = new URL(url).pathname + new URL(url).search;
    expect(path.startsWith('/share/img/')).toBe(true);
    const answer = await host.request('GET', path);
    expect(answer.status, answer.text).toBe(404);
    expect((answer.json as ErrorBody).error.code).toBe('ARTWORK_NOT_FOUND');
    expect((answer.json as ErrorBody).error.message).toContain('album "al-42"');

    const [header, claims] = path.slice('/share/img/'.length).split('?')[0]!.split('.');
    const forged = createHmac('sha256', 'another-secret').update(`${header}.${claims}`).digest('base64url');
    const bad = await host.request('GET', `/share/img/${header}.${claims}.${forged}`);
    expect(bad.status).toBe(401);
    expect((bad.json as ErrorBody).error.code).toBe('UNAUTHORIZED');
  });
});

describe('configuration reload', () => {
  it('SIGHUP applies PluginConfig (OnInit runs again, ConfigService serves the new map) and Agents', async () => {
    expect((await plugins()).find((p) => p.id === 'lifecycle')?.state).toBe('failed');
    await writeToml({
      agents: 'lifecycle,host-services',
      pluginConfig: { lifecycle: { fail: 'false' }, 'host-services': { greeting: 'bonjour' } },
    });
    host.signal('SIGHUP');
    await logged((l) => l.msg === 'config reloaded' && l['trigger'] === 'SIGHUP');
    await eventually(async () =>
      expect((await plugins()).find((p) => p.id === 'lifecycle')?.state).toBe('ready'),
    );
    expect((await bio('Nina Simone')).json).toEqual({ biography: 'initialized' }); // lifecycle is first now
    await writeToml({ agents: 'host-services', pluginConfig: { 'host-services': { greeting: 'bonjour' } } });
    host.signal('SIGHUP');
    await eventually(async () =>
      expect(((await bio('config:greeting')).json as { biography: string }).biography).toContain('bonjour'),
    );
  });

  it('keeps the running configuration on a bad file and reports file, line and key to the caller and the log', async () => {
    const good = await readFile(workspace.configFile, 'utf8');
    await writeFile(workspace.configFile, good.replace('Port = 0', 'Port = "4533"'));
    const answer = await post('/api/reload');
    expect(answer.status).toBe(422);
    const error = (answer.json as ErrorBody).error;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(
      `${workspace.configFile}:3: Port: expected a port number (0-65535, without quotes), got "4533"`,
    );
    host.signal('SIGHUP');
    const line = await logged(
      (l) => String(l.msg).startsWith('config reload failed') && l['trigger'] === 'SIGHUP',
    );
    expect(line['error']).toBe(error.message);
    expect(((await bio('config:greeting')).json as { biography: string }).biography).toContain('bonjour');
    await writeFile(workspace.configFile, good);
  });
});

describe('honest refresh and remove', () => {
  it('reports an invalid folder, a missing module and a duplicate exactly as at start; unknown ids are 404', async () => {
    await mkdir(join(workspace.pluginsDir, 'bad-cap'));
    await writeFile(
      join(workspace.pluginsDir, 'bad-cap', 'manifest.json'),
      '{"name": "bad-cap", "version": 1}',
    );
    await writeFile(join(workspace.pluginsDir, 'bad-cap', 'plugin.wasm'), 'not wasm');
    await mkdir(join(workspace.pluginsDir, 'no-wasm'));
    await writeFile(join(workspace.pluginsDir, 'no-wasm', 'manifest.json'), '{}');
    await cp(join(workspace.pluginsDir, 'agent'), join(workspace.pluginsDir, 'agent-copy'), {
      recursive: true,
    });

    const refreshed = await post('/api/plugins/bad-cap/refresh');
    expect(refreshed.status, refreshed.text).toBe(200);
    expect(refreshed.json).toMatchObject({ outcome: 'unusable', folder: 'bad-cap', state: 'failed' });
    expect((refreshed.json as View).error?.code).toBe('MANIFEST_INVALID');
    const list = await plugins();
    const byFolder = new Map(list.map((p) => [p.folder, p]));
    expect(byFolder.get('no-wasm')?.error?.code).toBe('PLUGIN_WASM_MISSING');
    expect(byFolder.get('agent-copy')?.error?.code).toBe('PLUGIN_DUPLICATE_NAME');
    expect(byFolder.get('agent')?.state).toBe('ready');

    const nope = await post('/api/plugins/nope/refresh');
    expect(nope.status).toBe(404);
    expect((nope.json as ErrorBody).error.code).toBe('PLUGIN_NOT_FOUND');
  });

  it('leaves no entry for removed folders, in /api/plugins and in /health', async () => {
    for (const f of ['bad-cap', 'no-wasm', 'agent-copy'])
      await rm(join(workspace.pluginsDir, f), { recursive: true });
    expect((await post('/api/plugins/bad-cap/refresh')).status).toBe(404);
    expect((await plugins()).map((p) => p.folder)).toEqual(['agent', 'host-services', 'hs2', 'lifecycle']);
    const health = (await host.request('GET', '/health')).json as { plugins: Record<string, number> };
    expect(health.plugins).toEqual({ loading: 0, ready: 4, failed: 0, disabled: 0 });
  });
});

describe('plugin state across restarts', () => {
  it('keeps a disabled plugin disabled after a restart; with RequireApproval a new package waits for enable', async () => {
    expect((await post('/api/plugins/agent/disable')).status).toBe(200);
    await host.stop();
    const state = JSON.parse(await readFile(join(workspace.root, 'data', 'plugin-state.json'), 'utf8'));
    expect(state.plugins.agent.enabled).toBe(false);

    const good = await readFile(workspace.configFile, 'utf8');
    await writeFile(workspace.configFile, good.replace('Workers = 1', 'Workers = 1\nRequireApproval = true'));
    await installFixture('agent', workspace.pluginsDir, {
      folder: 'newcomer',
      manifest: { name: 'newcomer' },
    });
    host = await HostProcess.start({ configFile: workspace.configFile });
    await host.waitForPlugins(5);
    const byId = new Map((await plugins()).map((p) => [p.id, p]));
    expect(byId.get('agent')?.state).toBe('disabled');
    expect(byId.get('lifecycle')?.state).toBe('ready'); // approved by loading before RequireApproval was on
    expect(byId.get('newcomer')).toMatchObject({ state: 'disabled', error: { code: 'PLUGIN_DISABLED' } });
    expect(byId.get('newcomer')?.error?.message).toContain('RequireApproval');

    const enabled = await post('/api/plugins/newcomer/enable');
    expect(enabled.json).toMatchObject({ id: 'newcomer', state: 'ready' });
    expect((await post('/api/plugins/agent/enable')).json).toMatchObject({ id: 'agent', state: 'ready' });
  });
});

describe('configuration errors at start', () => {
  /** Runs the host with `config` and resolves with its exit code and stderr. */
  function runHost(config: string): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [HOST_MAIN, '--config', config], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });
  }

  it('a busy port is one line naming the file, line and key, exit code 2, like any other config error', async () => {
    const port = new URL(host.url).port;
    const busy = join(workspace.root, 'busy.toml');
    const text = (await readFile(workspace.configFile, 'utf8')).replace('Port = 0', `Port = ${port}`);
    await writeFile(
      busy,
      text.replace(/DataFolder = .*/, `DataFolder = ${JSON.stringify(join(workspace.root, 'd2'))}`),
    );
    const run = await runHost(busy);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      `ndp: ${busy}:3: Port: 127.0.0.1:${port} is already in use (another ndp host or another program?): stop it, or choose another Port`,
    ]);

    const typed = join(workspace.root, 'typed.toml');
    await writeFile(typed, 'Port = "4533"\n');
    const bad = await runHost(typed);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(
      `ndp: ${typed}:1: Port: expected a port number (0-65535, without quotes), got "4533"`,
    );
  });
});
