import type { ConnectionRef } from './websocket-client.js';

/** What changed about a plugin, so every node can reload it. */
export interface PluginChangedMessage {
  readonly type: 'plugin-changed';
  readonly pluginId: string;
  readonly change: 'installed' | 'updated' | 'removed' | 'refreshed' | 'disabled' | 'enabled';
}

/**
 * A WebSocket operation for a socket another node may own. Only the owning node acts on it, and answers with a
 * {@link WebSocketResultMessage} carrying the same `requestId`.
 */
export interface WebSocketCommandMessage {
  readonly type: 'websocket-command';
  readonly requestId: string;
  readonly ref: ConnectionRef;
  readonly command:
    | { readonly kind: 'text'; readonly message: string }
    | { readonly kind: 'binary'; readonly data: Uint8Array }
    | { readonly kind: 'close'; readonly code: number; readonly reason: string };
}

/** The owner's answer to a {@link WebSocketCommandMessage}. */
export interface WebSocketResultMessage {
  readonly type: 'websocket-result';
  readonly requestId: string;
  /** The node that must act on the answer (the one that sent the command). */
  readonly toNodeId: string;
  /** Absent on success; otherwise the in-band error text. */
  readonly error?: string;
}

/** Every message the nodes exchange. */
export type ClusterMessage = PluginChangedMessage | WebSocketCommandMessage | WebSocketResultMessage;
