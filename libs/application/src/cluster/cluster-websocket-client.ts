import { randomUUID } from 'node:crypto';
import type {
  ClusterBus,
  ClusterEnvelope,
  ConnectionRef,
  Logger,
  WebSocketClient,
  WebSocketCommandMessage,
  WebSocketConnectRequest,
  WebSocketConnectionInfo,
  WebSocketEventSink,
  WebSocketOutcome,
} from '@ndp/ports';

/** Options of {@link ClusterWebSocketClient}. */
export interface ClusterWebSocketOptions {
  /** The sockets of this process. */
  readonly local: WebSocketClient;
  readonly bus: ClusterBus;
  /** How long a command routed to another node waits for the owner's answer before `connection not found`. */
  readonly commandTimeoutMs: number;
  readonly logger: Logger;
}

type Command = WebSocketCommandMessage['command'];

const NOT_FOUND: WebSocketOutcome = Object.freeze({ ok: false, error: 'connection not found' });
const keyOf = (ref: ConnectionRef) => JSON.stringify([ref.pluginId, ref.connectionId]);

/**
 * The WebSocket client of a cluster node: sockets live on the node that opened them, and a send or close for a
 * socket this node does not hold is routed over the bus to whichever node does.
 *
 * Guarantees: a command is acted on only by the node holding the socket, which answers with the same
 * `requestId`; commands from one node to one socket run in the order they were sent; socket events (and so the
 * plugin's callbacks) stay on the owner; an answer that does not arrive within `commandTimeoutMs` — no node holds
 * the socket, or its owner died — is the in-band `connection not found`. Nothing rejects.
 * Connecting with an id another node holds closes that node's socket, asynchronously (`onClose` runs there).
 * Does not guarantee: that a command which timed out was not carried out by a slow owner afterwards, or which
 * socket survives when two nodes connect with the same id within the same few milliseconds.
 */
export class ClusterWebSocketClient implements WebSocketClient {
  private readonly pending = new Map<string, (outcome: WebSocketOutcome) => void>();
  /** Per socket, the tail of the commands other nodes asked this owner to run, to keep their order. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly unsubscribe: () => void;
  private readonly log: Logger;
  private closed = false;

  constructor(private readonly options: ClusterWebSocketOptions) {
    this.log = options.logger.child({ component: 'cluster-websocket' });
    this.unsubscribe = options.bus.subscribe((envelope) => this.receive(envelope));
  }

  setEventSink(sink: WebSocketEventSink): void {
    this.options.local.setEventSink(sink);
  }

  async connect(request: WebSocketConnectRequest): Promise<WebSocketOutcome> {
    const ref = { pluginId: request.pluginId, connectionId: request.connectionId };
    // An id in use elsewhere in the cluster is closed, as the local client does for its own sockets. Not awaited:
    // usually no node holds it, and waiting for an answer that never comes would delay every connect.
    if (!this.options.local.owns(ref) && !this.closed) {
      const close = { kind: 'close', code: 1000, reason: 'replaced' } as const;
      this.options.bus
        .publish({ type: 'websocket-command', requestId: randomUUID(), ref, command: close })
        .catch(() => undefined);
    }
    return this.options.local.connect(request);
  }

  sendText(ref: ConnectionRef, message: string): Promise<WebSocketOutcome> {
    return this.options.local.owns(ref)
      ? this.options.local.sendText(ref, message)
      : this.route(ref, { kind: 'text', message });
  }

  sendBinary(ref: ConnectionRef, data: Uint8Array): Promise<WebSocketOutcome> {
    return this.options.local.owns(ref)
      ? this.options.local.sendBinary(ref, data)
      : this.route(ref, { kind: 'binary', data });
  }

  close(ref: ConnectionRef, code: number, reason: string): Promise<WebSocketOutcome> {
    return this.options.local.owns(ref)
      ? this.options.local.close(ref, code, reason)
      : this.route(ref, { kind: 'close', code, reason });
  }

  owns(ref: ConnectionRef): boolean {
    return this.options.local.owns(ref);
  }

  /** This node's sockets of the plugin (each node lists its own). */
  connections(pluginId: string): readonly WebSocketConnectionInfo[] {
    return this.options.local.connections(pluginId);
  }

  /** Closes this node's sockets of the plugin; every node does the same when the change reaches it. */
  closeAll(pluginId: string): Promise<void> {
    return this.options.local.closeAll(pluginId);
  }

  async shutdown(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.unsubscribe();
      for (const settle of this.pending.values()) settle(NOT_FOUND);
      this.pending.clear();
    }
    await this.options.local.shutdown();
  }

  private route(ref: ConnectionRef, command: Command): Promise<WebSocketOutcome> {
    if (this.closed) return Promise.resolve(NOT_FOUND);
    const requestId = randomUUID();
    return new Promise<WebSocketOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        this.log.debug('no node answered a routed WebSocket command', { ...ref, kind: command.kind });
        resolve(NOT_FOUND);
      }, this.options.commandTimeoutMs);
      this.pending.set(requestId, (outcome) => {
        clearTimeout(timer);
        this.pending.delete(requestId);
        resolve(outcome);
      });
      this.options.bus
        .publish({ type: 'websocket-command', requestId, ref, command })
        .catch((error: unknown) => {
          // The bus is down (Redis lost): nobody can be reached, the plugin gets the error in-band at once.
          this.pending.get(requestId)?.({ ok: false, error: `cluster unreachable: ${textOf(error)}` });
        });
    });
  }

  private receive({ fromNodeId, message }: ClusterEnvelope): void {
    if (message.type === 'websocket-result') {
      if (message.toNodeId !== this.options.bus.nodeId) return;
      this.pending.get(message.requestId)?.(
        message.error === undefined ? { ok: true } : { ok: false, error: message.error },
      );
    } else if (message.type === 'websocket-command' && fromNodeId !== this.options.bus.nodeId) {
      if (!this.options.local.owns(message.ref)) return;
      this.runInOrder(message, fromNodeId);
    }
  }

  private runInOrder(message: WebSocketCommandMessage, fromNodeId: string): void {
    const key = keyOf(message.ref);
    const next = (this.chains.get(key) ?? Promise.resolve()).then(async () => {
      const outcome = await this.execute(message.ref, message.command);
      await this.options.bus
        .publish({
          type: 'websocket-result',
          requestId: message.requestId,
          toNodeId: fromNodeId,
          ...(outcome.ok ? {} : { error: outcome.error }),
        })
        .catch((error: unknown) =>
          this.log.warn('cannot answer a routed WebSocket command', { error: textOf(error), to: fromNodeId }),
        );
    });
    this.chains.set(key, next);
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  private execute(ref: ConnectionRef, command: Command): Promise<WebSocketOutcome> {
    const local = this.options.local;
    switch (command.kind) {
      case 'text':
        return local.sendText(ref, command.message);
      case 'binary':
        return local.sendBinary(ref, command.data);
      case 'close':
        return local.close(ref, command.code, command.reason);
    }
  }
}

function textOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
