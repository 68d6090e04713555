// A typed WebSocket client over the generated WebSocketService (permission `websocket`). Plugins are
// stateless, so a connection is just its id: keep the id (e.g. in the cache) and rebuild the handle anywhere.
import {
  CloseRequest,
  ConnectRequest,
  SendBinaryRequest,
  SendTextRequest,
} from '@ndp/protocol/assembly/gen/host/websocket/websocket';
import { WebSocketService } from './gen/host/websocket';

/** A host-side WebSocket connection of this plugin. Messages arrive at the WebSocketCallback capability. */
export class WebSocketConnection {
  constructor(
    /** The plugin-visible connection id. */
    public readonly id: string,
    /** Why `WebSocket.connect` failed; "" when connected (or when built from an id). */
    public readonly error: string = '',
  ) {}

  /** True unless connecting failed. */
  get ok(): bool {
    return this.error.length == 0;
  }

  /** Sends a text frame; returns "" or the host's error (e.g. `connection not found`). */
  sendText(message: string): string {
    const req = new SendTextRequest();
    req.connectionId = this.id;
    req.message = message;
    return WebSocketService.sendText(req).error;
  }

  /** Sends a binary frame; returns "" or the host's error. */
  sendBinary(data: Uint8Array): string {
    const req = new SendBinaryRequest();
    req.connectionId = this.id;
    req.data = data;
    return WebSocketService.sendBinary(req).error;
  }

  /** Closes the connection; returns "" or the host's error. */
  close(code: i32 = 1000, reason: string = ''): string {
    const req = new CloseRequest();
    req.connectionId = this.id;
    req.code = code;
    req.reason = reason;
    return WebSocketService.close(req).error;
  }
}

/** Opens and addresses WebSocket connections through the host. */
export class WebSocket {
  /**
   * Connects to `url` (ws:// or wss://, checked against the manifest). An empty `connectionId` gets a
   * generated one; an id already in use closes the old socket first. Check `ok`/`error` on the result.
   */
  static connect(
    url: string,
    headers: Map<string, string> | null = null,
    connectionId: string = '',
  ): WebSocketConnection {
    const req = new ConnectRequest();
    req.url = url;
    if (headers != null) req.headers = headers;
    req.connectionId = connectionId;
    const res = WebSocketService.connect(req);
    return res.error.length > 0
      ? new WebSocketConnection(connectionId, res.error)
      : new WebSocketConnection(res.connectionId, '');
  }

  /** A handle on an existing connection id (no host call). */
  static connection(connectionId: string): WebSocketConnection {
    return new WebSocketConnection(connectionId);
  }
}
