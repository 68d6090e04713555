import { NdpError } from '@ndp/domain';
import {
  ArtistBiographyRequestSchema,
  ArtistBiographyResponseSchema,
  ArtistURLResponseSchema,
  ArtistURLRequestSchema,
} from '@ndp/protocol';
import { describe, expect, it } from 'vitest';
import { encodeMessage, decodeMessage } from '../codec/proto-codec.js';
import { answer, failWith, manifestOf, managerHarness } from '../testing/manager-harness.js';

const bio = answer(ArtistBiographyRequestSchema, ArtistBiographyResponseSchema, (r) => ({
  biography: `about ${r.name}`,
}));

async function started(
  exports: Parameters<ReturnType<typeof managerHarness>['engine']['define']>[1]['exports'],
  opts = {},
) {
  const h = managerHarness(opts);
  h.store.put('p', manifestOf('p', ['MetadataAgent']), h.engine.define('p', { exports }));
  await h.manager.start();
  await h.manager.settled();
  return h;
}

describe('PluginManager calls', () => {
  it('answers bytes through call() and records metrics and a log line', async () => {
    const h = await started({ metadata_agent_get_artist_biography: bio });
    const out = await h.manager.call(
      'p',
      'MetadataAgent',
      'GetArtistBiography',
      encodeMessage(ArtistBiographyRequestSchema, { name: 'X' }),
    );
    expect(decodeMessage(ArtistBiographyResponseSchema, out).biography).toBe('about X');
    expect(h.metrics.value('ndp_plugin_calls_total', { plugin: 'p', method: 'GetArtistBiography' })).toBe(1);
    expect(
      h.metrics.observed('ndp_plugin_call_duration_seconds', { plugin: 'p', method: 'GetArtistBiography' }),
    ).toHaveLength(1);
    const line = h.logger.find('plugin call').at(-1)!;
    expect(line.fields).toMatchObject({ plugin: 'p', method: 'GetArtistBiography' });
    expect(line.fields['durationMs']).toBeTypeOf('number');
  });

  it('answers NOT_IMPLEMENTED without a call when a declared method is not exported', async () => {
    const h = await started({ metadata_agent_get_artist_biography: bio });
    await expect(h.manager.invoke('p', 'MetadataAgent', 'GetArtistURL', {})).rejects.toSatisfy((e) =>
      NdpError.is(e, 'NOT_IMPLEMENTED'),
    );
    expect(h.engine.instances).toHaveLength(0);
    expect(
      h.metrics.value('ndp_plugin_call_errors_total', {
        plugin: 'p',
        method: 'GetArtistURL',
        code: 'NOT_IMPLEMENTED',
      }),
    ).toBe(1);
  });

  it('maps the standard strings in the error channel and in the response error field (docs/contract.md §4)', async () => {
    const h = await started({
      metadata_agent_get_artist_biography: failWith('plugin:not_found'),
      metadata_agent_get_artist_url: failWith('rate limited'),
      metadata_agent_get_artist_mbid: failWith('plugin:not_implemented'),
    });
    await expect(h.manager.invoke('p', 'MetadataAgent', 'GetArtistBiography', {})).rejects.toSatisfy((e) =>
      NdpError.is(e, 'NOT_FOUND'),
    );
    await expect(h.manager.invoke('p', 'MetadataAgent', 'GetArtistMBID', {})).rejects.toSatisfy((e) =>
      NdpError.is(e, 'NOT_IMPLEMENTED'),
    );
    const err = await h.manager.invoke('p', 'MetadataAgent', 'GetArtistURL', {}).catch((e: unknown) => e);
    expect(NdpError.is(err, 'PLUGIN_ERROR') && err.details).toMatchObject({
      pluginId: 'p',
      method: 'GetArtistURL',
    });
    expect((err as NdpError).message).toContain('rate limited');
    expect(
      h.metrics.value('ndp_plugin_call_errors_total', {
        plugin: 'p',
        method: 'GetArtistURL',
        code: 'PLUGIN_ERROR',
      }),
    ).toBe(1);
  });

  it('keeps GUEST_* codes and never reuses the broken instance', async () => {
    let trap = true;
    const h = await started({
      metadata_agent_get_artist_biography: (input, ctx) => {
        if (trap) {
          trap = false;
          throw new NdpError('GUEST_TRAP', 'unreachable');
        }
        return bio(input, ctx);
      },
    });
    await expect(h.manager.invoke('p', 'MetadataAgent', 'GetArtistBiography', {})).rejects.toSatisfy((e) =>
      NdpError.is(e, 'GUEST_TRAP'),
    );
    const r = await h.manager.invoke('p', 'MetadataAgent', 'GetArtistBiography', { name: 'Y' });
    expect(r.biography).toBe('about Y');
    expect(h.engine.instances).toHaveLength(2);
    expect(h.engine.instances[0]!.closed).toBe(true);
  });

  it('gives the guest the per-plugin deadline override, else the host default', async () => {
    const seen: number[] = [];
    const h = await started(
      {
        metadata_agent_get_artist_biography: (input, ctx) => (
          seen.push(ctx.options.timeoutMs),
          bio(input, ctx)
        ),
      },
      { limits: { callTimeoutMs: 7_000 }, overrides: { p: { callTimeoutMs: 300 } } },
    );
    await h.manager.invoke('p', 'MetadataAgent', 'GetArtistBiography', {});
    await h.manager.invoke('p', 'MetadataAgent', 'GetArtistBiography', {}, { timeoutMs: 50 });
    expect(seen[0]).toBeLessThanOrEqual(300);
    expect(seen[0]).toBeGreaterThan(250);
    expect(seen[1]).toBeLessThanOrEqual(50);
  });

  it('makes a call to a loading plugin wait for it, bounded by the deadline', async () => {
    const h = managerHarness();
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    h.store.put(
      'slow',
      manifestOf('slow', ['MetadataAgent']),
      h.engine.define('slow', {
        exports: {
          metadata_agent_get_artist_url: answer(ArtistURLRequestSchema, ArtistURLResponseSchema, () => ({
            url: 'u',
          })),
        },
        compileGate: () => gate,
      }),
    );
    await h.manager.start();
    expect(h.manager.status('slow')!.state).toBe('loading');
    await expect(
      h.manager.invoke('slow', 'MetadataAgent', 'GetArtistURL', {}, { timeoutMs: 20 }),
    ).rejects.toSatisfy((e) => NdpError.is(e, 'PLUGIN_NOT_READY'));
    const pending = h.manager.invoke('slow', 'MetadataAgent', 'GetArtistURL', {}, { timeoutMs: 5_000 });
    open();
    expect((await pending).url).toBe('u');
  });

  it('refuses calls to unknown, disabled and removed plugins with distinct codes', async () => {
    const h = await started({ metadata_agent_get_artist_biography: bio });
    await expect(h.manager.invoke('nope', 'MetadataAgent', 'GetArtistBiography', {})).rejects.toSatisfy((e) =>
      NdpError.is(e, 'PLUGIN_NOT_FOUND'),
    );
    await h.manager.disable('p');
    await expect(h.manager.invoke('p', 'MetadataAgent', 'GetArtistBiography', {})).rejects.toSatisfy((e) =>
      NdpError.is(e, 'PLUGIN_DISABLED'),
    );
    expect(h.manager.registry.pluginsWith('MetadataAgent')).toEqual([]);
    expect(h.websocket.closedAll).toEqual(['p']);
    await h.manager.enable('p');
    expect(h.manager.status('p')!.state).toBe('ready');
    expect(
      (await h.manager.invoke('p', 'MetadataAgent', 'GetArtistBiography', { name: 'Z' })).biography,
    ).toBe('about Z');
    await h.manager.remove('p');
    expect(h.manager.status('p')).toBeUndefined();
    await expect(h.manager.invoke('p', 'MetadataAgent', 'GetArtistBiography', {})).rejects.toSatisfy((e) =>
      NdpError.is(e, 'PLUGIN_NOT_FOUND'),
    );
  });
});
