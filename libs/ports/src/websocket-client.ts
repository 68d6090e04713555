import type { WebSocketAllowList } from '@ndp/domain';

/** Names one socket: connection ids are per plugin. */
export interface ConnectionRef {
  readonly pluginId: string;
  readonly connectionId: string;
}

/** A request to open a socket. */
export interface WebSocketConnectRequest extends ConnectionRef {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly allowLocalNetwork: boolean;
  /** The manifest's `websocket.allowedUrls`; absent = any public URL. */
  readonly allowList?: WebSocketAllowList;
}

/** One socket as `connections` reports it (for the admin page). */
export interface WebSocketConnectionInfo {
  readonly connectionId: string;
  /** The URL the plugin connected to. */
  readonly url: string;
  /** False while the handshake is under way. */
  readonly open: boolean;
  /** When the connect started (ms since the epoch). */
  readonly since: number;
}

/** An operation's outcome; failures are in-band text for the plugin (e.g. `connection not found`). */
export type WebSocketOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

/**
 * Receives what happens on sockets, routed by plugin and connection id.
 * A remote close delivers `onClose(code, reason)`; a transport error delivers `onError` and then
 * `onClose(1006, …)`. A socket closed by `close`/`closeAll` delivers `onClose` too.
 */
export interface WebSocketEventSink {
  onText(ref: ConnectionRef, message: string): void;
  onBinary(ref: ConnectionRef, data: Uint8Array): void;
  onError(ref: ConnectionRef, error: string): void;
  onClose(ref: ConnectionRef, code: number, reason: string): void;
}

/**
 * Plugin WebSocket connections living in this process.
 *
 * Guarantees: `{pluginId, connectionId}` identifies a socket; connecting with an id in use closes the old
 * socket first; an unknown id answers `{ ok: false, error: 'connection not found' }`; the network guard and
 * allow-list apply as for HTTP; nothing a plugin or the network does makes a method reject. Events of one
 * socket reach the sink in order.
 * Does not guarantee: reaching sockets owned by other nodes (the application routes those through the
 * `ClusterBus`), or reconnecting.
 *
 * @example
 * ```ts
 * ws.setEventSink(sink);
 * const r = await ws.connect({ pluginId: 'discord', connectionId: 'gw', url, headers: {}, allowLocalNetwork: false });
 * if (r.ok) await ws.sendText({ pluginId: 'discord', connectionId: 'gw' }, '{"op":1}');
 * ```
 */
export interface WebSocketClient {
  /** Sets the one sink of all events; call it before the first `connect`. */
  setEventSink(sink: WebSocketEventSink): void;
  /** Resolves once the socket is open (ok) or failed to open (in-band error). */
  connect(request: WebSocketConnectRequest): Promise<WebSocketOutcome>;
  sendText(ref: ConnectionRef, message: string): Promise<WebSocketOutcome>;
  sendBinary(ref: ConnectionRef, data: Uint8Array): Promise<WebSocketOutcome>;
  close(ref: ConnectionRef, code: number, reason: string): Promise<WebSocketOutcome>;
  /** True when this process holds the socket. */
  owns(ref: ConnectionRef): boolean;
  /** The plugin's sockets held by this process, in no particular order. */
  connections(pluginId: string): readonly WebSocketConnectionInfo[];
  /** Closes every socket of the plugin (removed or disabled plugin). */
  closeAll(pluginId: string): Promise<void>;
  /** Closes every socket; idempotent. */
  shutdown(): Promise<void>;
}
