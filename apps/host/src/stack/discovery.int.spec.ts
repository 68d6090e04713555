import { mkdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFixture } from '../../../../tools/fixtures/index.mjs';
import { biography, httpCall, ndpErrorOf, startStack, type Stack } from './stack-harness.js';

interface PluginView {
  id: string | null;
  folder: string;
  state: string;
  version: string | null;
  error: { code: string; message: string } | null;
  pool: { idle: number; inUse: number; waiting: number } | null;
}

// docs/contract.md §1 and the load checks of §2, §4, §5: one plugins folder holding every kind of good and bad entry, loaded by
// the real host; the good plugins serve while each bad entry is reported with its folder and reason.
describe('plugin discovery through the real host', () => {
  let stack: Stack;
  let plugins: Map<string, PluginView>;

  beforeAll(async () => {
    stack = await startStack({
      env: { NDP_AGENTS: 'dev-agent,agent' },
      install: async (dir, outside) => {
        await installFixture('agent', dir);
        // The same name again, in a folder that sorts after the first one.
        await installFixture('agent', dir, { folder: 'agent-copy' });
        await mkdir(join(dir, 'no-wasm'));
        await writeFile(join(dir, 'no-wasm', 'manifest.json'), '{}');
        await installFixture('agent', dir, {
          folder: 'bad-manifest',
          manifest: { name: 'bad-manifest', capabilities: ['MetadataAgent', 'Teleport'] },
        });
        await symlink(join(outside, 'gone'), join(dir, 'broken-link'));
        await writeFile(join(outside, 'notes.md'), 'not a plugin');
        await symlink(join(outside, 'notes.md'), join(dir, 'file-link'));
        await installFixture('agent', dir, { folder: '.hidden', manifest: { name: 'hidden-agent' } });
        await writeFile(join(dir, 'README.txt'), 'a plain file in the plugins folder');
        // Dev mode: the plugin lives outside the plugins folder and is linked in.
        await installFixture('agent', outside, { folder: 'dev-work', manifest: { name: 'dev-agent' } });
        await symlink(join(outside, 'dev-work'), join(dir, 'dev-link'));
        for (const name of ['forbidden-import', 'unknown-import', 'newer-api', 'no-exports'] as const) {
          await installFixture(name, dir);
        }
      },
    });
    const answer = await httpCall(`${stack.host.url}/api/plugins`);
    expect(answer.status).toBe(200);
    plugins = new Map((answer.json as { plugins: PluginView[] }).plugins.map((p) => [p.folder, p]));
  });

  afterAll(async () => {
    await stack?.close();
  });

  const view = (folder: string): PluginView => {
    const p = plugins.get(folder);
    if (!p) throw new Error(`GET /api/plugins has no entry for folder "${folder}"`);
    return p;
  };

  it('lists every visible entry once, skipping hidden entries and plain files', () => {
    expect([...plugins.keys()].sort()).toEqual(
      [
        'agent',
        'agent-copy',
        'bad-manifest',
        'broken-link',
        'dev-link',
        'file-link',
        'forbidden-import',
        'newer-api',
        'no-exports',
        'no-wasm',
        'unknown-import',
      ].sort(),
    );
    expect([...plugins.values()].some((p) => p.id === 'hidden-agent')).toBe(false);
    expect(stack.logger.lines.some((l) => JSON.stringify(l).includes('README.txt'))).toBe(false);
  });

  it('loads the good plugins while the bad ones fail', async () => {
    expect(view('agent')).toMatchObject({ id: 'agent', state: 'ready', version: '1.0.0', error: null });
    expect(view('agent').pool).toEqual({ idle: 0, inUse: 0, waiting: 0 });
    expect(await biography(stack, 'agent', 'Nina Simone')).toBe('Biography of Nina Simone');
  });

  it('reports a folder without plugin.wasm, naming the folder and the missing file', () => {
    const p = view('no-wasm');
    expect(p.state).toBe('failed');
    expect(p.id).toBeNull();
    expect(p.error?.message).toContain('"no-wasm"');
    expect(p.error?.message).toContain('plugin.wasm is missing');
  });

  it('reports an invalid manifest with its file and the JSON path of the problem', () => {
    const p = view('bad-manifest');
    expect(p.state).toBe('failed');
    expect(p.error?.code).toBe('MANIFEST_INVALID');
    expect(p.error?.message).toContain('"bad-manifest"');
    expect(p.error?.message).toContain(join(stack.pluginsDir, 'bad-manifest', 'manifest.json'));
    expect(p.error?.message).toContain('/capabilities/1: must be one of MetadataAgent');
  });

  it('reports a broken symlink and a symlink to a file', () => {
    expect(view('broken-link')).toMatchObject({ state: 'failed', error: { code: 'PLUGIN_FOLDER_INVALID' } });
    expect(view('broken-link').error?.message).toContain(
      `broken symlink: its target ${join(stack.outside, 'gone')} does not exist`,
    );
    expect(view('file-link')).toMatchObject({ state: 'failed', error: { code: 'PLUGIN_FOLDER_INVALID' } });
    expect(view('file-link').error?.message).toContain(
      `symlink to ${join(stack.outside, 'notes.md')}, which is not a folder`,
    );
  });

  it('rejects a second folder with the same name, naming both folders', async () => {
    const p = view('agent-copy');
    expect(p).toMatchObject({ id: 'agent', state: 'failed', error: { code: 'PLUGIN_DUPLICATE_NAME' } });
    expect(p.error?.message).toContain(
      'plugin folders "agent" and "agent-copy" both declare the name "agent"',
    );
    // The first folder keeps serving under that name.
    expect(stack.host.composed.manager.status('agent')?.folder).toBe('agent');
    expect(await biography(stack, 'agent', 'x')).toBe('Biography of x');
  });

  it('serves a dev symlink to a folder outside the plugins folder', async () => {
    expect(view('dev-link')).toMatchObject({ id: 'dev-agent', state: 'ready', error: null });
    expect(await biography(stack, 'dev-agent', 'Björk')).toBe('Biography of Björk');
    const answer = await httpCall(
      `${stack.host.url}/api/agents/artists/biography?name=${encodeURIComponent('Björk')}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ biography: 'Biography of Björk' });
  });

  it('refuses a module importing a host function its manifest does not grant, with the docs/contract.md §5 message', async () => {
    expect(view('forbidden-import')).toMatchObject({
      id: 'forbidden-import',
      state: 'failed',
      error: {
        code: 'PERMISSION_NOT_GRANTED',
        message: 'plugin "forbidden-import" imports HttpService.Get but its manifest does not grant "http"',
      },
    });
    const error = await ndpErrorOf(biography(stack, 'forbidden-import', 'x'));
    expect(error.code).toBe('PLUGIN_FAILED');
    expect(error.message).toContain('does not grant "http"');
  });

  it('refuses an unknown import, naming it', () => {
    expect(view('unknown-import')).toMatchObject({ state: 'failed', error: { code: 'IMPORT_UNKNOWN' } });
    expect(view('unknown-import').error?.message).toContain('imports env.exec_shell');
  });

  it('refuses a plugin built for a newer API, saying which versions', () => {
    expect(view('newer-api')).toMatchObject({ state: 'failed', error: { code: 'API_VERSION_UNSUPPORTED' } });
    expect(view('newer-api').error?.message).toContain('needs plugin API version 2');
    expect(view('newer-api').error?.message).toContain('supports up to version 1');
  });

  it('refuses a plugin that exports none of its declared methods', () => {
    expect(view('no-exports')).toMatchObject({ state: 'failed', error: { code: 'CAPABILITY_NOT_EXPORTED' } });
    expect(view('no-exports').error?.message).toContain(
      'declares MetadataAgent but exports none of its methods',
    );
  });

  it('logs each skipped folder and each failed plugin with its folder', () => {
    const skipped = stack.logger.exactly('plugin folder skipped').map((l) => l.fields['folder']);
    expect(skipped.sort()).toEqual(['agent-copy', 'bad-manifest', 'broken-link', 'file-link', 'no-wasm']);
    const failed = stack.logger.exactly('plugin failed').map((l) => l.fields['folder']);
    expect(failed.sort()).toEqual(['forbidden-import', 'newer-api', 'no-exports', 'unknown-import']);
  });

  it('counts the states in /health', async () => {
    const answer = await httpCall(`${stack.host.url}/health`);
    expect(answer.json).toMatchObject({
      status: 'ok',
      plugins: { ready: 2, failed: 9, loading: 0, disabled: 0 },
    });
  });
});

describe('a missing plugins folder', () => {
  it('is created with mode 0700 when plugins are enabled', async () => {
    const stack = await startStack({ noPluginsFolder: true });
    try {
      const info = await stat(stack.pluginsDir);
      expect(info.isDirectory()).toBe(true);
      expect(info.mode & 0o777).toBe(0o700);
      expect(stack.host.composed.manager.list()).toEqual([]);
    } finally {
      await stack.close();
    }
  });
});
