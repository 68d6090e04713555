import type { ClusterBus, ClusterEnvelope } from '../../cluster-bus.js';
import type { ClusterMessage } from '../../cluster-message.js';

type Handler = (envelope: ClusterEnvelope) => void | Promise<void>;

/**
 * Cluster buses of several simulated nodes in one process, delivering every message to every subscriber of every
 * linked bus on a later tick, in publish order (the port's guarantees). `down` makes publishing fail, as a bus
 * whose Redis is gone does. Test support only.
 */
export class LinkedBuses {
  private readonly handlers = new Map<string, Set<Handler>>();
  private queue: Promise<void> = Promise.resolve();
  down = false;

  bus(nodeId: string): ClusterBus {
    const handlers = new Set<Handler>();
    this.handlers.set(nodeId, handlers);
    let closed = false;
    return {
      nodeId,
      publish: async (message: ClusterMessage) => {
        if (closed) throw new Error(`the bus of node ${nodeId} is closed`);
        if (this.down) throw new Error('bus is down');
        const envelope = { fromNodeId: nodeId, message };
        this.queue = this.queue
          .then(() => new Promise((r) => setImmediate(r)))
          .then(() => this.deliver(envelope));
      },
      subscribe: (handler) => {
        handlers.add(handler);
        return () => handlers.delete(handler);
      },
      close: async () => {
        closed = true;
        handlers.clear();
        this.handlers.delete(nodeId);
      },
    };
  }

  private deliver(envelope: ClusterEnvelope): void {
    for (const set of this.handlers.values())
      for (const handler of set) {
        // A failing handler, sync or async, stops neither the other handlers nor later messages.
        try {
          void Promise.resolve(handler(envelope)).catch(() => undefined);
        } catch {
          // dropped, as above
        }
      }
  }
}
