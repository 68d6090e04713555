// A fake ListenBrainz API: `POST /1/submit-listens` with the real checks and answers. `Authorization: Token <t>`
// must name a known token (else 401 `{"code":401,"error":"..."}`); the body must be a valid submission (else 400
// with the reason): `listen_type` one of `single`, `playing_now`, `import`; `payload` a non-empty array (exactly
// one listen for `single` and `playing_now`); `listened_at` an integer for `single`/`import` and absent for
// `playing_now`; `track_metadata.artist_name` and `track_name` non-empty strings. Success: 200 `{"status":"ok"}`.
import { startFakeServer } from './fake-server.mjs';

const LISTEN_TYPES = new Set(['single', 'playing_now', 'import']);

/** Why a submission is invalid, or null when it is valid. */
function invalidSubmission(body) {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'Invalid JSON document submitted.';
  if (!LISTEN_TYPES.has(body.listen_type)) return 'JSON document does not contain a valid listen_type key.';
  if (!Array.isArray(body.payload) || body.payload.length === 0)
    return 'JSON document does not contain any listens.';
  if (body.listen_type !== 'import' && body.payload.length !== 1) {
    return `JSON document should contain exactly one listen for listen_type ${body.listen_type}.`;
  }
  for (const listen of body.payload) {
    if (typeof listen !== 'object' || listen === null) return 'Invalid listen in payload.';
    if (body.listen_type === 'playing_now') {
      if ('listened_at' in listen)
        return 'JSON document should not contain listened_at field for playing_now listens.';
    } else if (!Number.isInteger(listen.listened_at)) {
      return 'JSON document must contain listened_at field as an integer for single and import listens.';
    }
    const meta = listen.track_metadata;
    if (typeof meta !== 'object' || meta === null) return 'JSON document does not contain track_metadata.';
    if (typeof meta.artist_name !== 'string' || meta.artist_name === '')
      return 'JSON document does not contain required artist_name in track_metadata.';
    if (typeof meta.track_name !== 'string' || meta.track_name === '')
      return 'JSON document does not contain required track_name in track_metadata.';
  }
  return null;
}

/**
 * Starts the fake ListenBrainz API on 127.0.0.1 (random port), accepting the tokens in `tokens`. Point the
 * plugin's `api_url` at `url`. Every request (headers, raw body, parsed JSON) is kept in `requests`, accepted or not.
 */
export function startFakeListenBrainz({ tokens = [] } = {}) {
  const known = new Set(tokens);
  return startFakeServer((request, reply) => {
    if (request.path !== '/1/submit-listens') return reply(404, { code: 404, error: 'Not found' });
    if (request.method !== 'POST') return reply(405, { code: 405, error: 'Method not allowed' });
    const auth = request.headers.authorization;
    if (auth === undefined)
      return reply(401, { code: 401, error: 'You need to provide an Authorization header.' });
    const token = /^Token\s+(\S+)$/.exec(auth)?.[1];
    if (token === undefined || !known.has(token))
      return reply(401, { code: 401, error: 'Invalid authorization token.' });
    if (request.json === undefined) return reply(400, { code: 400, error: 'Cannot parse JSON document.' });
    const problem = invalidSubmission(request.json);
    if (problem) return reply(400, { code: 400, error: problem });
    return reply(200, { status: 'ok' });
  });
}
