import type {
  ConnectionRef,
  Logger,
  WebSocketClient,
  WebSocketConnectRequest,
  WebSocketConnectionInfo,
  WebSocketEventSink,
  WebSocketOutcome,
} from '@ndp/ports';
import { systemResolver, type HostResolver } from '../http/host-resolver.js';
import { PluginSocket, type PluginSocketLimits } from './plugin-socket.js';
import { checkWebSocketTarget } from './ws-target-guard.js';

/** Options of {@link WsWebSocketClient}. Every field has a default. */
export interface WsWebSocketClientOptions {
  /**
   * Time for name resolution plus the opening handshake, in ms. Default 10,000, as for HTTP: long enough for a
   * slow TLS handshake, short enough that a plugin call waiting on it does not hit its own deadline first.
   */
  readonly connectTimeoutMs?: number;
  /**
   * How long a closing handshake may take before the TCP socket is destroyed, in ms. Default 1,000 (the original
   * host gave its close frame 1 s).
   */
  readonly closeTimeoutMs?: number;
  /**
   * Largest message, in bytes, either way. Default 4 MiB. A larger incoming message closes the socket with 1009
   * (`onError` then `onClose(1009)`); a larger outgoing one is an in-band error and is not sent.
   */
  readonly maxMessageBytes?: number;
  /**
   * Most bytes a socket may have waiting to be written (`bufferedAmount`) for a send to be accepted. Default
   * 16 MiB. Above it a send is an in-band error and nothing is queued, so a slow peer cannot make a plugin fill
   * the host's memory.
   */
  readonly maxBufferedBytes?: number;
  /** Name resolution; default: the system resolver. Every answer passes the network guard before use. */
  readonly resolver?: HostResolver;
  /** Logs sink failures. Default: none. */
  readonly logger?: Logger;
}

/** The default of {@link WsWebSocketClientOptions.connectTimeoutMs}. */
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** The default of {@link WsWebSocketClientOptions.closeTimeoutMs}. */
const DEFAULT_CLOSE_TIMEOUT_MS = 1_000;
/** The default of {@link WsWebSocketClientOptions.maxMessageBytes}: 4 MiB. */
const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
/** The default of {@link WsWebSocketClientOptions.maxBufferedBytes}: 16 MiB. */
const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

const NOT_FOUND: WebSocketOutcome = Object.freeze({ ok: false, error: 'connection not found' });

/**
 * The single-node {@link WebSocketClient}, on `ws`.
 *
 * Guarantees (beyond the port's): sockets are kept per plugin in nested maps (no joined string keys, so any
 * character is safe in ids); an empty connection id is an in-band error (the host service generates ids). The
 * allow list, then the network guard on the host name and on every resolved address, run before any connection,
 * and the socket connects only to the checked addresses; refusals read `request blocked by plugin permissions:
 * <why>`. Connecting with an id in use closes the old socket first (code 1000) whatever the new connect's
 * outcome, and the old socket's `onClose(1000, 'replaced by a new connection')` is delivered before the new
 * connect resolves: every socket that opened gets exactly one `onClose`. A connect still in its handshake is
 * abandoned instead (it answers an error; it never opened, so it gets no events). A close code of 0 (unset in
 * protobuf) means 1000. `closeAll` and `shutdown` close with 1001 and resolve when the sockets are closed
 * (at most `closeTimeoutMs` later). Messages may reach the sink before `connect` resolves (the peer may speak
 * first). Sends resolve when the message is queued, not when the peer has it.
 * Does not guarantee: delivery (a send that was accepted can still be lost if the connection drops).
 *
 * @example
 * ```ts
 * const client = new WsWebSocketClient({ maxMessageBytes: 1 << 20 });
 * client.setEventSink(sink);
 * await client.connect({ pluginId: 'discord', connectionId: 'gw', url, headers: {}, allowLocalNetwork: false });
 * ```
 */
export class WsWebSocketClient implements WebSocketClient {
  private readonly plugins = new Map<string, Map<string, PluginSocket>>();
  private readonly limits: PluginSocketLimits;
  private readonly resolver: HostResolver;
  /** The latest connect call per plugin and id, so that of two overlapping connects the later one wins. */
  private readonly latest = new Map<string, Map<string, symbol>>();
  private sink: WebSocketEventSink | undefined;
  private shutDown = false;

  constructor(private readonly options: WsWebSocketClientOptions = {}) {
    this.limits = {
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      closeTimeoutMs: options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS,
      maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      maxBufferedBytes: options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
    };
    this.resolver = options.resolver ?? systemResolver;
  }

  setEventSink(sink: WebSocketEventSink): void {
    this.sink = sink;
  }

