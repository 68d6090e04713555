import { WebSocketAllowList } from '@ndp/domain';
import type { WebSocketOutcome } from '@ndp/ports';
import type { HostServiceContext, HostServiceImpl } from './host-service-types.js';

const answer = (outcome: WebSocketOutcome) => (outcome.ok ? {} : { error: outcome.error });

/**
 * WebSocketService (docs/contract.md §5) over the `WebSocketClient` port, with per-plugin connection ids (generated when
 * empty). The manifest's `allowedUrls` and the network guard apply; every failure, `connection not found`
 * included, is an in-band `error`.
 */
export function websocketService(context: HostServiceContext): HostServiceImpl<'websocket'> {
  const { websocket, pluginId } = context;
  const permission = context.manifest.permissions.websocket;
  const compiled = WebSocketAllowList.compile(permission?.allowedUrls);
  // The manifest parser already validated the patterns; should one still not compile, allow nothing.
  const allowList = compiled.ok ? compiled.value : undefined;
  return {
    Connect: async (r) => {
      const connectionId = r.connectionId || context.generateId();
      if (!allowList) return { error: 'request blocked by plugin permissions: invalid allowedUrls' };
      const outcome = await websocket.connect({
        pluginId,
        connectionId,
        url: r.url,
        headers: r.headers,
        allowLocalNetwork: permission?.allowLocalNetwork ?? false,
        allowList,
      });
      return outcome.ok ? { connectionId } : { error: outcome.error };
    },
    SendText: async (r) =>
      answer(await websocket.sendText({ pluginId, connectionId: r.connectionId }, r.message)),
    SendBinary: async (r) =>
      answer(await websocket.sendBinary({ pluginId, connectionId: r.connectionId }, r.data)),
    Close: async (r) =>
      answer(await websocket.close({ pluginId, connectionId: r.connectionId }, r.code, r.reason)),
  };
}
