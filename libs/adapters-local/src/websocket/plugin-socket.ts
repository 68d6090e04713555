import WebSocket from 'ws';
import type { ConnectionRef, WebSocketEventSink, WebSocketOutcome } from '@ndp/ports';
import { checkedLookup } from './checked-lookup.js';
import type { WebSocketTarget } from './ws-target-guard.js';

/** The limits one socket runs under (see `WsWebSocketClientOptions` for their meaning and defaults). */
export interface PluginSocketLimits {
  readonly connectTimeoutMs: number;
  /** The configured connect timeout, for messages (`connectTimeoutMs` is what is left of it after DNS). */
  readonly connectTimeoutLabelMs?: number;
  readonly closeTimeoutMs: number;
  readonly maxMessageBytes: number;
  readonly maxBufferedBytes: number;
}

/** What a socket needs from its owner. */
export interface PluginSocketOwner {
  /** Hands one event to the sink of the moment; must not throw. */
  deliver(event: (sink: WebSocketEventSink) => void): void;
  /** Called once when the socket stops being usable, whatever the reason, so the owner can forget it. */
  gone(socket: PluginSocket): void;
}

type Phase = 'connecting' | 'open' | 'done';

const OK: WebSocketOutcome = Object.freeze({ ok: true });
const fail = (error: string): WebSocketOutcome => ({ ok: false, error });
const textOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * One plugin socket on `ws`, from the handshake to the end, translating `ws` events into sink calls.
 *
 * Guarantees: the socket connects only to the target's checked addresses; each socket that opened delivers
 * exactly one `onClose` and nothing after it: a remote close gives its code and reason; a transport error gives
 * `onError(text)` then `onClose(1006, text)`; a message above `maxMessageBytes` gives `onError` then
 * `onClose(1009, …)` (and `ws` sends close 1009 to the peer); a close asked for here gives `onClose` with the code
 * and reason asked for, at once, while the closing handshake finishes in the background (the socket is
 * terminated if the peer does not answer within `closeTimeoutMs`). A socket that never opened delivers nothing.
 */
export class PluginSocket {
  private phase: Phase = 'connecting';
  private readonly ws: WebSocket;
  private killTimer: ReturnType<typeof setTimeout> | undefined;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private settleConnect: (outcome: WebSocketOutcome) => void = () => undefined;
  /** Settles when the handshake succeeded or failed. */
  readonly opened: Promise<WebSocketOutcome>;
  /** Resolves when the underlying TCP socket has closed. */
  readonly closed: Promise<void>;
  /** When the connect started (ms since the epoch). */
  readonly since = Date.now();
  /** The URL connected to. */
  readonly url: string;

  constructor(
    readonly ref: ConnectionRef,
    target: WebSocketTarget,
    headers: Readonly<Record<string, string>>,
    private readonly limits: PluginSocketLimits,
    private readonly owner: PluginSocketOwner,
  ) {
    this.url = target.url.href;
    this.opened = new Promise((resolve) => (this.settleConnect = resolve));
    // Built before `new WebSocket`, which may throw (a bad header value), so `closed` always settles.
    let markClosed: () => void = () => undefined;
    this.closed = new Promise((resolve) => (markClosed = resolve));
    try {
      this.ws = new WebSocket(target.url, {
        headers: { ...headers },
        lookup: checkedLookup(target.addresses),
        maxPayload: limits.maxMessageBytes,
        // Compression lets a small frame inflate to `maxPayload` of work; plugins' traffic does not need it.
        perMessageDeflate: false,
        // A redirect would reach a URL the guard never saw.
        followRedirects: false,
      });
    } catch (error) {
      this.phase = 'done';
      this.settleConnect(fail(`cannot connect to ${target.url.href}: ${textOf(error)}`));
      markClosed();
      // A definite-assignment placeholder: nothing uses the socket once the phase is done.
      this.ws = undefined as unknown as WebSocket;
      return;
    }
    const href = target.url.href;
    this.connectTimer = setTimeout(
      () =>
        this.failConnect(
          `connecting to ${href} timed out after ${limits.connectTimeoutLabelMs ?? limits.connectTimeoutMs} ms`,
        ),
      limits.connectTimeoutMs,
    );
    this.ws.on('open', () => this.onOpen());
    this.ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    this.ws.on('error', (error) => this.onSocketError(error, href));
    this.ws.on('close', (code, reason) => {
      clearTimeout(this.killTimer);
      markClosed();
      this.onSocketClose(code, reason.toString('utf8'), href);
    });
  }

