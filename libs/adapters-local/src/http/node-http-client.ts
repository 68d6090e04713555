import type { HttpMethod } from '@ndp/domain';
import type { HttpClient, HttpRequest, HttpResult } from '@ndp/ports';
import { systemResolver, type HostResolver } from './host-resolver.js';
import { checkHop } from './hop-guard.js';
import type { HttpTransport } from './http-transport.js';
import { nodeHttpTransport } from './node-http-transport.js';
import { nextHop, type Hop } from './redirect.js';

/** Options of {@link NodeHttpClient}; all optional, the defaults are the real network. */
export interface NodeHttpClientOptions {
  /** Performs one exchange. Default: {@link nodeHttpTransport} (node:http / node:https). */
  readonly transport?: HttpTransport;
  /** Resolves host names before the guard checks them. Default: {@link systemResolver}. */
  readonly resolver?: HostResolver;
}

/** Redirects followed at most (docs/contract.md §2); the next one is an error. */
const MAX_REDIRECTS = 5;
/** The timeout used when a request carries none (a non-positive `timeoutMs`): docs/contract.md §5's 10 s. */
const DEFAULT_TIMEOUT_MS = 10_000;

const BODY_METHODS: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH']);
// Framing and routing are the client's business: a plugin setting them could smuggle a second request or
// address another virtual host than the URL it was allowed.
const MANAGED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'upgrade',
  'te',
  'trailer',
]);

/**
 * The single-node {@link HttpClient}: plugins' outgoing HTTP over node:http / node:https, never global fetch,
 * because both DNS and redirects must stay under our control.
 *
 * Guarantees (beyond the port's): each hop (the first URL and each redirect, at most {@link MAX_REDIRECTS}) is
 * checked by `checkHop` (scheme, allow list, host name, every resolved address) before the transport is called,
 * and the transport connects only to the addresses that were checked, so a DNS answer cannot change between check
 * and connect. The body goes out for POST, PUT and PATCH only. Headers the client manages (`host`,
 * `content-length`, `transfer-encoding`, `connection`, `upgrade`, `te`, `trailer`) are dropped from the plugin's
 * headers. `timeoutMs` bounds the whole exchange, DNS and redirects included (non-positive means
 * {@link DEFAULT_TIMEOUT_MS}), and its failure reads `request timed out after N ms`.
 * Does not guarantee: connection reuse (every hop opens its own connection), cookies, or decompression.
 *
 * @example
 * ```ts
 * const http = new NodeHttpClient();
 * const r = await http.request({ pluginId: 'p', method: 'GET', url: 'https://example.com/', headers: {},
 *   timeoutMs: 10_000, maxResponseBytes: 10 << 20, allowLocalNetwork: false });
 * if (!r.ok) console.log(r.error);
 * ```
 */
export class NodeHttpClient implements HttpClient {
  private readonly transport: HttpTransport;
  private readonly resolver: HostResolver;

  constructor(options: NodeHttpClientOptions = {}) {
    this.transport = options.transport ?? nodeHttpTransport;
    this.resolver = options.resolver ?? systemResolver;
  }

  async request(request: HttpRequest): Promise<HttpResult> {
    // setTimeout fires at once above 2^31-1 ms; no plugin needs a longer deadline than that (~24 days).
    const timeoutMs = Math.min(request.timeoutMs > 0 ? request.timeoutMs : DEFAULT_TIMEOUT_MS, 2 ** 31 - 1);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    try {
      const result = await this.follow(request, deadline.signal);
      return deadline.signal.aborted
        ? { ok: false, error: `request timed out after ${timeoutMs} ms` }
        : result;
    } catch (error) {
      // Only a bug gets here (transports and checks answer in-band); the port still promises never to reject.
      return {
        ok: false,
        error: `request failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  private async follow(request: HttpRequest, signal: AbortSignal): Promise<HttpResult> {
    let hop: Hop;
    try {
      hop = firstHop(request);
    } catch {
      return { ok: false, error: `invalid URL "${request.url}"` };
    }
    const policy = {
      allowLocalNetwork: request.allowLocalNetwork,
      allowList: request.allowList,
      resolver: this.resolver,
      signal,
    };
    // Bounded: one pass per hop, and at most MAX_REDIRECTS + 1 hops.
    for (let redirects = 0; ; redirects++) {
      const checked = await checkHop(hop.url, hop.method, policy);
      if (!checked.ok) return { ok: false, error: checked.error };
      const response = await this.transport({
        ...hop,
        addresses: checked.value,
        maxResponseBytes: request.maxResponseBytes,
        signal,
      });
      if (!response.ok || signal.aborted) return response;
      const next = nextHop(hop, response);
      if (next === undefined) return response;
      if (!next.ok) return { ok: false, error: next.error };
      if (redirects >= MAX_REDIRECTS) {
        return {
          ok: false,
          error: `too many redirects: stopped after ${MAX_REDIRECTS}, before following ${next.value.url.href}`,
        };
      }
      hop = next.value;
    }
  }
}

function firstHop(request: HttpRequest): Hop {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!MANAGED_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  const body = BODY_METHODS.has(request.method) ? (request.body ?? new Uint8Array(0)) : undefined;
  return body === undefined
    ? { method: request.method, url, headers }
    : { method: request.method, url, headers, body };
}
