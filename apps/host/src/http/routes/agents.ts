import type { Agents } from '@ndp/application';
import { CAPABILITIES, toJson } from '@ndp/protocol';
import { HttpProblem } from '../http-error.js';
import type { RouteContext, Router } from '../router.js';

type Methods = typeof CAPABILITIES.MetadataAgent.methods;

function text(ctx: RouteContext, ...names: string[]): string {
  for (const n of names) {
    const v = ctx.url.searchParams.get(n);
    if (v !== null) return v;
  }
  return '';
}

function int(ctx: RouteContext, name: string): number {
  const v = ctx.url.searchParams.get(name);
  if (v === null || v === '') return 0;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) {
    throw new HttpProblem(
      400,
      'BAD_REQUEST',
      `query parameter "${name}" must be a non-negative integer, got "${v}"`,
    );
  }
  return n;
}

function answer<M extends keyof Methods>(method: M, response: unknown): unknown {
  return toJson(CAPABILITIES.MetadataAgent.methods[method].output, response as never);
}

/**
 * `GET /api/agents/...`: every MetadataAgent method through the ordered `Agents` (first usable answer wins;
 * not found / not implemented fall through). Query parameters are the request fields; the JSON answer is the
 * response message in protobuf JSON form.
 */
export function agentRoutes(router: Router, agents: Agents): void {
  router
    .get('/api/agents/artists/mbid', async (ctx) =>
      answer('GetArtistMBID', await agents.getArtistMBID({ id: text(ctx, 'id'), name: text(ctx, 'name') })),
    )
    .get('/api/agents/artists/url', async (ctx) =>
      answer(
        'GetArtistURL',
        await agents.getArtistURL({ id: text(ctx, 'id'), name: text(ctx, 'name'), mbid: text(ctx, 'mbid') }),
      ),
    )
    .get('/api/agents/artists/biography', async (ctx) =>
      answer(
        'GetArtistBiography',
        await agents.getArtistBiography({
          id: text(ctx, 'id'),
          name: text(ctx, 'name'),
          mbid: text(ctx, 'mbid'),
        }),
      ),
    )
    .get('/api/agents/artists/similar', async (ctx) =>
      answer(
        'GetSimilarArtists',
        await agents.getSimilarArtists({
          id: text(ctx, 'id'),
          name: text(ctx, 'name'),
          mbid: text(ctx, 'mbid'),
          limit: int(ctx, 'limit'),
        }),
      ),
    )
    .get('/api/agents/artists/images', async (ctx) =>
      answer(
        'GetArtistImages',
        await agents.getArtistImages({
          id: text(ctx, 'id'),
          name: text(ctx, 'name'),
          mbid: text(ctx, 'mbid'),
        }),
      ),
    )
    .get('/api/agents/artists/top-songs', async (ctx) =>
      answer(
        'GetArtistTopSongs',
        await agents.getArtistTopSongs({
          id: text(ctx, 'id'),
          artistName: text(ctx, 'artistName', 'name'),
          mbid: text(ctx, 'mbid'),
          count: int(ctx, 'count'),
        }),
      ),
    )
    .get('/api/agents/albums/info', async (ctx) =>
      answer(
        'GetAlbumInfo',
        await agents.getAlbumInfo({
          name: text(ctx, 'name'),
          artist: text(ctx, 'artist'),
          mbid: text(ctx, 'mbid'),
        }),
      ),
    )
    .get('/api/agents/albums/images', async (ctx) =>
      answer(
        'GetAlbumImages',
        await agents.getAlbumImages({
          name: text(ctx, 'name'),
          artist: text(ctx, 'artist'),
          mbid: text(ctx, 'mbid'),
        }),
      ),
    );
}
