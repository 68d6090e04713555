import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFixture } from '../../../tools/fixtures/index.mjs';
import { FsPluginPackages } from './fs-plugin-packages.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ndp-packages-spec-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('FsPluginPackages', () => {
  it('carries a plugin from one plugins folder to another, with the same hash on both sides', async () => {
    await installFixture('agent', join(root, 'a'));
    const a = new FsPluginPackages(join(root, 'a'));
    const b = new FsPluginPackages(join(root, 'b'));
    const packed = await a.pack('agent');
    expect(packed).toMatchObject({ pluginId: 'agent', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await a.pack('agent')).toEqual(packed);
    expect(await b.install(packed!.bytes)).toEqual({ pluginId: 'agent', version: packed!.version });
    expect(await b.installed()).toEqual(['agent']);
    expect((await b.pack('agent'))?.sha256).toBe(packed!.sha256);
  });

  it('updates a plugin already installed to the received version', async () => {
    await installFixture('agent', join(root, 'a'), { manifest: { version: '2.0.0' } });
    await installFixture('agent', join(root, 'b'), { manifest: { version: '1.0.0' } });
    const packed = await new FsPluginPackages(join(root, 'a')).pack('agent');
    const b = new FsPluginPackages(join(root, 'b'));
    expect(await b.install(packed!.bytes)).toEqual({ pluginId: 'agent', version: '2.0.0' });
    expect((await b.pack('agent'))?.version).toBe('2.0.0');
  });

  it('refuses bytes that are not a valid package, writing nothing', async () => {
    const b = new FsPluginPackages(join(root, 'b'));
    await expect(b.install(new TextEncoder().encode('not a zip'))).rejects.toThrow(
      /PACKAGE_INVALID|not a|zip/i,
    );
    await expect(readdir(join(root, 'b'))).rejects.toThrow(/ENOENT/);
  });

  it('answers undefined for a plugin it does not have, and removes one it has', async () => {
    await installFixture('agent', join(root, 'a'));
    const a = new FsPluginPackages(join(root, 'a'));
    expect(await a.pack('nothing')).toBeUndefined();
    expect(await a.remove('nothing')).toBe(false);
    expect(await a.remove('agent')).toBe(true);
    expect(await a.installed()).toEqual([]);
  });
});
