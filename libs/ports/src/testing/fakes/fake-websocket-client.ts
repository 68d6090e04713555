import type {
  ConnectionRef,
  WebSocketClient,
  WebSocketConnectRequest,
  WebSocketConnectionInfo,
  WebSocketEventSink,
  WebSocketOutcome,
} from '../../websocket-client.js';

/** A WebSocketClient holding fake sockets keyed by plugin and connection id. Test support only. */
export class FakeWebSocketClient implements WebSocketClient {
  sink: WebSocketEventSink | undefined;
  readonly open = new Map<string, Set<string>>();
  readonly sent: { ref: ConnectionRef; message: string | Uint8Array }[] = [];
  readonly connects: WebSocketConnectRequest[] = [];
  readonly closedAll: string[] = [];

  setEventSink(sink: WebSocketEventSink): void {
    this.sink = sink;
  }
  async connect(request: WebSocketConnectRequest): Promise<WebSocketOutcome> {
    this.connects.push(request);
    const verdict = request.allowList?.allows(request.url);
    if (verdict && !verdict.ok)
      return { ok: false, error: `request blocked by plugin permissions: ${verdict.error}` };
    this.ids(request.pluginId).add(request.connectionId);
    return { ok: true };
  }
  async sendText(ref: ConnectionRef, message: string): Promise<WebSocketOutcome> {
    return this.send(ref, message);
  }
  async sendBinary(ref: ConnectionRef, data: Uint8Array): Promise<WebSocketOutcome> {
    return this.send(ref, data);
  }
  async close(ref: ConnectionRef): Promise<WebSocketOutcome> {
    return this.ids(ref.pluginId).delete(ref.connectionId)
      ? { ok: true }
      : { ok: false, error: 'connection not found' };
  }
  owns(ref: ConnectionRef): boolean {
    return this.ids(ref.pluginId).has(ref.connectionId);
  }
  connections(pluginId: string): readonly WebSocketConnectionInfo[] {
    return [...this.ids(pluginId)].map((connectionId) => ({
      connectionId,
      url: 'ws://fake',
      open: true,
      since: 0,
    }));
  }
  async closeAll(pluginId: string): Promise<void> {
    this.closedAll.push(pluginId);
    this.open.delete(pluginId);
  }
  async shutdown(): Promise<void> {
    this.open.clear();
  }

  private send(ref: ConnectionRef, message: string | Uint8Array): WebSocketOutcome {
    if (!this.owns(ref)) return { ok: false, error: 'connection not found' };
    this.sent.push({ ref, message });
    return { ok: true };
  }
  private ids(pluginId: string): Set<string> {
    let ids = this.open.get(pluginId);
    if (!ids) this.open.set(pluginId, (ids = new Set()));
    return ids;
  }
}
