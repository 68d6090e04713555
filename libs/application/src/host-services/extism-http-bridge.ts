import { HTTP_METHODS, HttpAllowList, type HttpMethod } from '@ndp/domain';
import type { ExtismHttpHandler, ExtismHttpResponse } from '@ndp/ports';
import type { HostServiceContext } from './host-service-types.js';
import { DEFAULT_HTTP_TIMEOUT_MS } from './http-service.js';

const BODY_METHODS: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH']);
const encoder = new TextEncoder();
const failed = (reason: string): ExtismHttpResponse => ({
  status: 0,
  headers: {},
  body: encoder.encode(reason),
});

/**
 * The Extism `http_request` of one plugin whose manifest grants `http`: the same guarded `HttpClient`, allow list,
 * network guard, response-size cap and default timeout as the http host service, so a guest built with another
 * Extism PDK (Rust, Go, Haskell) reaches exactly the URLs a PDK plugin could. Every failure (refusal, unknown
 * method, network) is a status-0 answer with the reason as its body, never a rejection.
 *
 * @example
 * ```ts
 * const httpRequest = extismHttpBridge(context); // given to the engine as InstanceOptions.httpRequest
 * ```
 */
export function extismHttpBridge(context: HostServiceContext): ExtismHttpHandler {
  const permission = context.manifest.permissions.http;
  const compiled = HttpAllowList.compile(permission?.allowedUrls);
  const allowList = compiled.ok ? compiled.value : undefined;
  return async (request) => {
    if (!allowList) return failed('request blocked by plugin permissions: invalid allowedUrls');
    const method = HTTP_METHODS.find((m) => m === request.method);
    if (!method) return failed(`http_request: unsupported method "${request.method}"`);
    const result = await context.deps.http.request({
      pluginId: context.pluginId,
      method,
      url: request.url,
      headers: request.headers,
      body: BODY_METHODS.has(method) ? request.body : undefined,
      timeoutMs: DEFAULT_HTTP_TIMEOUT_MS,
      maxResponseBytes: context.httpMaxResponseBytes,
      allowLocalNetwork: permission?.allowLocalNetwork ?? false,
      allowList,
    });
    if (!result.ok) {
      context.logger.debug('plugin Extism http_request failed', { method, error: result.error });
      return failed(result.error);
    }
    return { status: result.status, headers: result.headers, body: result.body };
  };
}