  get isOpen(): boolean {
    return this.phase === 'open';
  }

  /** Sends one message, unless it is over a limit or the send buffer is full (then nothing is queued). */
  send(data: string | Uint8Array): WebSocketOutcome {
    if (this.phase !== 'open' || this.ws.readyState !== WebSocket.OPEN) return fail('connection is not open');
    const size = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
    if (size > this.limits.maxMessageBytes) {
      return fail(`message of ${size} bytes exceeds the limit of ${this.limits.maxMessageBytes} bytes`);
    }
    const buffered = this.ws.bufferedAmount;
    if (buffered + size > this.limits.maxBufferedBytes) {
      return fail(
        `send buffer full: ${buffered} bytes are still waiting to be sent (limit ${this.limits.maxBufferedBytes}); the message was not sent`,
      );
    }
    try {
      // Errors of the write itself surface as the socket's error event (then onError/onClose).
      this.ws.send(data, { binary: typeof data !== 'string' }, () => undefined);
    } catch (error) {
      return fail(`failed to send message: ${textOf(error)}`);
    }
    return OK;
  }

  /**
   * Closes an open socket with `code` and `reason`, delivering `onClose(code, reason)` at once. An invalid code or
   * a reason over 123 bytes is an in-band error and the socket stays open.
   */
  close(code: number, reason: string): WebSocketOutcome {
    if (this.phase !== 'open') return fail('connection is not open');
    try {
      this.ws.close(code, reason);
    } catch (error) {
      return fail(`cannot close with code ${code}: ${textOf(error)}`);
    }
    this.finish(undefined, code, reason);
    return OK;
  }

  /** Gives up a handshake in progress; its `opened` settles with `why`. Does nothing once open. */
  abort(why: string): void {
    if (this.phase === 'connecting') this.failConnect(why);
  }

  private onOpen(): void {
    if (this.phase !== 'connecting') return;
    clearTimeout(this.connectTimer);
    this.phase = 'open';
    this.settleConnect(OK);
  }

  private failConnect(why: string): void {
    clearTimeout(this.connectTimer);
    this.phase = 'done';
    this.settleConnect(fail(why));
    this.ws.terminate();
    this.owner.gone(this);
  }

  private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    if (this.phase !== 'open') return;
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) this.owner.deliver((sink) => sink.onBinary(this.ref, new Uint8Array(bytes)));
    else this.owner.deliver((sink) => sink.onText(this.ref, bytes.toString('utf8')));
  }

  private onSocketError(error: Error, href: string): void {
    if (this.phase === 'connecting') return this.failConnect(`cannot connect to ${href}: ${error.message}`);
    if (this.phase !== 'open') return;
    const tooBig = (error as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';
    const text = tooBig
      ? `received a message over the limit of ${this.limits.maxMessageBytes} bytes`
      : `connection error: ${error.message}`;
    this.finish(text, tooBig ? 1009 : 1006, text);
  }

  private onSocketClose(code: number, reason: string, href: string): void {
    if (this.phase === 'connecting')
      return this.failConnect(`cannot connect to ${href}: closed during the handshake`);
    if (this.phase !== 'open') return;
    // 1006 means the TCP connection ended with no close frame (a reset, a peer that died): a transport error.
    if (code === 1006) {
      const text = 'connection lost: closed without a close frame';
      return this.finish(text, 1006, text);
    }
    this.finish(undefined, code, reason);
  }

  private finish(errorText: string | undefined, code: number, reason: string): void {
    this.phase = 'done';
    this.owner.gone(this);
    if (errorText !== undefined) this.owner.deliver((sink) => sink.onError(this.ref, errorText));
    this.owner.deliver((sink) => sink.onClose(this.ref, code, reason));
    if (this.ws.readyState !== WebSocket.CLOSED) {
      this.killTimer = setTimeout(() => this.ws.terminate(), this.limits.closeTimeoutMs);
      this.killTimer.unref();
    }
  }
}
