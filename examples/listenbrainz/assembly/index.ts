// Example plugin `listenbrainz`: sends "now playing" and listens to ListenBrainz for the users who configured a
// token.
//
// `POST https://api.listenbrainz.org/1/submit-listens` with `Authorization: Token <user token>` and
// `{"listen_type":"playing_now"|"single","payload":[{"listened_at"?,"track_metadata":{...}}]}`; the server
// answers `{"status":"ok"}`, or an error status with `{"code":N,"error":"..."}`. Tokens come from the config key
// `users` (`"alice:token1,bob:token2"`), read on every call so that a config reload applies at once.
import {
  Http,
  PluginConfig,
  Scrobbler,
  ScrobblerIsAuthorizedRequest,
  ScrobblerIsAuthorizedResponse,
  ScrobblerNowPlayingRequest,
  ScrobblerNowPlayingResponse,
  ScrobblerScrobbleRequest,
  ScrobblerScrobbleResponse,
  TrackInfo,
  registerScrobbler,
} from '@ndp/pdk-assemblyscript';
import { JsonWriter, parseJsonBytes } from '@ndp/pdk-assemblyscript/assembly/json';

const DEFAULT_API_URL = 'https://api.listenbrainz.org';
const CLIENT_NAME = 'ndp-listenbrainz';
const CLIENT_VERSION = '1.0.0';

/** The token of one user, or why there is none. */
class TokenLookup {
  token: string = '';
  error: string = '';
}

/**
 * Finds `username` in `users`. Entries are `name:token`, comma-separated, spaces around either ignored. A malformed
 * entry is reported only when the user is not found otherwise, so one typo does not lock everyone out; the token
 * itself never appears in a message.
 */
function tokenOf(username: string): TokenLookup {
  const found = new TokenLookup();
  const users = PluginConfig.get('users');
  if (users == null || users.trim() == '') {
    found.error = 'listenbrainz: no users configured (config key "users")';
    return found;
  }
  const entries = users.split(',');
  let malformed = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i].trim();
    if (entry == '') continue;
    const colon = entry.indexOf(':');
    if (colon <= 0 || entry.substring(colon + 1).trim() == '') {
      if (malformed == 0) malformed = i + 1;
      continue;
    }
    if (entry.substring(0, colon).trim() == username) {
      found.token = entry.substring(colon + 1).trim();
      return found;
    }
  }
  found.error =
    malformed > 0
      ? 'listenbrainz: user "' +
        username +
        '" not found; entry ' +
        malformed.toString() +
        ' of "users" is not name:token'
      : 'listenbrainz: user "' + username + '" has no token';
  return found;
}

function apiUrl(): string {
  const configured = PluginConfig.get('api_url');
  let url = configured != null && configured.trim() != '' ? configured.trim() : DEFAULT_API_URL;
  while (url.endsWith('/')) url = url.substring(0, url.length - 1);
  return url;
}

function artistCredit(track: TrackInfo): string {
  const names = new Array<string>();
  for (let i = 0; i < track.artists.length; i++) {
    if (track.artists[i].name != '') names.push(track.artists[i].name);
  }
  return names.join(', ');
}

/** The submission body; `listenedAt` < 0 leaves `listened_at` out, as `playing_now` requires. */
function submission(listenType: string, track: TrackInfo, listenedAt: i64): string {
  const w = new JsonWriter();
  w.beginObject().key('listen_type').string(listenType).key('payload').beginArray().beginObject();
  if (listenedAt >= 0) w.key('listened_at').int(listenedAt);
  w.key('track_metadata').beginObject();
  w.key('artist_name').string(artistCredit(track));
  w.key('track_name').string(track.name);
  if (track.album != '') w.key('release_name').string(track.album);
  w.key('additional_info').beginObject();
  if (track.mbid != '') w.key('recording_mbid').string(track.mbid);
  if (track.albumMbid != '') w.key('release_mbid').string(track.albumMbid);
  let hasArtistMbid = false;
  for (let i = 0; i < track.artists.length; i++) {
    if (track.artists[i].mbid != '') hasArtistMbid = true;
  }
  if (hasArtistMbid) {
    w.key('artist_mbids').beginArray();
    for (let i = 0; i < track.artists.length; i++) {
      if (track.artists[i].mbid != '') w.string(track.artists[i].mbid);
    }
    w.endArray();
  }
  if (track.length > 0) w.key('duration_ms').int(<i64>track.length * 1000);
  w.key('submission_client').string(CLIENT_NAME);
  w.key('submission_client_version').string(CLIENT_VERSION);
  w.endObject(); // additional_info
  w.endObject(); // track_metadata
  w.endObject().endArray().endObject();
  return w.toString();
}

/** Submits one listen for `username`; "" on success, else what went wrong (status and the server's text). */
function submit(username: string, listenType: string, track: TrackInfo | null, listenedAt: i64): string {
  if (track == null || track.name == '') return 'listenbrainz: the request has no track';
  const lookup = tokenOf(username);
  if (lookup.error != '') return lookup.error;
  const headers = new Map<string, string>();
  headers.set('authorization', 'Token ' + lookup.token);
  headers.set('content-type', 'application/json');
  const res = Http.postText(
    apiUrl() + '/1/submit-listens',
    submission(listenType, track, listenedAt),
    headers,
  );
  if (res.error != '') return 'listenbrainz: request failed: ' + res.error;
  const body = Http.text(res);
  if (res.status < 200 || res.status > 299)
    return 'listenbrainz: ' + res.status.toString() + ' ' + body.trim();
  // A 2xx without "status":"ok" is not a success the server vouched for.
  const doc = parseJsonBytes(res.body);
  if (doc == null || doc.getString('status') != 'ok')
    return 'listenbrainz: ' + res.status.toString() + ' ' + body.trim();
  return '';
}

class ListenBrainzScrobbler extends Scrobbler {
  isAuthorized(request: ScrobblerIsAuthorizedRequest): ScrobblerIsAuthorizedResponse | null {
    const res = new ScrobblerIsAuthorizedResponse();
    res.authorized = request.username != '' && tokenOf(request.username).token != '';
    return res;
  }

  nowPlaying(request: ScrobblerNowPlayingRequest): ScrobblerNowPlayingResponse | null {
    const res = new ScrobblerNowPlayingResponse();
    res.error = submit(request.username, 'playing_now', request.track, -1);
    return res;
  }

  scrobble(request: ScrobblerScrobbleRequest): ScrobblerScrobbleResponse | null {
    const res = new ScrobblerScrobbleResponse();
    res.error = submit(request.username, 'single', request.track, request.timestamp);
    return res;
  }
}

registerScrobbler(new ListenBrainzScrobbler());

export * from '@ndp/pdk-assemblyscript/assembly/gen/exports/scrobbler';
