import type { ClusterMessage } from './cluster-message.js';

/** A received message and the node that published it. */
export interface ClusterEnvelope {
  readonly fromNodeId: string;
  readonly message: ClusterMessage;
}

/**
 * Publish/subscribe between the nodes of a cluster (Redis pub/sub), or within one process on a single node.
 *
 * Guarantees: a published message reaches every subscriber on every live node, the publishing node included,
 * so code behaves the same on one node and many; delivery is asynchronous (never inside `publish`); messages
 * from one node arrive in the order it published them; `Uint8Array` fields survive the trip.
 * Single node: the in-process bus delivers to this process's subscribers only, on a later tick.
 * Does not guarantee: delivery to nodes that are down or reconnecting (at most once, no replay), or order
 * across publishers. Callers that need an answer correlate with a `requestId` and time out themselves.
 *
 * @example
 * ```ts
 * const off = bus.subscribe(({ message }) => message.type === 'plugin-changed' ? manager.reload(message.pluginId) : undefined);
 * await bus.publish({ type: 'plugin-changed', pluginId: 'lb', change: 'refreshed' });
 * ```
 */
export interface ClusterBus {
  /** This node's id, unique in the cluster. */
  readonly nodeId: string;
  publish(message: ClusterMessage): Promise<void>;
  /** Adds a handler; the returned function removes it. A handler that throws is logged, not retried. */
  subscribe(handler: (envelope: ClusterEnvelope) => void | Promise<void>): () => void;
  /** Unsubscribes everything and disconnects; idempotent. */
  close(): Promise<void>;
}
