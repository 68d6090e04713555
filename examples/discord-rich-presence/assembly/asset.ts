// Track artwork as a Discord "external asset": Discord shows only images it proxies itself, so the artwork URL
// is registered through `POST <api>/v9/applications/<clientid>/external-assets` and used as `mp:<path>`.
import { Artwork, Cache, Http, Log } from '@ndp/pdk-assemblyscript';
import { JsonWriter, parseJsonBytes } from '@ndp/pdk-assemblyscript/assembly/json';
import { apiUrl } from './settings';

/** Shown when the track has no usable artwork (the original plugin's default). */
export const DEFAULT_IMAGE = 'https://i.imgur.com/hb3XPzA.png';

const ASSET_TTL_SECONDS: i64 = 4 * 3600;
const DEFAULT_ASSET_TTL_SECONDS: i64 = 48 * 3600;
const HEX = '0123456789abcdef';

function hex(text: string): string {
  const bytes = Uint8Array.wrap(String.UTF8.encode(text));
  const parts = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i++) parts[i] = HEX.charAt(bytes[i] >> 4) + HEX.charAt(bytes[i] & 15);
  return parts.join('');
}

/** `mp:<path>` for `url`, from the cache or the API; "" when Discord did not give one. */
function externalAsset(url: string, clientId: string, token: string, ttlSeconds: i64): string {
  const key = 'discord.image.' + hex(url);
  const cached = Cache.getString(key);
  if (cached != null) return cached;
  const headers = new Map<string, string>();
  headers.set('authorization', token);
  headers.set('content-type', 'application/json');
  const body = new JsonWriter().beginObject().key('urls').beginArray().string(url).endArray().endObject();
  const res = Http.postText(
    apiUrl() + '/v9/applications/' + clientId + '/external-assets',
    body.toString(),
    headers,
  );
  if (res.error != '' || res.status < 200 || res.status > 299) {
    Log.warn(
      'discord: external asset refused (' + (res.error != '' ? res.error : res.status.toString()) + ')',
    );
    return '';
  }
  const doc = parseJsonBytes(res.body);
  const first = doc != null ? doc.at(0) : null;
  const path = first != null ? first.getString('external_asset_path') : '';
  if (path == '') return '';
  const asset = 'mp:' + path;
  Cache.setString(key, asset, ttlSeconds);
  return asset;
}

/**
 * The `large_image` of a track's activity: its artwork (size 300) as an external asset; the default image when
 * the artwork is missing, only reachable on this machine (`http://localhost`), or refused; "" when even that fails.
 */
export function trackImage(trackId: string, clientId: string, token: string): string {
  const url = trackId != '' ? Artwork.trackUrl(trackId, 300) : '';
  if (url != '' && !url.startsWith('http://localhost')) {
    const asset = externalAsset(url, clientId, token, ASSET_TTL_SECONDS);
    if (asset != '') return asset;
  }
  return externalAsset(DEFAULT_IMAGE, clientId, token, DEFAULT_ASSET_TTL_SECONDS);
}
