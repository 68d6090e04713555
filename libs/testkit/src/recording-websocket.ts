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
  /** The code and reason the plugin closed it with. */
  closedWith?: { readonly code: number; readonly reason: string };
}

/**
 * The WebSocket port of a plugin under test: connections are recorded instead of dialled (the manifest's
 * `allowedUrls` are enforced first, with the host's message), and messages the plugin sends are kept per
 * connection. Messages from the server are the test's to deliver (`plugin.receiveText(...)`).
 */
export class RecordingWebSocket implements WebSocketClient {
  private readonly byPlugin = new Map<string, Map<string, RecordedConnection>>();
  private refusal: string | undefined;

  /** Makes every later connect fail with `error` (a server that is down); `undefined` accepts again. */
  refuseConnections(error: string | undefined): void {
    this.refusal = error;
  }

  /** Every connection of the plugin, open or closed, in the order they were opened. */
  all(pluginId: string): RecordedConnection[] {
    return [...this.of(pluginId).values()];
  }

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
    if (existing?.open) return { ok: false, error: `connection "${request.connectionId}" is already open` };
    this.of(request.pluginId).set(request.connectionId, {
      id: request.connectionId,
      url: request.url,
      headers: { ...request.headers },
      sentText: [],
      sentBinary: [],
      open: true,
    });
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
