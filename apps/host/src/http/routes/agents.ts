import type { AgentMethod, Agents } from '@ndp/application';
import { CAPABILITIES, toJson } from '@ndp/protocol';
import { HttpProblem } from '../http-error.js';
import type { RouteContext, Router } from '../router.js';

/** Reads the request fields of a route from the query string. */
class Query {
  constructor(private readonly ctx: RouteContext) {}

  text(...names: string[]): string {
    for (const n of names) {
      const v = this.ctx.url.searchParams.get(n);
      if (v !== null) return v;
    }
    return '';
  }

  int(name: string): number {
    const v = this.ctx.url.searchParams.get(name);
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
}

/** Path (under /api/agents/), method, and how its request is read from the query string. */
const ROUTES: readonly (readonly [string, AgentMethod, (q: Query) => Record<string, string | number>])[] = [
  ['artists/mbid', 'GetArtistMBID', (q) => ({ id: q.text('id'), name: q.text('name') })],
  ['artists/url', 'GetArtistURL', (q) => ({ id: q.text('id'), name: q.text('name'), mbid: q.text('mbid') })],
  [
    'artists/biography',
    'GetArtistBiography',
    (q) => ({ id: q.text('id'), name: q.text('name'), mbid: q.text('mbid') }),
  ],
  [
    'artists/similar',
    'GetSimilarArtists',
    (q) => ({ id: q.text('id'), name: q.text('name'), mbid: q.text('mbid'), limit: q.int('limit') }),
  ],
  [
    'artists/images',
    'GetArtistImages',
    (q) => ({ id: q.text('id'), name: q.text('name'), mbid: q.text('mbid') }),
  ],
  [
    'artists/top-songs',
    'GetArtistTopSongs',
    (q) => ({
      id: q.text('id'),
      artistName: q.text('artistName', 'name'),
      mbid: q.text('mbid'),
      count: q.int('count'),
    }),
  ],
  [
    'albums/info',
    'GetAlbumInfo',
    (q) => ({ name: q.text('name'), artist: q.text('artist'), mbid: q.text('mbid') }),
  ],
  [
    'albums/images',
    'GetAlbumImages',
    (q) => ({ name: q.text('name'), artist: q.text('artist'), mbid: q.text('mbid') }),
  ],
];

/**
 * `GET /api/agents/...`: every MetadataAgent method through the ordered `Agents` (first usable answer wins;
 * not found / not implemented fall through). Query parameters are the request fields; the JSON answer is the
 * response message in protobuf JSON form.
 */
export function agentRoutes(router: Router, agents: Agents): void {
  for (const [path, method, request] of ROUTES) {
    router.get(`/api/agents/${path}`, async (ctx) => {
      const response = await agents.ask(method, request(new Query(ctx)) as never);
      return toJson(CAPABILITIES.MetadataAgent.methods[method].output, response as never);
    });
  }
}
