// Plugins.AutoReload: the host follows edits of ndp.toml and of the plugins folder by itself, one reload per burst
// of changes (debounced), with no admin call and no restart.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFixture } from '../../../../tools/fixtures/index.mjs';
import { ensureHostBuilt } from './host-build.js';
import { HostProcess } from './host-process.js';
import { HostWorkspace } from './host-workspace.js';

let workspace: HostWorkspace;
let host: HostProcess;

async function states(): Promise<Record<string, string>> {
  const list = (await host.request('GET', '/api/plugins')).json as {
    plugins: { folder: string; state: string }[];
  };
  return Object.fromEntries(list.plugins.map((p) => [p.folder, p.state]));
}

async function eventually(check: () => Promise<void>, timeoutMs = 30_000): Promise<void> {
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
  workspace = await HostWorkspace.create('auto-reload');
  await installFixture('lifecycle', workspace.pluginsDir);
  await workspace.writeConfig({
    agents: ['lifecycle', 'agent'],
    pluginConfig: { lifecycle: { fail: 'true' } },
  });
  const text = await readFile(workspace.configFile, 'utf8');
  await writeFile(
    workspace.configFile,
    text.replace('Workers = 1', 'Workers = 1\nAutoReload = true\nAutoReloadDelay = "1s"'),
  );
  host = await HostProcess.start({ configFile: workspace.configFile });
  await host.waitForPlugins(1);
}, 400_000);

afterAll(async () => {
  await host?.stop();
  await workspace?.remove();
});

describe('Plugins.AutoReload', () => {
  it('applies an edit of ndp.toml once the burst of writes is over (one reload)', async () => {
    expect(await states()).toEqual({ lifecycle: 'failed' });
    const text = await readFile(workspace.configFile, 'utf8');
    // An editor saving three times in a row.
    for (const flag of ['maybe', 'still', 'false'])
      await writeFile(workspace.configFile, text.replace('"true"', `"${flag}"`));
    await eventually(async () => expect(await states()).toEqual({ lifecycle: 'ready' }));
    await new Promise((r) => setTimeout(r, 1_500));
    const reloads = host.logs.filter(
      (l) => l.msg === 'config reloaded' && l['trigger'] === 'ndp.toml changed',
    );
    expect(reloads).toHaveLength(1);
  });

  it('loads a plugin copied into the plugins folder and drops one whose folder is removed', async () => {
    await installFixture('agent', workspace.pluginsDir);
    await eventually(async () => expect(await states()).toEqual({ agent: 'ready', lifecycle: 'ready' }));
    expect((await host.request('GET', '/api/agents/artists/mbid?name=Ada')).json).toEqual({
      mbid: 'mbid-Ada',
    });
    await rm(join(workspace.pluginsDir, 'agent'), { recursive: true });
    await eventually(async () => expect(await states()).toEqual({ lifecycle: 'ready' }));
  });
});
