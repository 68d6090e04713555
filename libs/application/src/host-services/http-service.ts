import { HttpAllowList, type HttpMethod } from '@ndp/domain';
import type { HttpRequest as HttpRequestMessage, HttpResponseSchema } from '@ndp/protocol';
import type { MessageInitShape } from '../codec/proto-codec.js';
import type { HostServiceContext, HostServiceImpl } from './host-service-types.js';

/** Default HTTP timeout when the plugin passes `timeout_ms` 0 (docs/contract.md §5). */
export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;

const BODY_METHODS: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH']);

/**
 * HttpService for one plugin (docs/contract.md §5): the method comes from the import, the URL is judged by the manifest's
 * `allowedUrls` and the network guard (inside the `HttpClient`), the body is sent for POST/PUT/PATCH only, and
 * every failure (refusal, network, timeout, body too large) is an in-band `error` with `status` 0.
 */
export function httpService(context: HostServiceContext): HostServiceImpl<'http'> {
  const permission = context.manifest.permissions.http;
  // The manifest parser already validated the patterns; should one still not compile, allow nothing.
  const compiled = HttpAllowList.compile(permission?.allowedUrls);
  const allowList = compiled.ok ? compiled.value : undefined;
  const send = (method: HttpMethod) => (request: HttpRequestMessage) =>
    perform(context, method, request, allowList);
  return {
    Get: send('GET'),
    Post: send('POST'),
    Put: send('PUT'),
    Delete: send('DELETE'),
    Patch: send('PATCH'),
    Head: send('HEAD'),
    Options: send('OPTIONS'),
  };
}

async function perform(
  context: HostServiceContext,
  method: HttpMethod,
  request: HttpRequestMessage,
  allowList: HttpAllowList | undefined,
): Promise<MessageInitShape<typeof HttpResponseSchema>> {
  if (!allowList) return { status: 0, error: 'request blocked by plugin permissions: invalid allowedUrls' };
  const result = await context.deps.http.request({
    pluginId: context.pluginId,
    method,
    url: request.url,
    headers: request.headers,
    body: BODY_METHODS.has(method) ? request.body : undefined,
    timeoutMs: request.timeoutMs > 0 ? request.timeoutMs : DEFAULT_HTTP_TIMEOUT_MS,
    maxResponseBytes: context.httpMaxResponseBytes,
    allowLocalNetwork: context.manifest.permissions.http?.allowLocalNetwork ?? false,
    allowList,
  });
  if (!result.ok) {
    context.logger.debug('plugin HTTP request failed', { method, error: result.error });
    return { status: 0, error: result.error };
  }
  return { status: result.status, headers: { ...result.headers }, body: result.body };
}
