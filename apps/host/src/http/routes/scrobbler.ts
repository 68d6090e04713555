import type { Scrobblers } from '@ndp/application';
import {
  fromJson,
  ScrobblerNowPlayingRequestSchema,
  ScrobblerScrobbleRequestSchema,
  type JsonValue,
} from '@ndp/protocol';
import { readJson } from '../body.js';
import { HttpProblem } from '../http-error.js';
import type { Router } from '../router.js';

function parse<S extends typeof ScrobblerNowPlayingRequestSchema | typeof ScrobblerScrobbleRequestSchema>(
  schema: S,
  body: unknown,
) {
  try {
    const message = fromJson(schema, body as JsonValue);
    if (!message.userId && !message.username) throw new Error('"userId" or "username" is required');
    if (!message.track?.name) throw new Error('"track.name" is required');
    if (message.timestamp === 0n) message.timestamp = BigInt(Math.floor(Date.now() / 1000));
    return message;
  } catch (e) {
    throw new HttpProblem('BAD_REQUEST', `invalid scrobble request: ${(e as Error).message}`);
  }
}

/**
 * `POST /api/scrobbler/now-playing` and `/api/scrobbler/scrobble`: the body is the request message in protobuf
 * JSON form (`{"userId","username","track":{"name","artists":[{"name"}],"album","length",...},"timestamp"}`;
 * timestamp defaults to now). Every ready Scrobbler plugin is asked, after IsAuthorized for the user; the answer
 * lists each plugin's outcome.
 */
export function scrobblerRoutes(router: Router, scrobblers: Scrobblers): void {
  router
    .post('/api/scrobbler/now-playing', async (ctx) => ({
      outcomes: await scrobblers.nowPlaying(parse(ScrobblerNowPlayingRequestSchema, await readJson(ctx.req))),
    }))
    .post('/api/scrobbler/scrobble', async (ctx) => ({
      outcomes: await scrobblers.scrobble(parse(ScrobblerScrobbleRequestSchema, await readJson(ctx.req))),
    }));
}
