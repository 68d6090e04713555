import { blockedRequestMessage, type HttpMethod } from '@ndp/domain';
import type { HttpClient, HttpRequest, HttpResult } from '@ndp/ports';

/** What an expected request is answered with. `json` is serialised (and sets `content-type`); `body` is sent as is. */
export interface HttpReply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly json?: unknown;
  /** Answer a transport failure instead of a response (`status 0` and this text in the plugin's `error`). */
  readonly error?: string;
}

/** One request the plugin made, as the host's HTTP port saw it (after the permission check). */
export interface RecordedRequest {
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as UTF-8 text ('' when there is none). */
  readonly text: string;
  readonly body: Uint8Array | undefined;
}

/** Options of one expectation. */
export interface ExpectOptions {
  /** How many requests it answers; default 1. `Infinity` for any number. */
  readonly times?: number;
}

interface Expectation {
  readonly method: HttpMethod;
  readonly url: string | RegExp;
  readonly reply: HttpReply | ((request: RecordedRequest) => HttpReply);
  readonly times: number;
  used: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function describeUrl(url: string | RegExp): string {
  return typeof url === 'string' ? url : String(url);
}

/**
 * The HTTP port of a plugin under test: every request must match an expectation (method and exact URL, or a
 * RegExp), which answers it; anything else is answered with an error naming the request and recorded in
 * {@link unexpected}, so the test fails with the request in the message instead of a plugin reaching the network.
 * The manifest's `allowedUrls` are enforced first, with the same message as the host's client.
 */
export class HttpExpectations implements HttpClient {
  /** Every request that passed the permission check, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Requests no expectation matched. */
  readonly unexpected: RecordedRequest[] = [];
  private readonly expectations: Expectation[] = [];

  /**
   * Expects `method url` and answers it with `reply` (or what `reply(request)` returns). Expectations are tried in
   * the order they were made; a used-up one no longer matches.
   */
  expect(
    method: HttpMethod,
    url: string | RegExp,
    reply: HttpReply | ((request: RecordedRequest) => HttpReply),
    options: ExpectOptions = {},
  ): this {
    const times = options.times ?? 1;
    if (!(times > 0))
      throw new RangeError(`expect(${method} ${describeUrl(url)}): times must be > 0, got ${times}`);
    this.expectations.push({ method, url, reply, times, used: 0 });
    return this;
  }

  /** Expectations not used as often as they said, as `GET https://x (used 0 of 1)` lines. */
  pending(): string[] {
    return this.expectations
      .filter((e) => e.times !== Infinity && e.used < e.times)
      .map((e) => `${e.method} ${describeUrl(e.url)} (used ${e.used} of ${e.times})`);
  }

  /** Throws when a request was unexpected or an expectation was not met, listing each. */
  verify(): void {
    const problems = [
      ...this.unexpected.map((r) => `unexpected request ${r.method} ${r.url}`),
      ...this.pending().map((p) => `expected request not made: ${p}`),
    ];
    if (problems.length > 0) throw new Error(`HTTP expectations not met:\n  ${problems.join('\n  ')}`);
  }

  /** Forgets requests and expectations (between tests sharing one plugin). */
  reset(): void {
    this.requests.length = 0;
    this.unexpected.length = 0;
    this.expectations.length = 0;
  }

  async request(request: HttpRequest): Promise<HttpResult> {
    const verdict = request.allowList?.allows(request.method, request.url);
    if (verdict && !verdict.ok) return { ok: false, error: blockedRequestMessage(verdict.error) };
    const recorded: RecordedRequest = {
      method: request.method,
      url: request.url,
      headers: { ...request.headers },
      body: request.body,
      text: request.body ? decoder.decode(request.body) : '',
    };
    this.requests.push(recorded);
    const match = this.expectations.find(
      (e) =>
        e.used < e.times &&
        e.method === request.method &&
        (typeof e.url === 'string' ? e.url === request.url : e.url.test(request.url)),
    );
    if (!match) {
      this.unexpected.push(recorded);
      const known = this.expectations.map((e) => `${e.method} ${describeUrl(e.url)}`).join(', ') || 'none';
      return {
        ok: false,
        error: `no HTTP expectation matches ${request.method} ${request.url} (expected: ${known})`,
      };
    }
    match.used++;
    const reply = typeof match.reply === 'function' ? match.reply(recorded) : match.reply;
    return answer(reply, request.maxResponseBytes);
  }
}

function answer(reply: HttpReply, maxBytes: number): HttpResult {
  if (reply.error !== undefined) return { ok: false, error: reply.error };
  const headers: Record<string, string> = {};
  let body: Uint8Array;
  if (reply.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = encoder.encode(JSON.stringify(reply.json));
  } else {
    body = typeof reply.body === 'string' ? encoder.encode(reply.body) : (reply.body ?? new Uint8Array());
  }
  for (const [k, v] of Object.entries(reply.headers ?? {})) headers[k.toLowerCase()] = v;
  if (body.length > maxBytes) {
    return { ok: false, error: `response body larger than the limit of ${maxBytes} bytes` };
  }
  return { ok: true, status: reply.status ?? 200, headers, body };
}
