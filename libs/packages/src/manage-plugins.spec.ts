import { lstat, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFixture } from '../../../tools/fixtures/index.mjs';
import { installPackage } from './install-package.js';
import { linkDevFolder } from './link-dev-folder.js';
import { packFolder } from './pack-folder.js';
import { readPackage } from './read-package.js';
import { removePlugin } from './remove-plugin.js';
import { updatePackage } from './update-package.js';

let root: string;
let plugins: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ndp-manage-'));
  plugins = join(root, 'plugins');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function packed(version: string, label = version): Promise<string> {
  const src = await installFixture('agent', join(root, 'src'), { folder: label, manifest: { version } });
  await writeFile(join(src, 'README.md'), `agent ${version}`);
  const out = join(root, `agent-${label}.ndp`);
  await packFolder(src, out);
  return out;
}

describe('packFolder', () => {
  it('packs manifest, module and README deterministically (same bytes twice)', async () => {
    const a = await packFolder(await installFixture('agent', join(root, 'a')), join(root, 'a.ndp'));
    const b = await packFolder(join(root, 'a', 'agent'), join(root, 'b.ndp'));
    expect(a.sha256).toBe(b.sha256);
    expect(a.manifest.name).toBe('agent');
  });

  it('refuses a folder whose manifest is invalid, writing nothing', async () => {
    const src = await installFixture('agent', join(root, 'src'), { manifest: { capabilities: [] } });
    await expect(packFolder(src, join(root, 'x.ndp'))).rejects.toThrow(/\/capabilities/);
    expect(await readdir(root)).toEqual(['src']);
  });
});

describe('updatePackage', () => {
  it('replaces the plugin and leaves no backup', async () => {
    await installPackage(await readPackage(await packed('1.0.0')), plugins);
    const outcome = await updatePackage(await readPackage(await packed('2.0.0')), plugins);
    expect(outcome).toMatchObject({ previousVersion: '1.0.0', version: '2.0.0' });
    expect(await readdir(plugins)).toEqual(['agent']);
    expect(await readFile(join(plugins, 'agent', 'README.md'), 'utf8')).toBe('agent 2.0.0');
  });

  it('restores the backup when moving the new files into place fails', async () => {
    await installPackage(await readPackage(await packed('1.0.0')), plugins);
    const pkg = await readPackage(await packed('2.0.0'));
    let calls = 0;
    const { rename } = await import('node:fs/promises');
    const failing = async (from: string, to: string) => {
      if (++calls === 2) throw new Error('disk full');
      await rename(from, to);
    };
    await expect(updatePackage(pkg, plugins, { rename: failing })).rejects.toThrow('disk full');
    expect(await readdir(plugins)).toEqual(['agent']);
    expect(await readFile(join(plugins, 'agent', 'README.md'), 'utf8')).toBe('agent 1.0.0');
    expect((await readdir(root)).filter((n) => n.startsWith('.ndp-staging'))).toEqual([]);
  });

  it('refuses a plugin that is not installed, suggesting install', async () => {
    await expect(updatePackage(await readPackage(await packed('1.0.0')), plugins)).rejects.toThrow(
      /not installed .*: use "ndp install/,
    );
  });
});

describe('linkDevFolder and removePlugin', () => {
  it('links a dev folder by manifest name; remove deletes only the link', async () => {
    const dev = await installFixture('agent', join(root, 'dev'), { folder: 'work' });
    const link = await linkDevFolder(plugins, dev);
    expect(link).toMatchObject({ id: 'agent', alreadyLinked: false, link: join(plugins, 'agent') });
    expect((await lstat(link.link)).isSymbolicLink()).toBe(true);
    expect((await linkDevFolder(plugins, dev)).alreadyLinked).toBe(true);
    const removed = await removePlugin(plugins, 'agent');
    expect(removed.kind).toBe('link');
    expect(await readdir(plugins)).toEqual([]);
    expect(await readdir(dev)).toEqual(['manifest.json', 'plugin.wasm']);
  });

  it('refuses to link a second plugin of an installed name, naming both', async () => {
    await installFixture('agent', plugins, { folder: 'installed' });
    const dev = await installFixture('agent', join(root, 'dev'));
    await expect(linkDevFolder(plugins, dev)).rejects.toThrow(
      /already installed in .*installed; linking .*dev\/agent/,
    );
  });

  it('removes a plugin folder found by manifest name, and refuses an unknown id', async () => {
    await installFixture('agent', plugins, { folder: 'some-folder' });
    expect(await removePlugin(plugins, 'agent')).toMatchObject({ kind: 'folder' });
    expect(await readdir(plugins)).toEqual([]);
    await expect(removePlugin(plugins, 'agent')).rejects.toThrow(/no plugin "agent"/);
  });
});
