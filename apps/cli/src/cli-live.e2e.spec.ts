// `ndp` and the host it belongs to: it refuses a host that serves another plugins folder (a second checkout),
// reports what the host really did (404 for unknown ids, failures with reasons), drives reload, enable and disable,
// and, offline, lists the same discovery problems the host reports.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFixture } from '../../../tools/fixtures/index.mjs';
import { ensureBuilt, REPO_ROOT, RunningHost, runNdp, writeConfig } from './e2e/cli-e2e-harness.js';

const TOKEN = 'cli-live-token-93d1';
let root: string;
let config: string;
let host: RunningHost;

beforeAll(async () => {
  await ensureBuilt();
  root = await mkdtemp(join(tmpdir(), 'ndp-cli-live-'));
  config = await writeConfig(root, TOKEN, 'lifecycle');
  await installFixture('lifecycle', join(root, 'plugins'));
  host = await RunningHost.start(config);
  await host.waitForLog((l) => l['msg'] === 'plugin ready', 60_000);
}, 400_000);

afterAll(async () => {
  await host?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

/** A second checkout: its own folders, and a config whose Port is where the first host answers. */
async function otherCheckout(label: string, port: string): Promise<{ dir: string; file: string }> {
  const dir = join(root, label);
  await mkdir(dir);
  const file = await writeConfig(dir, 'other-token', 'agent');
  const text = readFileSync(file, 'utf8').replace('Port = 0', `Port = ${port}`);
  await writeFile(file, text);
  return { dir, file };
}

async function pack(fixture: 'agent' | 'lifecycle', label: string): Promise<string> {
  await installFixture(fixture, join(root, 'src'), { folder: label });
  const out = join(root, `${label}.ndp`);
  const run = await runNdp(['pack', join(root, 'src', label), '-o', out], root);
  expect(run.code, run.stderr).toBe(0);
  return out;
}

describe('the CLI talks to its own host', () => {
  it('refuses a host serving another plugins folder, names both, and changes nothing', async () => {
    const other = await otherCheckout('second', new URL(host.url).port);
    const list = await runNdp(['--config', other.file, 'list'], other.dir);
    expect(list.code).toBe(1);
    expect(list.stderr).toContain(
      `serves the plugins folder ${join(root, 'plugins')}, not ${join(other.dir, 'plugins')}`,
    );
    expect(list.stderr).toContain(`the host at ${host.url} (config ${config})`);
    const install = await runNdp(
      ['--config', other.file, 'install', await pack('agent', 'agent-2nd')],
      other.dir,
    );
    expect(install.code).toBe(1);
    expect(install.stderr).toContain('it is another ndp host');
    expect(await readdir(join(other.dir, 'plugins')).catch(() => [])).toEqual([]);
  });

  it('finds its own host by the data folder it was started with, and says which host it is', async () => {
    const run = await runNdp(['--config', config, 'list'], root);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`plugins of the host at ${host.url} (config ${config}):`);
    expect(run.stdout).toMatch(/lifecycle\s+1\.0\.0\s+ndp fixtures\s+ready/);
  });
});

describe('honest answers', () => {
  it('refresh of an unknown id exits 1; install of a MetadataAgent not in Agents says how to add it', async () => {
    const nosuch = await runNdp(['--config', config, 'refresh', 'nosuch'], root);
    expect(nosuch.code).toBe(1);
    expect(nosuch.stderr).toContain('no plugin "nosuch" is loaded and no folder holds it');

    const install = await runNdp(['--config', config, 'install', await pack('agent', 'agent-v1')], root);
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toContain(
      `note: "agent" is a MetadataAgent, but Agents in ${config} does not list it, so the API does not ask it: set Agents = "lifecycle,agent" there, then run "ndp reload"`,
    );
    expect((await host.get('/api/agents/artists/mbid?name=Ada')).status).toBe(404);
    const text = readFileSync(config, 'utf8');
    await writeFile(config, text.replace('Agents = "lifecycle"', 'Agents = "lifecycle,agent"'));
    const reload = await runNdp(['--config', config, 'reload'], root);
    expect(reload.code, reload.stderr).toBe(0);
    expect(reload.stdout).toContain('Agents: lifecycle, agent');
    expect(await host.get('/api/agents/artists/mbid?name=Ada')).toEqual({
      status: 200,
      json: { mbid: 'mbid-Ada' },
    });
  });

  it('disable and enable through the CLI; a broken folder refreshed says why and exits 1', async () => {
    const off = await runNdp(['--config', config, 'disable', 'agent'], root);
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toContain("Plugin 'agent' disabled");
    expect((await host.get('/api/plugins/agent')).json).toMatchObject({ state: 'disabled' });
    const on = await runNdp(['--config', config, 'enable', 'agent'], root);
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout).toContain('now serves "agent" v1.0.0 (ready)');

    await mkdir(join(root, 'plugins', 'bad-cap'));
    await writeFile(join(root, 'plugins', 'bad-cap', 'manifest.json'), '{"name": "bad-cap"}');
    await writeFile(join(root, 'plugins', 'bad-cap', 'plugin.wasm'), '');
    const bad = await runNdp(['--config', config, 'refresh', 'bad-cap'], root);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('cannot load "bad-cap"');
    expect(bad.stderr).toContain('manifest');
    const removed = await runNdp(['--config', config, 'remove', 'bad-cap'], root);
    expect(removed.code, removed.stderr).toBe(0);
    const ids = ((await host.get('/api/plugins')).json as { plugins: { folder: string }[] }).plugins;
    expect(ids.map((p) => p.folder)).toEqual(['agent', 'lifecycle']);
  });
});

