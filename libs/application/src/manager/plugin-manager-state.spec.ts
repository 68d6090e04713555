import type { PluginStateRecord, PluginStateStore } from '@ndp/ports';
import { ArtistBiographyRequestSchema, ArtistBiographyResponseSchema } from '@ndp/protocol';
import { describe, expect, it } from 'vitest';
import { answer, manifestOf, managerHarness } from '../testing/manager-harness.js';

/** The state store port over one object, as a restart sees it: what the last save wrote. */
class MemoryStateStore implements PluginStateStore {
  saved: Record<string, PluginStateRecord> = {};
  async load() {
    return structuredClone(this.saved);
  }
  async save(records: Readonly<Record<string, PluginStateRecord>>) {
    this.saved = structuredClone({ ...records });
  }
}

const says = (text: string) =>
  answer(ArtistBiographyRequestSchema, ArtistBiographyResponseSchema, () => ({ biography: text }));

describe('PluginManager state across restarts', () => {
  it('keeps a disabled plugin disabled after a restart, and enabled again once enabled', async () => {
    const state = new MemoryStateStore();
    const first = managerHarness({ state });
    const wasm = first.engine.define('v1', { exports: { metadata_agent_get_artist_biography: says('x') } });
    first.store.put('p', manifestOf('p', ['MetadataAgent']), wasm);
    await first.manager.start();
    await first.manager.settled();
    await first.manager.disable('p');
    await first.manager.close();

    const second = managerHarness({ state });
    second.engine.define('v1', { exports: { metadata_agent_get_artist_biography: says('x') } });
    second.store.put('p', manifestOf('p', ['MetadataAgent']), wasm);
    await second.manager.start();
    await second.manager.settled();
    expect(second.manager.status('p')?.state).toBe('disabled');
    expect(second.engine.instances).toHaveLength(0); // never compiled nor initialized
    expect((await second.manager.enable('p')).kind).toBe('loaded');
    expect(second.manager.status('p')?.state).toBe('ready');
    expect(state.saved['p']?.enabled).toBe(true);
  });

  it('with requireApproval, holds a new or changed package disabled until it is enabled', async () => {
    const state = new MemoryStateStore();
    const h = managerHarness({ state, requireApproval: true });
    const v1 = h.engine.define('v1', { exports: { metadata_agent_get_artist_biography: says('one') } });
    h.store.put('p', manifestOf('p', ['MetadataAgent']), v1);
    await h.manager.start();
    await h.manager.settled();
    expect(h.manager.status('p')).toMatchObject({ state: 'disabled', failure: { code: 'PLUGIN_DISABLED' } });
    expect(h.manager.status('p')?.failure?.message).toContain('Plugins.RequireApproval');
    await h.manager.enable('p');
    expect(h.manager.status('p')?.state).toBe('ready');
    expect(state.saved['p']?.approvedHash).toMatch(/^[0-9a-f]{64}$/);

    // The same package again is approved; a changed one is held back.
    await h.manager.refresh('p');
    expect(h.manager.status('p')?.state).toBe('ready');
    const v2 = h.engine.define('v2', { exports: { metadata_agent_get_artist_biography: says('two') } });
    h.store.put('p', manifestOf('p', ['MetadataAgent'], { version: '2.0.0' }), v2);
    await h.manager.refresh('p');
    expect(h.manager.status('p')).toMatchObject({ state: 'disabled', version: '2.0.0' });
    expect(h.manager.registry.pluginsWith('MetadataAgent')).toEqual([]);
  });

  it('forgets the saved state of a plugin whose folder is gone', async () => {
    const state = new MemoryStateStore();
    const h = managerHarness({ state });
    const wasm = h.engine.define('v1', { exports: { metadata_agent_get_artist_biography: says('x') } });
    h.store.put('p', manifestOf('p', ['MetadataAgent']), wasm);
    await h.manager.start();
    await h.manager.settled();
    await h.manager.disable('p');
    h.store.delete('p');
    expect(await h.manager.refresh('p')).toEqual({ kind: 'removed', id: 'p' });
    expect(state.saved).toEqual({});
  });
});
