/**
 * One Extism `http_request` of a guest, as the PDKs send it: the JSON `{url, method, headers}` they place in
 * Extism memory, decoded, plus the body block (empty when the guest passed none). `method` is upper-cased and
 * defaults to `GET`; the engine has not judged the URL: the handler does (allow list, network guard).
 */
export interface ExtismHttpRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/**
 * What the guest reads back: `http_status_code()`, `http_headers()` (as JSON) and the returned body block.
 * A request that got no response (refused, unreachable, timed out) is status 0 with the reason as the body:
 * an in-band answer, never a trap.
 */
export interface ExtismHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/**
 * Performs a guest's Extism `http_request`. The application supplies one only when the plugin's manifest grants
 * `http`, built on the same guarded client, allow list and network guard as the http host service. It must not
 * reject for anything the guest or the network did: such failures are status 0 answers.
 *
 * @example
 * ```ts
 * const httpRequest: ExtismHttpHandler = async (r) => ({ status: 204, headers: {}, body: new Uint8Array(0) });
 * ```
 */
export type ExtismHttpHandler = (request: ExtismHttpRequest) => Promise<ExtismHttpResponse>;

/**
 * The name under which an engine's guest thread forwards `http_request` through its host-call channel. It cannot
 * clash with a host function: those are plain identifiers of `extism:host/user`.
 */
export const EXTISM_HTTP_CALL = 'extism:host/env#http_request';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Why the answer is status 0 when the plugin was not granted `http`. */
const EXTISM_HTTP_NOT_GRANTED = 'request blocked by plugin permissions: the manifest does not grant "http"';

/**
 * Answers one forwarded `http_request` on the engine's main side. `frame` is what the guest thread sent
 * (`u32le` JSON length, the request JSON, the body); the answer is `u32le` status, `u32le` headers-JSON length,
 * the headers JSON, the body. Bad JSON, a missing handler or a handler that rejects all answer status 0 with the
 * reason as the body, so the guest sees an HTTP failure, never a trap.
 *
 * @example
 * ```ts
 * const reply = await answerExtismHttp(options.httpRequest, frame);
 * ```
 */
export async function answerExtismHttp(
  handler: ExtismHttpHandler | undefined,
  frame: Uint8Array,
): Promise<Uint8Array> {
  if (!handler) return encodeAnswer(failed(EXTISM_HTTP_NOT_GRANTED));
  const parsed = parseRequest(frame);
  if (typeof parsed === 'string') return encodeAnswer(failed(`invalid http_request: ${parsed}`));
  try {
    return encodeAnswer(await handler(parsed));
  } catch (e) {
    return encodeAnswer(failed(`http_request failed: ${e instanceof Error ? e.message : String(e)}`));
  }
}

function failed(reason: string): ExtismHttpResponse {
  return { status: 0, headers: {}, body: encoder.encode(reason) };
}

/** The request of a frame, or the reason it is unusable. */
function parseRequest(frame: Uint8Array): ExtismHttpRequest | string {
  if (frame.length < 4) return 'the request frame is truncated';
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const jsonLength = view.getUint32(0, true);
  if (4 + jsonLength > frame.length) return 'the request frame is truncated';
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(frame.subarray(4, 4 + jsonLength)));
  } catch (e) {
    return `the request is not JSON (${e instanceof Error ? e.message : String(e)})`;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return 'the request is not a JSON object';
  const { url, method, headers } = json as Record<string, unknown>;
  if (typeof url !== 'string' || url === '') return '"url" must be a non-empty string';
  if (method !== undefined && method !== null && typeof method !== 'string')
    return '"method" must be a string';
  const names: Record<string, string> = {};
  if (headers !== undefined && headers !== null) {
    if (typeof headers !== 'object' || Array.isArray(headers))
      return '"headers" must be an object of strings';
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value !== 'string') return `header "${name}" must be a string`;
      names[name] = value;
    }
  }
  const verb = typeof method === 'string' && method !== '' ? method.toUpperCase() : 'GET';
  return { url, method: verb, headers: names, body: frame.slice(4 + jsonLength) };
}

function encodeAnswer(response: ExtismHttpResponse): Uint8Array {
  const headers = encoder.encode(JSON.stringify(response.headers));
  const out = new Uint8Array(8 + headers.length + response.body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, Math.max(0, Math.trunc(response.status)), true);
  view.setUint32(4, headers.length, true);
  out.set(headers, 8);
  out.set(response.body, 8 + headers.length);
  return out;
}
