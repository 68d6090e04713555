import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NdpError } from '@ndp/domain';
import type { PluginFolderEntry } from '@ndp/ports';
import { FsPluginStore } from './fs-plugin-store.js';

const WASM = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

let temp: string;
let plugins: string;

beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'ndp-store-'));
  plugins = join(temp, 'plugins');
  await mkdir(plugins);
});

afterEach(async () => {
  await rm(temp, { recursive: true, force: true });
});

async function pluginFolder(dir: string, files: { wasm?: boolean; manifest?: boolean } = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (files.wasm !== false) await writeFile(join(dir, 'plugin.wasm'), WASM);
  if (files.manifest !== false) await writeFile(join(dir, 'manifest.json'), '{"name":"x"}');
}

const byFolder = (entries: readonly PluginFolderEntry[]) =>
  Object.fromEntries(entries.map((e) => [e.folder, e]));

describe('FsPluginStore', () => {
  it('creates a missing plugins folder with mode 0700', async () => {
    const store = new FsPluginStore({ pluginsFolder: join(temp, 'data', 'new-plugins') });
    expect(await store.list()).toEqual([]);
    const info = await stat(store.folder);
    expect(info.isDirectory()).toBe(true);
    expect(info.mode & 0o777).toBe(0o700);
  });

  it('lists plugin folders and symlinks to folders, sorted; skips hidden entries and plain files', async () => {
    await pluginFolder(join(plugins, 'b-plugin'));
    await pluginFolder(join(plugins, 'a-plugin'));
    await pluginFolder(join(plugins, '.hidden'));
    await writeFile(join(plugins, 'notes.txt'), 'not a plugin');
    await pluginFolder(join(temp, 'dev', 'work'));
    await symlink(join(temp, 'dev', 'work'), join(plugins, 'c-dev'));
    await symlink('../dev/work', join(plugins, 'd-relative'));
    const entries = await new FsPluginStore({ pluginsFolder: plugins }).list();
    expect(entries).toEqual([
      { ok: true, folder: 'a-plugin', path: join(plugins, 'a-plugin'), isSymlink: false },
      { ok: true, folder: 'b-plugin', path: join(plugins, 'b-plugin'), isSymlink: false },
      { ok: true, folder: 'c-dev', path: join(plugins, 'c-dev'), isSymlink: true },
      { ok: true, folder: 'd-relative', path: join(plugins, 'd-relative'), isSymlink: true },
    ]);
  });

  it('reports every broken entry with the folder and the reason, and still lists the good ones', async () => {
    await pluginFolder(join(plugins, 'good'));
    await pluginFolder(join(plugins, 'no-wasm'), { wasm: false });
    await pluginFolder(join(plugins, 'no-manifest'), { manifest: false });
    await mkdir(join(plugins, 'empty'));
    await symlink(join(temp, 'does-not-exist'), join(plugins, 'broken-link'));
    await writeFile(join(temp, 'file.wasm'), WASM);
    await symlink(join(temp, 'file.wasm'), join(plugins, 'file-link'));
    const entries = byFolder(await new FsPluginStore({ pluginsFolder: plugins }).list());
    expect(entries['good']?.ok).toBe(true);
    const problem = (folder: string) => {
      const entry = entries[folder];
      if (!entry || entry.ok) throw new Error(`expected a problem for ${folder}`);
      expect(entry.path).toBe(join(plugins, folder));
      expect(entry.problem).toContain(`"${folder}"`);
      return entry.problem;
    };
    expect(problem('no-wasm')).toMatch(/plugin\.wasm is missing/);
    expect(problem('no-manifest')).toMatch(/manifest\.json is missing/);
    expect(problem('empty')).toMatch(/plugin\.wasm and manifest\.json are missing/);
    expect(problem('broken-link')).toMatch(/broken symlink.*does-not-exist/);
    expect(problem('file-link')).toMatch(/symlink to .*file\.wasm, which is not a folder/);
  });

  it('treats a folder whose plugin.wasm is a folder as missing it', async () => {
    await pluginFolder(join(plugins, 'odd'), { wasm: false });
    await mkdir(join(plugins, 'odd', 'plugin.wasm'));
    const [entry] = await new FsPluginStore({ pluginsFolder: plugins }).list();
    expect(entry).toMatchObject({ ok: false, problem: expect.stringMatching(/plugin\.wasm is missing/) });
  });

  it('reads the manifest text, its absolute path and the module bytes, through a relative symlink too', async () => {
    await pluginFolder(join(temp, 'dev', 'work'));
    await symlink('../dev/work', join(plugins, 'linked'));
    const store = new FsPluginStore({ pluginsFolder: plugins });
    const files = await store.read('linked');
    expect(files.manifestText).toBe('{"name":"x"}');
    expect(files.manifestFile).toBe(join(plugins, 'linked', 'manifest.json'));
    expect(files.wasm).toEqual(WASM);
  });

  it('refuses a manifest larger than maxManifestBytes without reading it, naming the file, size and limit', async () => {
    await pluginFolder(join(plugins, 'huge'));
    await writeFile(join(plugins, 'huge', 'manifest.json'), ' '.repeat(10 * 1024 * 1024));
    const store = new FsPluginStore({ pluginsFolder: plugins });
    const error = await store.read('huge').catch((e: unknown) => e);
    expect(NdpError.is(error, 'MANIFEST_INVALID')).toBe(true);
    expect((error as Error).message).toBe(
      `plugin folder "huge": ${join(plugins, 'huge', 'manifest.json')} is 10485760 bytes, more than the limit ` +
        'of 262144 bytes; it was not read',
    );
    const roomy = new FsPluginStore({ pluginsFolder: plugins, maxManifestBytes: 20 * 1024 * 1024 });
    expect((await roomy.read('huge')).manifestText).toHaveLength(10 * 1024 * 1024);
  });

  it('rejects reading a folder that vanished, or a name that is not an entry, with an NdpError', async () => {
    const store = new FsPluginStore({ pluginsFolder: plugins });
    const gone = await store.read('gone').catch((e: unknown) => e);
    expect(NdpError.is(gone, 'MANIFEST_NOT_FOUND')).toBe(true);
    expect((gone as Error).message).toContain('"gone"');
    await pluginFolder(join(plugins, 'half'), { wasm: false });
    expect(NdpError.is(await store.read('half').catch((e: unknown) => e), 'PLUGIN_WASM_MISSING')).toBe(true);
    for (const name of ['../plugins', 'a/b', '.hidden', '']) {
      expect(
        NdpError.is(await store.read(name).catch((e: unknown) => e), 'PLUGIN_FOLDER_INVALID'),
        name,
      ).toBe(true);
    }
  });
});
