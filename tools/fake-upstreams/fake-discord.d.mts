import type { RecordedRequest } from './index.mjs';

/** One gateway connection the fake accepted. */
export interface FakeDiscordConnection {
  /** 1, 2, ... in accept order. */
  readonly id: number;
  /** The token of its Identify; undefined until one arrives. */
  readonly token: string | undefined;
  /** The last sequence number the fake sent on it (0 before READY). */
  readonly seq: number;
  /** False once the socket has closed, whoever closed it, or once `drop` was called on it. */
  readonly open: boolean;
  /** The close code (1006 when the socket ended without a close frame); undefined while open. */
  readonly closeCode: number | undefined;
  readonly closeReason: string | undefined;
  /** Every message received, parsed when it was JSON. */
  readonly received: readonly unknown[];
}

/** An Identify (op 2) the gateway received. */
export interface FakeDiscordIdentify {
  readonly connection: number;
  readonly token: string | undefined;
  /** The whole `d` of the Identify (token, intents, properties). */
  readonly d: Record<string, unknown>;
}

/** A Heartbeat (op 1): `seq` is its `d`, the last sequence number the client saw (null before any). */
export interface FakeDiscordHeartbeat {
  readonly connection: number;
  readonly token: string | undefined;
  readonly seq: number | null;
}

/** A Presence Update (op 3): `d` as sent. */
export interface FakeDiscordPresence {
  readonly connection: number;
  readonly token: string | undefined;
  readonly d: {
    readonly activities?: ReadonlyArray<Record<string, unknown>> | null;
    readonly [field: string]: unknown;
  };
}

/** An external asset the REST API handed out. */
export interface FakeDiscordAsset {
  readonly applicationId: string;
  /** The request's `Authorization` header (the user's token). */
  readonly authorization: string;
  readonly url: string;
  /** `external/<hash>/<scheme>/<host><path>`; the client shows it as `mp:<path>`. */
  readonly path: string;
}

/** A running fake Discord (REST and gateway on one 127.0.0.1 port). */
export interface FakeDiscord {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** `<url>/api`: the plugin's `api_url`. */
  readonly apiUrl: string;
  /** Every REST request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Every gateway connection, in accept order (closed ones stay listed). */
  readonly connections: readonly FakeDiscordConnection[];
  readonly identifies: FakeDiscordIdentify[];
  readonly heartbeats: FakeDiscordHeartbeat[];
  readonly presences: FakeDiscordPresence[];
  readonly assets: FakeDiscordAsset[];
  /** The connections identified with `token`, oldest first. */
  connectionsOf(token: string): FakeDiscordConnection[];
  /**
   * Sends a dispatch (op 0) with event name `t` and data `d` on a connection (or the newest open one identified
   * with a token) and resolves its `s`: the previous one + 1, or `options.s`. Throws when there is no such open
   * connection.
   */
  sendDispatch(
    target: FakeDiscordConnection | string,
    t: string,
    d: unknown,
    options?: { s?: number },
  ): number;
  /**
   * Ends a connection (or the newest open one of a token): without `code`, the TCP socket is destroyed with no
   * close frame (the client sees 1006); with `code`, a close frame with that code and `reason` is sent.
   */
  drop(
    target: FakeDiscordConnection | string,
    options?: { code?: number; reason?: string },
  ): FakeDiscordConnection;
  /** Terminates every connection and stops the server. */
  close(): Promise<void>;
}

/**
 * Starts a fake Discord: `GET /api/gateway`, `POST /api/v9/applications/<id>/external-assets` (401 without an
 * Authorization header) and the gateway at `/gateway`, which sends Hello with `heartbeatIntervalMs` (default
 * 41250), answers Identify with READY (`s` 1) and Heartbeat with Heartbeat ACK, and records Presence Updates.
 */
export declare function startFakeDiscord(options?: { heartbeatIntervalMs?: number }): Promise<FakeDiscord>;
