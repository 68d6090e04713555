import type { AgentMethod, Agents } from '@ndp/application';
import { CAPABILITIES, toJson } from '@ndp/protocol';
import { HttpProblem } from '../http-error.js';
import type { RouteContext, Router } from '../router.js';

/** One agent route: its path under /api/agents/, method, query parameters and which of them must be given. */
interface AgentRoute {
  readonly path: string;
  readonly method: AgentMethod;
  /** Text parameters: request field → accepted query names (the first is the documented one). */
  readonly text: Readonly<Record<string, readonly string[]>>;
  /** Integer parameters (request field = query name). */
  readonly ints?: readonly string[];
  /** At least one of these query names must be given and not empty. */
  readonly anyOf: readonly string[];
}

const ARTIST = { id: ['id'], name: ['name'], mbid: ['mbid'] } as const;
const ALBUM = { name: ['name'], artist: ['artist'], mbid: ['mbid'] } as const;

const ROUTES: readonly AgentRoute[] = [
  { path: 'artists/mbid', method: 'GetArtistMBID', text: { id: ['id'], name: ['name'] }, anyOf: ['name'] },
  { path: 'artists/url', method: 'GetArtistURL', text: ARTIST, anyOf: ['name', 'mbid', 'id'] },
  { path: 'artists/biography', method: 'GetArtistBiography', text: ARTIST, anyOf: ['name', 'mbid', 'id'] },
  {
    path: 'artists/similar',
    method: 'GetSimilarArtists',
    text: ARTIST,
    ints: ['limit'],
    anyOf: ['name', 'mbid', 'id'],
  },
  { path: 'artists/images', method: 'GetArtistImages', text: ARTIST, anyOf: ['name', 'mbid', 'id'] },
  {
    path: 'artists/top-songs',
    method: 'GetArtistTopSongs',
    text: { id: ['id'], artistName: ['artistName', 'name'], mbid: ['mbid'] },
    ints: ['count'],
    anyOf: ['artistName', 'name', 'mbid', 'id'],
  },
  { path: 'albums/info', method: 'GetAlbumInfo', text: ALBUM, anyOf: ['name', 'mbid'] },
  { path: 'albums/images', method: 'GetAlbumImages', text: ALBUM, anyOf: ['name', 'mbid'] },
];

/**
 * Reads a route's request from the query string: an unknown parameter (usually a misspelling) and a missing
 * required one are 400 `BAD_REQUEST` naming the parameter and listing the accepted ones.
 */
function readRequest(route: AgentRoute, ctx: RouteContext): Record<string, string | number> {
  const query = ctx.url.searchParams;
  const known = [...Object.values(route.text).flat(), ...(route.ints ?? [])];
  const accepted = `accepted: ${known.join(', ')}`;
  for (const name of new Set(query.keys())) {
    if (!known.includes(name)) {
      throw new HttpProblem(
        'BAD_REQUEST',
        `unknown query parameter "${name}" for /api/agents/${route.path} (${accepted})`,
        {
          parameter: name,
        },
      );
    }
  }
  if (!route.anyOf.some((n) => (query.get(n) ?? '') !== '')) {
    const [first, ...rest] = route.anyOf;
    const alternatives = rest.length > 0 ? ` (or ${rest.map((n) => `"${n}"`).join(', ')})` : '';
    throw new HttpProblem(
      'BAD_REQUEST',
      `missing query parameter "${first}"${alternatives} for /api/agents/${route.path}`,
      {
        parameter: first,
      },
    );
  }
  const request: Record<string, string | number> = {};
  for (const [field, names] of Object.entries(route.text)) {
    request[field] = names.map((n) => query.get(n)).find((v) => v !== null) ?? '';
  }
  for (const name of route.ints ?? []) request[name] = int(query, name);
  return request;
}

function int(query: URLSearchParams, name: string): number {
  const v = query.get(name);
  if (v === null || v === '') return 0;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) {
    throw new HttpProblem(
      'BAD_REQUEST',
      `query parameter "${name}" must be a non-negative integer, got "${v}"`,
      {
        parameter: name,
      },
    );
  }
  return n;
}

/**
 * `GET /api/agents/...`: every MetadataAgent method through the ordered `Agents` (first usable answer wins;
 * not found / not implemented fall through). Query parameters are the request fields; the JSON answer is the
 * response message in protobuf JSON form.
 */
export function agentRoutes(router: Router, agents: Agents): void {
  for (const route of ROUTES) {
    router.get(`/api/agents/${route.path}`, async (ctx) => {
      const response = await agents.ask(route.method, readRequest(route, ctx) as never);
      return toJson(CAPABILITIES.MetadataAgent.methods[route.method].output, response as never);
    });
  }
}
