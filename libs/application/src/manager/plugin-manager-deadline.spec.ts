import { type FakeExport } from '@ndp/ports/testing';
import { NdpError } from '@ndp/domain';
import { ArtistURLRequestSchema, ArtistURLResponseSchema } from '@ndp/protocol';
import { describe, expect, it } from 'vitest';
import { answer, manifestOf, managerHarness } from '../testing/manager-harness.js';

const url = answer(ArtistURLRequestSchema, ArtistURLResponseSchema, () => ({ url: 'u' }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An export that runs until its deadline, then fails as an engine does. */
const loopUntilDeadline: FakeExport = async (_input, ctx) => {
  await sleep(ctx.options.timeoutMs);
  throw new NdpError('GUEST_TIMEOUT', `plugin "${ctx.pluginId}": deadline passed`);
};

async function started(exports: Record<string, FakeExport>, opts = {}, compileGate?: () => Promise<void>) {
  const h = managerHarness(opts);
  h.store.put('p', manifestOf('p', ['MetadataAgent']), h.engine.define('p', { exports, compileGate }));
  await h.manager.start();
  if (!compileGate) await h.manager.settled();
  return h;
}

describe('PluginManager: one deadline per call', () => {
  it('reports a call that spent its deadline queued for an instance as POOL_TIMEOUT, with the real wait', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const h = await started(
      { metadata_agent_get_artist_url: async (i, c) => (await held, url(i, c)) },
      { limits: { callTimeoutMs: 150, pool: { maxInUse: 1, acquireTimeoutMs: 5_000 } } },
    );
    const busy = h.manager.invoke('p', 'MetadataAgent', 'GetArtistURL', {}, { timeoutMs: 10_000 });
    const error = await h.manager.invoke('p', 'MetadataAgent', 'GetArtistURL', {}).catch((e: unknown) => e);
    release();
    await busy;
    expect(NdpError.is(error, 'POOL_TIMEOUT')).toBe(true);
    const e = error as NdpError;
    expect(e.message).toMatch(
      /^timeout waiting for available instance: plugin "p" GetArtistURL waited \d+ ms/,
    );
    expect(e.details).toMatchObject({ phase: 'acquire', deadlineMs: 150, pluginId: 'p' });
    // The wait ended at the call's deadline, not at the pool's 5 s.
    expect(e.details!['elapsedMs']).toBeGreaterThanOrEqual(149);
    expect(e.details!['elapsedMs']).toBeLessThan(4_000);
  });

  it('gives the guest only what waiting for the loading plugin left of the deadline', async () => {
    const seen: number[] = [];
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const h = await started(
      { metadata_agent_get_artist_url: (i, c) => (seen.push(c.options.timeoutMs), url(i, c)) },
      {},
      () => gate,
    );
    const call = h.manager.invoke('p', 'MetadataAgent', 'GetArtistURL', {}, { timeoutMs: 2_000 });
    await sleep(600);
    open();
    expect((await call).url).toBe('u');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeLessThanOrEqual(1_400);
    // Instantiation got what was left too (the engine bounds start functions with it).
    expect(h.engine.instantiations[0]!.timeoutMs).toBeLessThanOrEqual(1_400);
  });

  it('ends a call that waited for loading and then loops at its one deadline, not twice it', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const h = await started({ metadata_agent_get_artist_url: loopUntilDeadline }, {}, () => gate);
    const started_ = Date.now();
    const call = h.manager
      .invoke('p', 'MetadataAgent', 'GetArtistURL', {}, { timeoutMs: 600 })
      .catch((e: unknown) => e);
    await sleep(300);
    open();
    const error = await call;
    const took = Date.now() - started_;
    expect(NdpError.is(error, 'GUEST_TIMEOUT')).toBe(true);
    const e = error as NdpError;
    expect(e.message).toMatch(
      /^plugin "p" did not finish GetArtistURL within the call's deadline of 600 ms: it ran \d+ ms after \d+ ms waiting/,
    );
    expect(e.details).toMatchObject({ phase: 'run', deadlineMs: 600 });
    expect(e.details!['phaseMs']).toBeLessThan(600); // the run got the rest, not a fresh 600 ms
    expect(took).toBeLessThan(1_150); // generous: twice the deadline would be 900 ms or more
  });

  it('says the plugin was still loading, and for how long, when loading used the whole deadline', async () => {
    const h = await started({ metadata_agent_get_artist_url: url }, {}, () => new Promise(() => undefined));
    const error = await h.manager
      .invoke('p', 'MetadataAgent', 'GetArtistURL', {}, { timeoutMs: 50 })
      .catch((e: unknown) => e);
    expect(NdpError.is(error, 'PLUGIN_NOT_READY')).toBe(true);
    expect((error as NdpError).message).toMatch(
      /still loading after \d+ ms, the call's whole deadline of 50 ms/,
    );
    expect((error as NdpError).details).toMatchObject({ phase: 'loading', deadlineMs: 50 });
  });
});
