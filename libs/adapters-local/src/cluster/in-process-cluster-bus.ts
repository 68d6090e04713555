import type { ClusterBus, ClusterEnvelope, ClusterMessage, Logger } from '@ndp/ports';

type Handler = (envelope: ClusterEnvelope) => void | Promise<void>;

/**
 * What in-process buses share to reach each other. Each bus gets its own hub by default (a single node); tests
 * and tools that run several "nodes" in one process give them one hub.
 */
export class InProcessClusterHub {
  private readonly buses = new Set<InProcessClusterBus>();

  /** @internal */
  join(bus: InProcessClusterBus): void {
    this.buses.add(bus);
  }

  /** @internal */
  leave(bus: InProcessClusterBus): void {
    this.buses.delete(bus);
  }

  /** @internal Queues one delivery per joined bus; `setImmediate` runs them in FIFO order, so order holds. */
  broadcast(fromNodeId: string, message: ClusterMessage): void {
    for (const bus of this.buses) {
      // A copy per node, as a network would give: a handler that mutates a message affects no other node.
      const envelope: ClusterEnvelope = { fromNodeId, message: structuredClone(message) };
      setImmediate(() => bus.deliver(envelope));
    }
  }
}

/** Options of {@link InProcessClusterBus}. */
export interface InProcessClusterBusOptions {
  /** This node's id. Default `local`. */
  readonly nodeId?: string;
  /** The buses to reach. Default: a hub of its own (a single node). */
  readonly hub?: InProcessClusterHub;
  /** Logs handlers that throw. Default: none. */
  readonly logger?: Logger;
}

/**
 * The single-node {@link ClusterBus}: messages go to the subscribers of this process, on a later turn of the
 * event loop, so code written for a cluster (publish, then act when the message comes back) behaves the same on
 * one node.
 *
 * Guarantees (beyond the port's): every bus on the hub receives each message exactly once, in publish order
 * across all publishers of the hub; each bus gets its own structured clone (a `Uint8Array` stays one, and
 * mutations do not leak). A handler that throws or rejects is logged and does not stop the others. After
 * `close`, the bus receives nothing and `publish` rejects.
 * Does not guarantee: delivery to a bus closed before the delivery's turn came.
 *
 * @example
 * ```ts
 * const bus = new InProcessClusterBus({ logger });
 * bus.subscribe(({ message }) => console.log(message.type));
 * await bus.publish({ type: 'plugin-changed', pluginId: 'lb', change: 'refreshed' });
 * ```
 */
export class InProcessClusterBus implements ClusterBus {
  readonly nodeId: string;
  private readonly hub: InProcessClusterHub;
  private readonly handlers = new Set<Handler>();
  private closed = false;

  constructor(private readonly options: InProcessClusterBusOptions = {}) {
    this.nodeId = options.nodeId ?? 'local';
    this.hub = options.hub ?? new InProcessClusterHub();
    this.hub.join(this);
  }

  async publish(message: ClusterMessage): Promise<void> {
    if (this.closed) throw new Error(`the in-process cluster bus of node ${this.nodeId} is closed`);
    this.hub.broadcast(this.nodeId, message);
  }

  subscribe(handler: Handler): () => void {
    // A wrapper per call, so subscribing one function twice gives two independent subscriptions.
    const own: Handler = (envelope) => handler(envelope);
    if (!this.closed) this.handlers.add(own);
    return () => void this.handlers.delete(own);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    this.hub.leave(this);
  }

  /** @internal Runs every handler on one envelope. */
  deliver(envelope: ClusterEnvelope): void {
    for (const handler of [...this.handlers]) {
      try {
        const outcome = handler(envelope);
        if (outcome instanceof Promise) outcome.catch((error: unknown) => this.report(error, envelope));
      } catch (error) {
        this.report(error, envelope);
      }
    }
  }

  private report(error: unknown, envelope: ClusterEnvelope): void {
    this.options.logger?.error('cluster bus handler failed', {
      type: envelope.message.type,
      fromNode: envelope.fromNodeId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
