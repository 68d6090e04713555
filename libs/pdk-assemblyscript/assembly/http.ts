// Conveniences over the generated HttpService client (permission `http`).
import { HttpRequest, HttpResponse } from '@ndp/protocol/assembly/gen/host/http/http';
import { HttpService } from './gen/host/http';

function request(
  url: string,
  headers: Map<string, string> | null,
  body: Uint8Array | null,
  timeoutMs: i32,
): HttpRequest {
  const req = new HttpRequest();
  req.url = url;
  if (headers != null) req.headers = headers;
  if (body != null) req.body = body;
  req.timeoutMs = timeoutMs;
  return req;
}

/**
 * HTTP through the host (docs/contract.md §5): the host applies the manifest's allow-list and the network guard.
 * Failures (refused, unreachable, timeout) come back in-band: `status` 0 and a non-empty `error`.
 * `timeoutMs` 0 means the host's default (10 s).
 */
export class Http {
  /** GET `url`. */
  static get(url: string, headers: Map<string, string> | null = null, timeoutMs: i32 = 0): HttpResponse {
    return HttpService.get(request(url, headers, null, timeoutMs));
  }

  /** POST `body` to `url`. */
  static post(
    url: string,
    body: Uint8Array,
    headers: Map<string, string> | null = null,
    timeoutMs: i32 = 0,
  ): HttpResponse {
    return HttpService.post(request(url, headers, body, timeoutMs));
  }

  /** POST `text` encoded as UTF-8. */
  static postText(
    url: string,
    text: string,
    headers: Map<string, string> | null = null,
    timeoutMs: i32 = 0,
  ): HttpResponse {
    return Http.post(url, Uint8Array.wrap(String.UTF8.encode(text)), headers, timeoutMs);
  }

  /** The response body decoded as UTF-8. */
  static text(response: HttpResponse): string {
    return String.UTF8.decodeUnsafe(response.body.dataStart, <usize>response.body.length);
  }
}
