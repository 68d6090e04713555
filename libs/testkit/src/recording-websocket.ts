import { blockedRequestMessage } from '@ndp/domain';
import type {
  ConnectionRef,
  WebSocketClient,
  WebSocketConnectRequest,
  WebSocketConnectionInfo,
  WebSocketEventSink,
  WebSocketOutcome,
} from '@ndp/ports';

/** A connection the plugin opened. */
export interface RecordedConnection {
  readonly id: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Text messages sent on it, in order. */
  readonly sentText: string[];
  /** Binary messages sent on it, in order. */
  readonly sentBinary: Uint8Array[];
  open: boolean;
  /**
   * The code and reason it was closed with: the plugin's own `Close`, or `1000` "replaced by a new connection"
   * when the plugin connected again with the same id (as the host does).
   */
  closedWith?: { readonly code: number; readonly reason: string };
}

/** The close a replaced connection's plugin is told of (`OnClose`), after the call that replaced it. */
export interface ReplacedConnection {
  readonly pluginId: string;
  readonly connectionId: string;
  readonly code: number;
  readonly reason: string;
}

/** The host's code and reason for a connection replaced by a connect with its id. */
const REPLACED_CLOSE = Object.freeze({ code: 1000, reason: 'replaced by a new connection' });

/**
 * The WebSocket port of a plugin under test: connections are recorded instead of dialled (the manifest's
 * `allowedUrls` are enforced first, with the host's message), and messages the plugin sends are kept per
 * connection. Messages from the server are the test's to deliver (`plugin.receiveText(...)`). Connecting with the
 * id of an open connection replaces it as the host does: the old one is closed with 1000 "replaced by a new
 * connection", and its `OnClose` is queued ({@link takeReplaced}) for the test kit to deliver after the call.
 */
export class RecordingWebSocket implements WebSocketClient {
  private readonly byPlugin = new Map<string, Map<string, RecordedConnection>>();
  private readonly history = new Map<string, RecordedConnection[]>();
  private readonly replaced: ReplacedConnection[] = [];
  private refusal: string | undefined;

  /** Makes every later connect fail with `error` (a server that is down); `undefined` accepts again. */
  refuseConnections(error: string | undefined): void {
    this.refusal = error;
  }

  /** Every connection of the plugin, open, closed or replaced, in the order they were opened. */
  all(pluginId: string): RecordedConnection[] {
    return [...(this.history.get(pluginId) ?? [])];
  }

  /** The closes of replaced connections not yet delivered, oldest first; taking them empties the queue. */
  takeReplaced(): ReplacedConnection[] {
    return this.replaced.splice(0);
  }

  /** The latest connection with this id (a replaced one is found in {@link all}). */
  get(pluginId: string, connectionId: string): RecordedConnection | undefined {
    return this.of(pluginId).get(connectionId);
  }

  /** The plugin's open connections, as the admin page would list them. */
  connections(pluginId: string): readonly WebSocketConnectionInfo[] {
    return this.all(pluginId)
      .filter((c) => c.open)
      .map((c) => ({ connectionId: c.id, url: c.url, open: true, since: 0 }));
  }

  /** Events go to the plugin through the test kit's calls, so no sink is kept. */
  setEventSink(_sink: WebSocketEventSink): void {}

  async connect(request: WebSocketConnectRequest): Promise<WebSocketOutcome> {
    const verdict = request.allowList?.allows(request.url);
    if (verdict && !verdict.ok) return { ok: false, error: blockedRequestMessage(verdict.error) };
    if (this.refusal !== undefined) return { ok: false, error: this.refusal };
    const existing = this.of(request.pluginId).get(request.connectionId);
    if (existing?.open) {
      existing.open = false;
      existing.closedWith = REPLACED_CLOSE;
      this.replaced.push({
        pluginId: request.pluginId,
        connectionId: request.connectionId,
        ...REPLACED_CLOSE,
      });
    }
    const connection: RecordedConnection = {
      id: request.connectionId,
      url: request.url,
      headers: { ...request.headers },
      sentText: [],
      sentBinary: [],
      open: true,
    };
    this.of(request.pluginId).set(request.connectionId, connection);
    let opened = this.history.get(request.pluginId);
    if (!opened) this.history.set(request.pluginId, (opened = []));
    opened.push(connection);
    return { ok: true };
  }

  async sendText(ref: ConnectionRef, message: string): Promise<WebSocketOutcome> {
    const c = this.openConnection(ref);
    if (!c) return { ok: false, error: 'connection not found' };
    c.sentText.push(message);
    return { ok: true };
  }

  async sendBinary(ref: ConnectionRef, data: Uint8Array): Promise<WebSocketOutcome> {
    const c = this.openConnection(ref);
    if (!c) return { ok: false, error: 'connection not found' };
    c.sentBinary.push(data.slice());
    return { ok: true };
  }

  async close(ref: ConnectionRef, code: number, reason: string): Promise<WebSocketOutcome> {
    const c = this.openConnection(ref);
    if (!c) return { ok: false, error: 'connection not found' };
    c.open = false;
    c.closedWith = { code, reason };
    return { ok: true };
  }

  owns(ref: ConnectionRef): boolean {
    return this.openConnection(ref) !== undefined;
  }

  async closeAll(pluginId: string): Promise<void> {
    for (const c of this.of(pluginId).values()) c.open = false;
    for (let i = this.replaced.length - 1; i >= 0; i--)
      if (this.replaced[i]!.pluginId === pluginId) this.replaced.splice(i, 1);
  }

  async shutdown(): Promise<void> {
    for (const id of this.byPlugin.keys()) await this.closeAll(id);
  }

  private openConnection(ref: ConnectionRef): RecordedConnection | undefined {
    const c = this.of(ref.pluginId).get(ref.connectionId);
    return c?.open ? c : undefined;
  }

  private of(pluginId: string): Map<string, RecordedConnection> {
    let map = this.byPlugin.get(pluginId);
    if (!map) this.byPlugin.set(pluginId, (map = new Map()));
    return map;
  }
}
