import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NdpError } from '@ndp/domain';
import { FsPluginStateStore, PLUGIN_STATE_FILE } from './fs-plugin-state-store.js';

const folder = () => mkdtempSync(join(tmpdir(), 'ndp-state-'));

describe('FsPluginStateStore', () => {
  it('answers an empty state without a file, and what the last save wrote after one (mode 0600)', async () => {
    const dataFolder = folder();
    const store = new FsPluginStateStore({ dataFolder });
    expect(await store.load()).toEqual({});
    const first = store.save({ a: { enabled: false } });
    const second = store.save({ a: { enabled: true, approvedHash: 'ab'.repeat(32) }, b: { enabled: false } });
    await Promise.all([first, second]);
    const again = new FsPluginStateStore({ dataFolder });
    expect(await again.load()).toEqual({
      a: { enabled: true, approvedHash: 'ab'.repeat(32) },
      b: { enabled: false },
    });
    expect(readdirSync(dataFolder)).toEqual([PLUGIN_STATE_FILE]); // no temporary file left behind
    const { mode } = await import('node:fs').then((fs) => fs.statSync(join(dataFolder, PLUGIN_STATE_FILE)));
    expect(mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dataFolder, PLUGIN_STATE_FILE), 'utf8')).version).toBe(1);
  });

  it('refuses a malformed file naming it, instead of silently enabling everything', async () => {
    const dataFolder = folder();
    writeFileSync(join(dataFolder, PLUGIN_STATE_FILE), '{"plugins": {"a": {"enabled": "no"}}}');
    const error = await new FsPluginStateStore({ dataFolder }).load().catch((e: unknown) => e);
    expect(NdpError.is(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain(join(dataFolder, PLUGIN_STATE_FILE));
    expect((error as Error).message).toContain('"a"');
  });
});