  async connect(request: WebSocketConnectRequest): Promise<WebSocketOutcome> {
    if (this.shutDown) return { ok: false, error: 'the WebSocket client is shut down' };
    if (request.connectionId === '') return { ok: false, error: 'connection id must not be empty' };
    const ref: ConnectionRef = { pluginId: request.pluginId, connectionId: request.connectionId };
    this.displace(ref);
    const call = Symbol(ref.connectionId);
    let calls = this.latest.get(ref.pluginId);
    if (!calls) this.latest.set(ref.pluginId, (calls = new Map()));
    calls.set(ref.connectionId, call);
    try {
      return await this.open(ref, request, call);
    } finally {
      if (calls.get(ref.connectionId) === call) calls.delete(ref.connectionId);
      if (calls.size === 0 && this.latest.get(ref.pluginId) === calls) this.latest.delete(ref.pluginId);
    }
  }

  private async open(
    ref: ConnectionRef,
    request: WebSocketConnectRequest,
    call: symbol,
  ): Promise<WebSocketOutcome> {
    const started = Date.now();
    const target = await withTimeout(
      checkWebSocketTarget(request.url, {
        allowLocalNetwork: request.allowLocalNetwork,
        ...(request.allowList ? { allowList: request.allowList } : {}),
        resolver: this.resolver,
      }),
      this.limits.connectTimeoutMs,
    );
    if (target === undefined) {
      return {
        ok: false,
        error: `connecting to ${request.url} timed out after ${this.limits.connectTimeoutMs} ms`,
      };
    }
    if (!target.ok) return { ok: false, error: target.error };
    if (this.shutDown) return { ok: false, error: 'the WebSocket client is shut down' };
    if (this.latest.get(ref.pluginId)?.get(ref.connectionId) !== call) {
      return { ok: false, error: 'replaced by a newer connect with the same id' };
    }
    // A socket another call opened meanwhile under this id is older than this call: it goes.
    this.displace(ref);
    const limits = {
      ...this.limits,
      connectTimeoutMs: Math.max(1, this.limits.connectTimeoutMs - (Date.now() - started)),
      connectTimeoutLabelMs: this.limits.connectTimeoutMs,
    };
    const socket = new PluginSocket(ref, target.value, request.headers, limits, {
      deliver: (event) => this.deliver(event),
      gone: (s) => this.forget(s),
    });
    let sockets = this.plugins.get(ref.pluginId);
    if (!sockets) this.plugins.set(ref.pluginId, (sockets = new Map()));
    sockets.set(ref.connectionId, socket);
    const outcome = await socket.opened;
    if (!outcome.ok) this.forget(socket);
    return outcome;
  }

  async sendText(ref: ConnectionRef, message: string): Promise<WebSocketOutcome> {
    return this.find(ref)?.send(message) ?? NOT_FOUND;
  }

  async sendBinary(ref: ConnectionRef, data: Uint8Array): Promise<WebSocketOutcome> {
    return this.find(ref)?.send(data) ?? NOT_FOUND;
  }

  async close(ref: ConnectionRef, code: number, reason: string): Promise<WebSocketOutcome> {
    const socket = this.find(ref);
    if (!socket) return NOT_FOUND;
    if (!socket.isOpen) {
      socket.abort('closed before the connection was open');
      return { ok: true };
    }
    return socket.close(code === 0 ? 1000 : code, reason);
  }

  owns(ref: ConnectionRef): boolean {
    return this.find(ref) !== undefined;
  }

  connections(pluginId: string): readonly WebSocketConnectionInfo[] {
    return [...(this.plugins.get(pluginId)?.values() ?? [])].map((s) => ({
      connectionId: s.ref.connectionId,
      url: s.url,
      open: s.isOpen,
      since: s.since,
    }));
  }

  async closeAll(pluginId: string): Promise<void> {
    const sockets = [...(this.plugins.get(pluginId)?.values() ?? [])];
    for (const socket of sockets) this.end(socket, 1001, 'plugin stopped');
    await Promise.all(sockets.map((s) => s.closed));
  }

  async shutdown(): Promise<void> {
    this.shutDown = true;
    const sockets = [...this.plugins.values()].flatMap((m) => [...m.values()]);
    for (const socket of sockets) this.end(socket, 1001, 'host shutting down');
    await Promise.all(sockets.map((s) => s.closed));
  }

  private find(ref: ConnectionRef): PluginSocket | undefined {
    return this.plugins.get(ref.pluginId)?.get(ref.connectionId);
  }

  private displace(ref: ConnectionRef): void {
    const old = this.find(ref);
    if (old) this.end(old, 1000, 'replaced by a new connection');
  }

  private end(socket: PluginSocket, code: number, reason: string): void {
    if (socket.isOpen) socket.close(code, reason);
    else socket.abort(reason);
    this.forget(socket);
  }

  private forget(socket: PluginSocket): void {
    const sockets = this.plugins.get(socket.ref.pluginId);
    // Only the current socket for the id goes: a replaced one must never remove its successor.
    if (sockets?.get(socket.ref.connectionId) !== socket) return;
    sockets.delete(socket.ref.connectionId);
    if (sockets.size === 0) this.plugins.delete(socket.ref.pluginId);
  }

  private deliver(event: (sink: WebSocketEventSink) => void): void {
    if (!this.sink) return;
    try {
      event(this.sink);
    } catch (error) {
      // A throwing sink must not kill the socket's event loop (or the process, from inside a ws event).
      this.options.logger?.error('WebSocket event sink failed', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
