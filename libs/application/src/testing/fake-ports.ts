import type {
  ArtworkUrls,
  Clock,
  ConnectionRef,
  HttpClient,
  HttpRequest,
  HttpResult,
  PluginConfigSource,
  WebSocketClient,
  WebSocketConnectRequest,
  WebSocketConnectionInfo,
  WebSocketEventSink,
  WebSocketOutcome,
} from '@ndp/ports';

/** A PluginConfigSource whose maps tests change with `set`. Test support only. */
export class StaticConfigSource implements PluginConfigSource {
  private readonly maps = new Map<string, Readonly<Record<string, string>>>();
  private readonly listeners = new Set<(id: string) => void>();

  get(pluginId: string): Readonly<Record<string, string>> {
    return this.maps.get(pluginId) ?? Object.freeze({});
  }

  onChange(listener: (pluginId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(pluginId: string, map: Record<string, string>): void {
    this.maps.set(pluginId, Object.freeze({ ...map }));
    for (const l of this.listeners) l(pluginId);
  }
}

/** A clock stopped at `now` in `zone`. Test support only. */
export class FixedClock implements Clock {
  constructor(
    public nowMs = Date.UTC(2025, 0, 2, 3, 4, 5, 120),
    public zone = 'UTC',
  ) {}
  now(): number {
    return this.nowMs;
  }
  timeZone(): string {
    return this.zone;
  }
}

/** An HttpClient that records requests and answers with `respond`. Test support only. */
export class FakeHttpClient implements HttpClient {
  readonly requests: HttpRequest[] = [];
  respond: (request: HttpRequest) => HttpResult = () => ({
    ok: true,
    status: 200,
    headers: {},
    body: new Uint8Array(),
  });

  async request(request: HttpRequest): Promise<HttpResult> {
    this.requests.push(request);
    return this.respond(request);
  }
}

/** Artwork URLs that spell their inputs. Test support only. */
export const fakeArtworkUrls: ArtworkUrls = {
  artistUrl: (id, size) => `https://music.test/share/img/ar-${id}${size > 0 ? `?size=${size}` : ''}`,
  albumUrl: (id, size) => `https://music.test/share/img/al-${id}${size > 0 ? `?size=${size}` : ''}`,
  trackUrl: (id, size) => `https://music.test/share/img/mf-${id}${size > 0 ? `?size=${size}` : ''}`,
};

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
