import { err, ok, type HttpMethod, type Result } from '@ndp/domain';
import type { HttpResponse } from '@ndp/ports';

/** One hop of a request as the redirect loop sees it. */
export interface Hop {
  readonly method: HttpMethod;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
}

/** The statuses that are followed when they carry a `location` header. */
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

// Credentials meant for one origin must not be handed to another one a server redirects to.
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * The next hop after `response`, or `undefined` when the response is final (not a redirect status, or one
 * without `location`, which is then returned to the plugin as it is).
 *
 * Rules: the location is resolved against the current URL (relative paths work); 307 and 308 keep the method and
 * body; 301, 302 and 303 become GET without body and without `content-*` headers (HEAD stays HEAD: it asked for no
 * body in the first place); a hop to another origin drops `authorization`, `cookie` and `proxy-authorization`.
 * An unparsable location is an error text. Whether the next hop may be sent is not decided here (see `checkHop`).
 */
export function nextHop(hop: Hop, response: HttpResponse): Result<Hop, string> | undefined {
  const location = response.headers['location'];
  if (!REDIRECT_STATUSES.has(response.status) || location === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(location, hop.url);
  } catch {
    return err(`the server redirected ${hop.url.href} to an invalid location "${location}"`);
  }
  const keepsMethod = response.status === 307 || response.status === 308;
  const method: HttpMethod = keepsMethod || hop.method === 'HEAD' ? hop.method : 'GET';
  const sameOrigin = url.origin === hop.url.origin;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(hop.headers)) {
    const lower = name.toLowerCase();
    if (!sameOrigin && CREDENTIAL_HEADERS.has(lower)) continue;
    if (!keepsMethod && lower.startsWith('content-')) continue;
    headers[name] = value;
  }
  const body = keepsMethod ? hop.body : undefined;
  return ok(body === undefined ? { method, url, headers } : { method, url, headers, body });
}
