import { token, type Token } from '@ndp/ports';
import type { Agents } from '../dispatch/agents.js';
import type { Scrobblers } from '../dispatch/scrobblers.js';
import type { CallbackRouter } from '../callbacks/callback-router.js';
import type { ClusterPluginSync } from '../cluster/cluster-plugin-sync.js';
import type { WebSocketClient } from '@ndp/ports';
import type { PluginManager } from '../manager/plugin-manager.js';

/** Binds the {@link PluginManager} (resolving it also wires scheduler and WebSocket callbacks). */
export const PLUGIN_MANAGER: Token<PluginManager> = token<PluginManager>('application/PluginManager');
/** Binds the MetadataAgent fall-through chain ({@link Agents}) built from the `Agents` setting. */
export const AGENTS: Token<Agents> = token<Agents>('application/Agents');
/** Binds {@link Scrobblers}: every ready Scrobbler plugin. */
export const SCROBBLERS: Token<Scrobblers> = token<Scrobblers>('application/Scrobblers');
/** Binds the {@link CallbackRouter} attached to the scheduler and WebSocket client. */
export const CALLBACK_ROUTER: Token<CallbackRouter> = token<CallbackRouter>('application/CallbackRouter');
/**
 * Binds the WebSocket client plugins use: the bound `WEBSOCKET_CLIENT` on one node, a `ClusterWebSocketClient`
 * routing over the `CLUSTER_BUS` around it in a cluster. Shut this one down, not the inner client.
 */
export const PLUGIN_WEBSOCKETS: Token<WebSocketClient> = token<WebSocketClient>(
  'application/PluginWebSockets',
);
/** Binds the {@link ClusterPluginSync} (only with the module's `cluster` option). */
export const CLUSTER_PLUGIN_SYNC: Token<ClusterPluginSync> = token<ClusterPluginSync>(
  'application/ClusterPluginSync',
);