describe('ndp list without a host', () => {
  it('reports the discovery problems the host reports, with the same messages', async () => {
    const dir = join(root, 'offline');
    await mkdir(dir);
    const file = await writeConfig(dir, TOKEN, 'agent');
    const plugins = join(dir, 'plugins');
    await installFixture('agent', plugins);
    await cp(join(plugins, 'agent'), join(plugins, 'agent-copy'), { recursive: true });
    await mkdir(join(plugins, 'no-wasm'));
    await writeFile(join(plugins, 'no-wasm', 'manifest.json'), '{}');
    const offline = await runNdp(['--config', file, 'list', '--json'], dir);
    expect(offline.code, offline.stderr).toBe(0);
    const rows = JSON.parse(offline.stdout) as {
      source: string;
      plugins: { folder: string; state: string; error: string | null }[];
    };
    expect(rows.source).toBe('folder');
    expect(rows.plugins.map((p) => [p.folder, p.state])).toEqual([
      ['agent', 'installed'],
      ['agent-copy', 'invalid'],
      ['no-wasm', 'invalid'],
    ]);

    const own = await RunningHost.start(file);
    try {
      const seen = await (async () => {
        for (let i = 0; i < 100; i++) {
          const list = (await own.get('/api/plugins')).json as {
            plugins: { folder: string; state: string; error: { message: string } | null }[];
          };
          if (list.plugins.length === 3 && list.plugins.every((p) => p.state !== 'loading'))
            return list.plugins;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error(own.text());
      })();
      expect(rows.plugins.map((p) => p.error)).toEqual(seen.map((p) => p.error?.message ?? null));
    } finally {
      await own.stop();
    }
  });

  it('`ndp list | head -1` prints the heading and exits cleanly, without an EPIPE stack', async () => {
    const plugins = join(root, 'many');
    for (let i = 0; i < 40; i++)
      await installFixture('agent', plugins, { folder: `a${i}`, manifest: { name: `a${i}` } });
    const cli = join(REPO_ROOT, 'apps/cli/bin/ndp.mjs');
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const closed = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    await new Promise((r) => server.close(r));
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        'bash',
        [
          '-o',
          'pipefail',
          '-c',
          `"${process.execPath}" "${cli}" --folder "${plugins}" --url ${closed} list | head -1`,
        ],
        {
          cwd: root,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: Object.fromEntries(
            Object.entries(process.env).filter(([k]) => !k.startsWith('NDP_') && k !== 'NODE_OPTIONS'),
          ),
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`plugins in ${plugins} (no host running at ${closed}):\n`);
  });
});
