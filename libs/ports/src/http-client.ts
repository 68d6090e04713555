import type { HttpAllowList, HttpMethod } from '@ndp/domain';

/** One outgoing request of a plugin. */
export interface HttpRequest {
  readonly pluginId: string;
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Sent for POST, PUT and PATCH only; ignored otherwise. */
  readonly body?: Uint8Array;
  /** The whole exchange, redirects included, must finish within this many milliseconds. */
  readonly timeoutMs: number;
  /** A response body longer than this is an in-band error, never a silent truncation. */
  readonly maxResponseBytes: number;
  /** When false (the default in manifests), loopback, private, link-local, unique-local and unspecified addresses are refused. */
  readonly allowLocalNetwork: boolean;
  /** The manifest's `http.allowedUrls`; absent = any public URL. Checked on the first URL and on every redirect. */
  readonly allowList?: HttpAllowList;
}

/** A response: header names lower-case, one value per name (repeated headers joined with `, `). */
export interface HttpResponse {
  readonly ok: true;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** A request that produced no response: the text goes to the plugin as `error` with status 0. */
export interface HttpFailure {
  readonly ok: false;
  readonly error: string;
}

/** What {@link HttpClient.request} resolves with. */
export type HttpResult = HttpResponse | HttpFailure;

/**
 * Outgoing HTTP for plugins.
 *
 * Guarantees: never rejects for anything the plugin or the network did (bad URL, DNS or dial failure, refused
 * address, allow-list refusal, timeout, body too large): those are in-band {@link HttpFailure}s. The network guard
 * runs on the resolved addresses (no DNS-rebinding bypass) on the first hop and on every redirect, at most 5
 * redirects. Refusals read `request blocked by plugin permissions: <why>`.
 * Does not guarantee: cookies, caching, or retries.
 *
 * @example
 * ```ts
 * const r = await http.request({ pluginId, method: 'GET', url, headers: {}, timeoutMs: 10_000,
 *   maxResponseBytes: 10 << 20, allowLocalNetwork: false });
 * ```
 */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResult>;
}
