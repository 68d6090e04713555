import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ConnectionRef, WebSocketEventSink } from '@ndp/ports';

/** One connection as the test server saw it. */
interface ServerSide {
  readonly socket: WebSocket;
  readonly headers: IncomingHttpHeaders;
  readonly path: string;
  readonly received: { readonly text?: string; readonly bytes?: Uint8Array }[];
  closed?: { readonly code: number; readonly reason: string };
}

/** A `ws` server on 127.0.0.1 that records what it sees; for integration tests only (not exported). */
export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly connections: ServerSide[];
  stop(): Promise<void>;
}

/** Starts a {@link TestServer} on a free loopback port. */
export async function startTestServer(options: { readonly maxPayload?: number } = {}): Promise<TestServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: options.maxPayload });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const connections: ServerSide[] = [];
  wss.on('connection', (socket, req) => {
    const side: ServerSide = { socket, headers: req.headers, path: req.url ?? '', received: [] };
    connections.push(side);
    socket.on('message', (data, isBinary) => {
      const bytes = new Uint8Array(
        Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer),
      );
      side.received.push(isBinary ? { bytes } : { text: Buffer.from(bytes).toString('utf8') });
    });
    socket.on('close', (code, reason) => (side.closed = { code, reason: reason.toString('utf8') }));
    socket.on('error', () => undefined);
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    connections,
    stop: async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** One event as a {@link RecordingSink} saw it. */
export type SinkEvent =
  | { readonly type: 'text'; readonly ref: ConnectionRef; readonly message: string }
  | { readonly type: 'binary'; readonly ref: ConnectionRef; readonly data: Uint8Array }
  | { readonly type: 'error'; readonly ref: ConnectionRef; readonly error: string }
  | { readonly type: 'close'; readonly ref: ConnectionRef; readonly code: number; readonly reason: string };

/** An event sink that records everything, in order. */
export class RecordingSink implements WebSocketEventSink {
  readonly events: SinkEvent[] = [];

  of(pluginId: string, connectionId: string): SinkEvent[] {
    return this.events.filter((e) => e.ref.pluginId === pluginId && e.ref.connectionId === connectionId);
  }

  onText(ref: ConnectionRef, message: string): void {
    this.events.push({ type: 'text', ref, message });
  }
  onBinary(ref: ConnectionRef, data: Uint8Array): void {
    this.events.push({ type: 'binary', ref, data });
  }
  onError(ref: ConnectionRef, error: string): void {
    this.events.push({ type: 'error', ref, error });
  }
  onClose(ref: ConnectionRef, code: number, reason: string): void {
    this.events.push({ type: 'close', ref, code, reason });
  }
}
