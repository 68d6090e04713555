import { type FakeExport } from '@ndp/ports/testing';
import { NdpError } from '@ndp/domain';
import {
  AlbumInfoRequestSchema,
  AlbumInfoResponseSchema,
  ArtistBiographyRequestSchema,
  ArtistBiographyResponseSchema,
} from '@ndp/protocol';
import { describe, expect, it } from 'vitest';
import { answer, failWith, manifestOf, managerHarness } from '../testing/manager-harness.js';
import { Agents } from './agents.js';

const biography = (text: string) =>
  answer(ArtistBiographyRequestSchema, ArtistBiographyResponseSchema, () => ({ biography: text }));

async function agentsOf(plugins: Record<string, Record<string, FakeExport>>, order: string[]) {
  const h = managerHarness();
  for (const [id, exports] of Object.entries(plugins)) {
    h.store.put(id, manifestOf(id, ['MetadataAgent']), h.engine.define(id, { exports }));
  }
  await h.manager.start();
  await h.manager.settled();
  return { h, agents: new Agents(h.manager, h.manager.registry, order, h.logger, h.metrics) };
}

describe('Agents', () => {
  it('takes the first usable answer in Agents order', async () => {
    const { agents } = await agentsOf(
      {
        a: { metadata_agent_get_artist_biography: biography('from a') },
        b: { metadata_agent_get_artist_biography: biography('from b') },
      },
      ['b', 'a'],
    );
    expect((await agents.getArtistBiography({ name: 'n' })).biography).toBe('from b');
  });

  it('falls through not_found, not_implemented, empty answers and errors; errors are logged and counted', async () => {
    const { agents, h } = await agentsOf(
      {
        nf: { metadata_agent_get_artist_biography: failWith('plugin:not_found') },
        ni: { metadata_agent_get_artist_url: failWith('x') }, // biography not exported → NOT_IMPLEMENTED without a call
        empty: { metadata_agent_get_artist_biography: biography('') },
        boom: { metadata_agent_get_artist_biography: failWith('upstream 500') },
        last: { metadata_agent_get_artist_biography: biography('finally') },
      },
      ['nf', 'ni', 'empty', 'boom', 'last'],
    );
    expect((await agents.getArtistBiography({ name: 'n' })).biography).toBe('finally');
    expect(
      h.metrics.value('ndp_agent_errors_total', {
        plugin: 'boom',
        method: 'GetArtistBiography',
        code: 'PLUGIN_ERROR',
      }),
    ).toBe(1);
    expect(
      h.metrics.value('ndp_agent_errors_total', {
        plugin: 'nf',
        method: 'GetArtistBiography',
        code: 'NOT_FOUND',
      }),
    ).toBe(0);
    expect(h.logger.find('agent failed').map((l) => l.fields['plugin'])).toEqual(['boom']);
  });

  it('answers NOT_FOUND listing every agent tried and why', async () => {
    const { agents } = await agentsOf(
      {
        nf: { metadata_agent_get_artist_biography: failWith('plugin:not_found') },
        boom: { metadata_agent_get_artist_biography: failWith('kaput') },
      },
      ['nf', 'ghost', 'boom'],
    );
    const error = await agents.getArtistBiography({ name: 'n' }).catch((e: unknown) => e);
    expect(NdpError.is(error, 'NOT_FOUND')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('nf: not found');
    expect(message).toContain('ghost: not a ready MetadataAgent plugin');
    expect(message).toContain('boom: PLUGIN_ERROR');
    expect(message).toContain('kaput');
  });

  it('answers AGENTS_FAILED listing each failure when every agent asked failed', async () => {
    const { agents } = await agentsOf(
      {
        down1: { metadata_agent_get_artist_biography: failWith('getaddrinfo ENOTFOUND a.example') },
        down2: { metadata_agent_get_artist_biography: failWith('getaddrinfo ENOTFOUND b.example') },
      },
      ['down1', 'ghost', 'down2'],
    );
    const error = await agents.getArtistBiography({ name: 'n' }).catch((e: unknown) => e);
    expect(NdpError.is(error, 'AGENTS_FAILED'), String(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/down1: PLUGIN_ERROR .*getaddrinfo ENOTFOUND a\.example/);
    expect(message).toMatch(/down2: PLUGIN_ERROR .*getaddrinfo ENOTFOUND b\.example/);
    expect((error as NdpError).details['tried']).toHaveLength(3);
  });

  it('treats a missing AlbumInfo as no answer', async () => {
    const { agents } = await agentsOf(
      {
        none: {
          metadata_agent_get_album_info: answer(AlbumInfoRequestSchema, AlbumInfoResponseSchema, () => ({})),
        },
        some: {
          metadata_agent_get_album_info: answer(AlbumInfoRequestSchema, AlbumInfoResponseSchema, (r) => ({
            info: { name: r.name },
          })),
        },
      },
      ['none', 'some'],
    );
    expect((await agents.getAlbumInfo({ name: 'Blue' })).info?.name).toBe('Blue');
  });

  it('uses only the plugins listed in Agents', async () => {
    const { agents } = await agentsOf(
      { unlisted: { metadata_agent_get_artist_biography: biography('x') } },
      [],
    );
    await expect(agents.getArtistBiography({})).rejects.toSatisfy((e) => NdpError.is(e, 'NOT_FOUND'));
  });
});
