import { NdpError } from '@ndp/domain';
import {
  ArtistBiographyRequestSchema,
  ArtistBiographyResponseSchema,
  InitRequestSchema,
  InitResponseSchema,
} from '@ndp/protocol';
import { sha256Hex } from '@ndp/ports/testing';
import { describe, expect, it } from 'vitest';
import { answer, manifestOf, managerHarness } from '../testing/manager-harness.js';

const bio = answer(ArtistBiographyRequestSchema, ArtistBiographyResponseSchema, (r) => ({
  biography: `about ${r.name}`,
}));

describe('PluginManager loading', () => {
  it('loads a valid plugin, registers its capabilities and reports its status', async () => {
    const h = managerHarness();
    const wasm = h.engine.define('wiki', { exports: { metadata_agent_get_artist_biography: bio } });
    h.store.put(
      'folder-a',
      manifestOf('wiki', ['MetadataAgent'], { permissions: { http: { reason: 'api' } } }),
      wasm,
    );
    await h.manager.start();
    await h.manager.settled();
    const status = h.manager.status('wiki')!;
    expect(status).toMatchObject({
      id: 'wiki',
      folder: 'folder-a',
      state: 'ready',
      version: '1.0.0',
      capabilities: ['MetadataAgent'],
      permissions: ['http'],
      moduleHash: await sha256Hex(wasm),
    });
    expect(status.readyAt).toBeTypeOf('number');
    expect(h.manager.registry.pluginsWith('MetadataAgent')).toEqual(['wiki']);
    const r = await h.manager.invoke('wiki', 'MetadataAgent', 'GetArtistBiography', { name: 'Nina' });
    expect(r.biography).toBe('about Nina');
  });

  it('reports unusable folders and invalid manifests by folder while the others load', async () => {
    const h = managerHarness();
    h.store.putProblem('broken-link', 'symlink target does not exist');
    h.store.put(
      'bad-manifest',
      { name: 'Bad Name!', capabilities: [] },
      h.engine.define('x', { exports: {} }),
    );
    h.store.put(
      'good',
      manifestOf('good', ['MetadataAgent']),
      h.engine.define('good', { exports: { metadata_agent_get_artist_url: bio } }),
    );
    await h.manager.start();
    await h.manager.settled();
    const byFolder = Object.fromEntries(h.manager.list().map((s) => [s.folder, s]));
    expect(byFolder['broken-link']).toMatchObject({
      state: 'failed',
      failure: { code: 'PLUGIN_FOLDER_INVALID' },
    });
    expect(byFolder['broken-link']!.failure!.message).toContain('broken-link');
    expect(byFolder['broken-link']!.failure!.message).toContain('symlink target does not exist');
    expect(byFolder['bad-manifest']).toMatchObject({
      state: 'failed',
      failure: { code: 'MANIFEST_INVALID' },
    });
    expect(byFolder['bad-manifest']!.failure!.message).toContain('/plugins/bad-manifest/manifest.json');
    expect(byFolder['bad-manifest']!.failure!.message).toContain('/name');
    expect(byFolder['good']!.state).toBe('ready');
  });

  it('rejects a second folder with the same name, naming both folders', async () => {
    const h = managerHarness();
    const wasm = h.engine.define('dup', { exports: { metadata_agent_get_artist_url: bio } });
    h.store.put('a-first', manifestOf('dup', ['MetadataAgent']), wasm);
    h.store.put('b-second', manifestOf('dup', ['MetadataAgent']), wasm);
    await h.manager.start();
    await h.manager.settled();
    expect(h.manager.status('dup')).toMatchObject({ folder: 'a-first', state: 'ready' });
    const second = h.manager.list().find((s) => s.folder === 'b-second')!;
    expect(second.failure?.code).toBe('PLUGIN_DUPLICATE_NAME');
    expect(second.failure?.message).toContain('"a-first"');
    expect(second.failure?.message).toContain('"b-second"');
  });

  it('fails a plugin that needs a newer API version', async () => {
    const h = managerHarness();
    h.store.put(
      'f',
      manifestOf('future', ['MetadataAgent'], { apiVersion: 99 }),
      h.engine.define('future', { exports: { metadata_agent_get_artist_url: bio } }),
    );
    await h.manager.start();
    await h.manager.settled();
    expect(h.manager.status('future')).toMatchObject({
      state: 'failed',
      failure: { code: 'API_VERSION_UNSUPPORTED' },
    });
  });

  it('rejects an unpermitted host import with the docs/contract.md §5 message, and names an unknown import', async () => {
    const h = managerHarness();
    h.store.put(
      'n',
      manifestOf('nocache', ['MetadataAgent']),
      h.engine.define('nocache', {
        imports: [{ module: 'extism:host/user', name: 'cache_get_string' }],
        exports: { metadata_agent_get_artist_url: bio },
      }),
    );
    h.store.put(
      'u',
      manifestOf('odd', ['MetadataAgent']),
      h.engine.define('odd', {
        imports: [{ module: 'env', name: 'mystery' }],
        exports: { metadata_agent_get_artist_url: bio },
      }),
    );
    await h.manager.start();
    await h.manager.settled();
    expect(h.manager.status('nocache')!.failure).toEqual({
      code: 'PERMISSION_NOT_GRANTED',
      message: 'plugin "nocache" imports CacheService.GetString but its manifest does not grant "cache"',
    });
    expect(h.manager.status('odd')!.failure).toMatchObject({ code: 'IMPORT_UNKNOWN' });
    expect(h.manager.status('odd')!.failure!.message).toContain('env.mystery');
  });

  it('fails a plugin that declares a capability but exports none of its methods, and compile failures', async () => {
    const h = managerHarness();
    h.store.put('e', manifestOf('empty', ['Scrobbler']), h.engine.define('empty', { exports: {} }));
    h.store.put(
      'c',
      manifestOf('corrupt', ['Scrobbler']),
      h.engine.define('corrupt', { exports: {}, compileError: 'bad magic' }),
    );
    await h.manager.start();
    await h.manager.settled();
    expect(h.manager.status('empty')!.failure!.code).toBe('CAPABILITY_NOT_EXPORTED');
    expect(h.manager.status('corrupt')!.failure).toMatchObject({ code: 'COMPILE_FAILED' });
    expect(h.manager.registry.pluginsWith('Scrobbler')).toEqual([]);
  });

  it('compiles at most two plugins at once', async () => {
    const h = managerHarness();
    const gates: (() => void)[] = [];
    for (let i = 0; i < 5; i++) {
      const wasm = h.engine.define(`p${i}`, {
        exports: { metadata_agent_get_artist_url: bio },
        compileGate: () => new Promise<void>((resolve) => gates.push(resolve)),
      });
      h.store.put(`p${i}`, manifestOf(`p${i}`, ['MetadataAgent']), wasm);
    }
    await h.manager.start();
    for (let round = 0; round < 50 && h.manager.list().some((s) => s.state === 'loading'); round++) {
      await new Promise((r) => setTimeout(r, 1));
      gates.shift()?.();
    }
    await h.manager.settled();
    expect(h.engine.maxConcurrentCompiles).toBe(2);
    expect(h.manager.list().every((s) => s.state === 'ready')).toBe(true);
  });

  it('runs OnInit once with the plugin config before serving, and fails the plugin on an OnInit error', async () => {
    const h = managerHarness();
    h.configSource.set('init-ok', { user: 'alice' });
    const seen: Record<string, string>[] = [];
    h.store.put(
      'ok',
      manifestOf('init-ok', ['LifecycleManagement', 'MetadataAgent']),
      h.engine.define('init-ok', {
        exports: {
          lifecycle_management_on_init: answer(
            InitRequestSchema,
            InitResponseSchema,
            (r) => (seen.push(r.config), {}),
          ),
          metadata_agent_get_artist_biography: bio,
        },
      }),
    );
    h.store.put(
      'bad',
      manifestOf('init-bad', ['LifecycleManagement', 'MetadataAgent']),
      h.engine.define('init-bad', {
        exports: {
          lifecycle_management_on_init: answer(InitRequestSchema, InitResponseSchema, () => ({
            error: 'missing api key',
          })),
          metadata_agent_get_artist_biography: bio,
        },
      }),
    );
    await h.manager.start();
    await h.manager.settled();
    expect(seen).toEqual([{ user: 'alice' }]);
    expect(h.manager.status('init-ok')!.state).toBe('ready');
    const bad = h.manager.status('init-bad')!;
    expect(bad.state).toBe('failed');
    expect(bad.failure!.message).toContain('missing api key');
    expect(h.manager.registry.pluginsWith('MetadataAgent')).toEqual(['init-ok']);
    expect(h.websocket.closedAll).toContain('init-bad');
    await expect(h.manager.invoke('init-bad', 'MetadataAgent', 'GetArtistBiography', {})).rejects.toSatisfy(
      (e) => NdpError.is(e, 'PLUGIN_FAILED'),
    );
  });

  it('cancels the schedules of a plugin whose OnInit fails', async () => {
    const h = managerHarness();
    await h.scheduler.scheduleRecurring({
      pluginId: 'sched',
      scheduleId: 'tick',
      expression: '@hourly',
      payload: new Uint8Array(),
    });
    h.store.put(
      's',
      manifestOf('sched', ['LifecycleManagement']),
      h.engine.define('sched', {
        exports: { lifecycle_management_on_init: () => ({ ok: false, error: 'no config' }) },
      }),
    );
    await h.manager.start();
    await h.manager.settled();
    expect(h.manager.status('sched')!.failure!.code).toBe('PLUGIN_ERROR');
    expect(await h.scheduler.list('sched')).toEqual([]);
  });
});
