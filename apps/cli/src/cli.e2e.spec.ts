// `ndp` as a process against a running host: install, update, remove and refresh change the plugins folder and
// take effect at once through the host's admin API; without a host they change the folder and say so.
import { copyFile, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureWasmPath, installFixture } from '../../../tools/fixtures/index.mjs';
import { ensureBuilt, RunningHost, runNdp, writeConfig, type CliRun } from './e2e/cli-e2e-harness.js';

const TOKEN = 'cli-e2e-token-51c9';
let root: string;
let config: string;
let host: RunningHost;

beforeAll(async () => {
  await ensureBuilt();
  root = await mkdtemp(join(tmpdir(), 'ndp-cli-e2e-'));
  config = await writeConfig(root, TOKEN, 'agent,lifecycle,host-services');
  host = await RunningHost.start(config);
});

afterAll(async () => {
  await host?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

/** `ndp --config <config> --url <host> ...args`, expecting exit 0 (with the output in the failure message). */
async function ndp(...args: string[]): Promise<CliRun> {
  const run = await runNdp(['--config', config, '--url', host.url, ...args], root);
  expect(run.code, `${run.stdout}\n${run.stderr}\n${host.text()}`).toBe(0);
  return run;
}

/** Packs a fixture (optionally with manifest overrides) into `<root>/<label>.ndp` with `ndp pack`. */
async function pack(
  fixture: Parameters<typeof installFixture>[0],
  label: string,
  manifest?: Record<string, unknown>,
): Promise<string> {
  const src = join(root, 'src', label);
  await installFixture(fixture, join(root, 'src'), { folder: label, ...(manifest ? { manifest } : {}) });
  const out = join(root, `${label}.ndp`);
  await ndp('pack', src, '-o', out);
  return out;
}

/** A loopback port that was free a moment ago and has nothing listening now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

const biography = (name: string) =>
  host.get(`/api/agents/artists/biography?name=${encodeURIComponent(name)}`);
const pluginIds = async () =>
  (
    (await host.get('/api/plugins')).json as {
      plugins: Array<{ id: string; version: string; state: string }>;
    }
  ).plugins;

describe('ndp on a running host', () => {
  it('install: the packed agent answers through the host at once', async () => {
    const file = await pack('agent', 'agent-v1');
    const run = await ndp('install', file);
    expect(run.stdout).toContain("Plugin 'agent' v1.0.0 installed");
    expect(run.stdout).toContain(
      `the host at ${host.url} (config ${config}) now serves "agent" v1.0.0 (ready)`,
    );
    expect(await biography('Nina')).toEqual({ status: 200, json: { biography: 'Biography of Nina' } });
    const list = await ndp('list', '--json');
    expect(JSON.parse(list.stdout)).toMatchObject({
      source: 'host',
      plugins: [{ id: 'agent', state: 'ready' }],
    });
  });

  it('update: a new version with new behaviour is served at once', async () => {
    const file = await pack('agent-declines', 'agent-v2', { name: 'agent', version: '2.0.0' });
    const run = await ndp('update', file);
    expect(run.stdout).toContain("Plugin 'agent' updated from v1.0.0 to v2.0.0");
    expect((await pluginIds()).find((p) => p.id === 'agent')).toMatchObject({
      version: '2.0.0',
      state: 'ready',
    });
    expect((await biography('Nina')).status).not.toBe(200);
    // No backup or staging folder is left behind.
    expect((await readdir(join(root, 'plugins'))).sort()).toEqual(['agent']);
  });

  it('remove: the plugin and its capabilities are gone', async () => {
    const run = await ndp('remove', 'agent');
    expect(run.stdout).toContain(`the host at ${host.url} (config ${config}) dropped "agent"`);
    expect((await pluginIds()).map((p) => p.id)).not.toContain('agent');
    expect(await readdir(join(root, 'plugins'))).toEqual([]);
  });

  it('update re-runs OnInit (lifecycle fixture)', async () => {
    await ndp('install', await pack('lifecycle', 'lifecycle-v1'));
    expect(await biography('x')).toEqual({ status: 200, json: { biography: 'initialized' } });
    await ndp('update', await pack('lifecycle', 'lifecycle-v2', { version: '2.0.0' }));
    const ready = host.logs.filter((l) => l['msg'] === 'plugin ready' && l['plugin'] === 'lifecycle');
    expect(ready.map((l) => l['version'])).toEqual(['1.0.0', '2.0.0']);
    expect(await biography('x')).toEqual({ status: 200, json: { biography: 'initialized' } });
    await ndp('remove', 'lifecycle');
  });

  it("remove cancels the plugin's schedules", async () => {
    const file = await pack('host-services', 'host-services');
    await ndp('install', file);
    expect((await biography('schedule-once:x')).json).toEqual({ biography: 'scheduled=x' });
    await ndp('remove', 'host-services');
    // Same id again: had the schedule survived the removal, cancelling it would succeed.
    await ndp('install', file);
    const cancel = (await biography('schedule-cancel:x')).json as { biography: string };
    expect(cancel.biography).toMatch(/^error=/);
    await ndp('remove', 'host-services');
  });

  it('dev + refresh: a rebuilt module in the linked folder serves after ndp refresh; remove keeps the folder', async () => {
    const dev = await installFixture('agent', join(root, 'dev'));
    const linked = await ndp('dev', dev);
    expect(linked.stdout).toContain('ndp refresh agent');
    expect(await biography('Ada')).toEqual({ status: 200, json: { biography: 'Biography of Ada' } });
    await copyFile(await fixtureWasmPath('agent-declines'), join(dev, 'plugin.wasm'));
    await ndp('refresh', 'agent');
    expect((await biography('Ada')).status).not.toBe(200);
    const removed = await ndp('remove', 'agent');
    expect(removed.stdout).toContain("Development plugin link 'agent' removed");
    expect((await stat(join(dev, 'plugin.wasm'))).isFile()).toBe(true);
  });

  it('list and info fall back to the folder and say so when no host runs', async () => {
    const folder = join(root, 'offline-plugins');
    const closed = `http://127.0.0.1:${await closedPort()}`;
    const file = await pack('agent', 'agent-offline');
    const install = await runNdp(
      ['--config', config, '--folder', folder, '--url', closed, 'install', file],
      root,
    );
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toContain(`no host running at ${closed}: the change applies at its next start`);
    expect(await readdir(folder)).toEqual(['agent']);
    const list = await runNdp(['--config', config, '--folder', folder, '--url', closed, 'list'], root);
    expect(list.stdout).toContain(`plugins in ${folder} (no host running at ${closed})`);
    expect(list.stdout).toMatch(/^ID\s+VERSION\s+AUTHOR\s+STATE\s+CAPABILITIES\s+FOLDER$/m);
    expect(list.stdout).toMatch(/agent\s+1\.0\.0\s+ndp fixtures\s+installed\s+MetadataAgent/);
    const info = await runNdp(['info', file], root);
    expect(info.stdout).toMatch(/SHA-256: [0-9a-f]{64}/);
  });

  it('usage errors exit 2, failures exit 1 with a message naming the problem', async () => {
    expect((await runNdp(['install'], root)).code).toBe(2);
    expect((await runNdp(['frobnicate'], root)).code).toBe(2);
    expect((await runNdp(['list', '--bogus'], root)).code).toBe(2);
    const missing = await runNdp(['--config', config, '--url', host.url, 'remove', 'nope'], root);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no plugin "nope"');
  });
});
