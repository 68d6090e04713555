// The plugin's configuration, read from the host on every call: the plugin keeps nothing between calls, so a
// config reload applies to the very next NowPlaying or heartbeat.
import { PluginConfig } from '@ndp/pdk-assemblyscript';
import { parseDurationMs } from './duration';

const DEFAULT_API_URL = 'https://discord.com/api';
const DEFAULT_HEARTBEAT = '41s';
const DEFAULT_CLOSE_DELAY = '5s';

/** A configured value, trimmed; `fallback` when the key is absent or blank. */
function setting(key: string, fallback: string): string {
  const value = PluginConfig.get(key);
  return value != null && value.trim() != '' ? value.trim() : fallback;
}

function withoutTrailingSlash(url: string): string {
  let out = url;
  while (out.endsWith('/')) out = out.substring(0, out.length - 1);
  return out;
}

/** The Discord application id (`clientid`); "" when not configured. */
export function clientId(): string {
  return setting('clientid', '');
}

/** The REST API base (`api_url`, default `https://discord.com/api`), without a trailing slash. */
export function apiUrl(): string {
  return withoutTrailingSlash(setting('api_url', DEFAULT_API_URL));
}

/** The gateway URL to dial when `gateway_url` is set; "" means "ask `GET <api_url>/gateway`". */
export function gatewayOverride(): string {
  return setting('gateway_url', '');
}

/** The heartbeat period (`heartbeat`, default 41 s) in ms; the default when the value does not parse. */
export function heartbeatMs(): i64 {
  const ms = parseDurationMs(setting('heartbeat', DEFAULT_HEARTBEAT));
  return ms > 0 ? ms : parseDurationMs(DEFAULT_HEARTBEAT);
}

/** How long after a track's end its activity is cleared (`close_delay`, default 5 s), in whole seconds. */
export function closeDelaySeconds(): i32 {
  let ms = parseDurationMs(setting('close_delay', DEFAULT_CLOSE_DELAY));
  if (ms < 0) ms = parseDurationMs(DEFAULT_CLOSE_DELAY);
  // The scheduler counts whole seconds; rounding up never clears an activity early.
  return <i32>((ms + 999) / 1000);
}

/** The token of one user, or why there is none. */
export class TokenLookup {
  token: string = '';
  error: string = '';
}

/**
 * Finds `username` in `users` (`"alice:token1,bob:token2"`). A malformed entry makes the whole setting invalid,
 * as in the original plugin, so a typo is noticed rather than silently skipping someone. Tokens never appear in
 * messages.
 */
export function tokenOf(username: string): TokenLookup {
  const found = new TokenLookup();
  const users = setting('users', '');
  if (users == '') {
    found.error = 'discord: no users configured (config key "users")';
    return found;
  }
  const entries = users.split(',');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i].trim();
    if (entry == '') continue;
    const colon = entry.indexOf(':');
    if (colon <= 0 || entry.substring(colon + 1).trim() == '') {
      found.error = 'discord: entry ' + (i + 1).toString() + ' of "users" is not name:token';
      return found;
    }
    if (found.token == '' && entry.substring(0, colon).trim() == username) {
      found.token = entry.substring(colon + 1).trim();
    }
  }
  if (found.token == '') found.error = "discord: user '" + username + "' not authorized";
  return found;
}
