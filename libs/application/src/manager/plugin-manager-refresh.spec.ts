import { sha256Hex, type FakeExport } from '@ndp/ports/testing';
import { NdpError } from '@ndp/domain';
import {
  ArtistBiographyRequestSchema,
  ArtistBiographyResponseSchema,
  InitRequestSchema,
  InitResponseSchema,
} from '@ndp/protocol';
import { describe, expect, it } from 'vitest';
import { answer, manifestOf, managerHarness } from '../testing/manager-harness.js';

const says = (text: string) =>
  answer(ArtistBiographyRequestSchema, ArtistBiographyResponseSchema, () => ({ biography: text }));

describe('PluginManager refresh', () => {
  it('swaps to the new version while an in-flight call finishes on the old one', async () => {
    const h = managerHarness();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const slowOld: FakeExport = async (input, ctx) => {
      await held;
      return says('old')(input, ctx);
    };
    h.store.put(
      'f',
      manifestOf('p', ['MetadataAgent']),
      h.engine.define('v1', { exports: { metadata_agent_get_artist_biography: slowOld } }),
    );
    await h.manager.start();
    await h.manager.settled();
    const inFlight = h.manager.invoke('p', 'MetadataAgent', 'GetArtistBiography', {});
    await new Promise((r) => setTimeout(r, 5));
    const v2 = h.engine.define('v2', { exports: { metadata_agent_get_artist_biography: says('new') } });
    h.store.put('f', manifestOf('p', ['MetadataAgent'], { version: '2.0.0' }), v2);
    const outcome = await h.manager.refresh('p');
    expect(outcome).toMatchObject({
      kind: 'loaded',
      status: { state: 'ready', version: '2.0.0', moduleHash: await sha256Hex(v2) },
    });
    expect((await h.manager.invoke('p', 'MetadataAgent', 'GetArtistBiography', {})).biography).toBe('new');
    release();
    expect((await inFlight).biography).toBe('old');
    await new Promise((r) => setTimeout(r, 5));
    expect(h.engine.instances[0]!.closed).toBe(true);
  });

  it('runs OnInit again on refresh', async () => {
    const h = managerHarness();
    let inits = 0;
    const init = answer(InitRequestSchema, InitResponseSchema, () => (inits++, {}));
    h.store.put(
      'f',
      manifestOf('p', ['LifecycleManagement']),
      h.engine.define('v1', { exports: { lifecycle_management_on_init: init } }),
    );
    await h.manager.start();
    await h.manager.settled();
    await h.manager.refresh('p');
    expect(inits).toBe(2);
  });

  it('marks a plugin failed when its refreshed version fails, and stops serving the old one', async () => {
    const h = managerHarness();
    h.store.put(
      'f',
      manifestOf('p', ['MetadataAgent']),
      h.engine.define('v1', { exports: { metadata_agent_get_artist_biography: says('old') } }),
    );
    await h.manager.start();
    await h.manager.settled();
    h.store.put(
      'f',
      manifestOf('p', ['MetadataAgent'], { permissions: {} }),
      h.engine.define('v2', {
        imports: [{ module: 'extism:host/user', name: 'http_get' }],
        exports: { metadata_agent_get_artist_biography: says('new') },
      }),
    );
    const outcome = await h.manager.refresh('p');
    expect(outcome).toMatchObject({
      kind: 'loaded',
      status: { state: 'failed', failure: { code: 'PERMISSION_NOT_GRANTED' } },
    });
    expect(h.manager.registry.pluginsWith('MetadataAgent')).toEqual([]);
  });

  it('finds the plugin in another folder, picks up a new plugin, and removes one whose folder is gone', async () => {
    const h = managerHarness();
    const wasm = h.engine.define('v1', { exports: { metadata_agent_get_artist_biography: says('x') } });
    h.store.put('old-folder', manifestOf('p', ['MetadataAgent']), wasm);
    await h.manager.start();
    await h.manager.settled();
    h.store.delete('old-folder');
    h.store.put('new-folder', manifestOf('p', ['MetadataAgent']), wasm);
    expect(await h.manager.refresh('p')).toMatchObject({
      kind: 'loaded',
      status: { folder: 'new-folder', state: 'ready' },
    });
    h.store.put('fresh', manifestOf('q', ['MetadataAgent']), wasm);
    expect(await h.manager.refresh('q')).toMatchObject({
      kind: 'loaded',
      status: { folder: 'fresh', state: 'ready' },
    });
    h.store.delete('new-folder');
    expect(await h.manager.refresh('p')).toEqual({ kind: 'removed', id: 'p' });
    expect(h.manager.status('p')).toBeUndefined();
    expect(h.manager.registry.pluginsWith('MetadataAgent')).toEqual(['q']);
    await expect(h.manager.refresh('p')).rejects.toSatisfy((e) => NdpError.is(e, 'PLUGIN_NOT_FOUND'));
  });

  it('reports an invalid folder and a duplicate found by a refresh as at start, and forgets them once gone', async () => {
    const h = managerHarness();
    const wasm = h.engine.define('v1', { exports: { metadata_agent_get_artist_biography: says('x') } });
    h.store.put('p', manifestOf('p', ['MetadataAgent']), wasm);
    await h.manager.start();
    await h.manager.settled();
    h.store.put('bad', '{"name": "bad"', wasm);
    h.store.put('p-copy', manifestOf('p', ['MetadataAgent']), wasm);
    const outcome = await h.manager.refresh('bad');
    expect(outcome).toMatchObject({ kind: 'unusable', status: { folder: 'bad', state: 'failed' } });
    expect(h.manager.list().map((s) => [s.folder, s.state, s.failure?.code])).toEqual([
      ['bad', 'failed', 'MANIFEST_INVALID'],
      ['p', 'ready', undefined],
      ['p-copy', 'failed', 'PLUGIN_DUPLICATE_NAME'],
    ]);
    h.store.delete('bad');
    h.store.delete('p-copy');
    await h.manager.rescan();
    expect(h.manager.list().map((s) => s.folder)).toEqual(['p']);
  });

  it('refreshes a plugin when its configuration changes, so OnInit sees the new values', async () => {
    const h = managerHarness();
    const seen: string[] = [];
    const init = answer(InitRequestSchema, InitResponseSchema, (r) => (seen.push(r.config['key'] ?? ''), {}));
    h.store.put(
      'f',
      manifestOf('p', ['LifecycleManagement']),
      h.engine.define('v1', { exports: { lifecycle_management_on_init: init } }),
    );
    await h.manager.start();
    await h.manager.settled();
    h.configSource.set('p', { key: 'v2' });
    await new Promise((r) => setTimeout(r, 5));
    await h.manager.settled();
    expect(seen).toEqual(['', 'v2']);
  });
});
