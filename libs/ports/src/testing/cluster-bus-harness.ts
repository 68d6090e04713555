import type { ClusterBus, ClusterEnvelope } from '../cluster-bus.js';
import type { ClusterMessage } from '../cluster-message.js';

/**
 * Opens one node's bus. Buses opened by one subject are the nodes of one cluster: a real cluster bus reaches
 * all of them; the in-process bus shares a hub between them. Cases close what they open.
 */
export interface ClusterBusSubject {
  open(nodeId: string): ClusterBus | Promise<ClusterBus>;
}

/** A node under test: its bus and every envelope it received for the current case, in arrival order. */
export interface RecordingNode {
  readonly bus: ClusterBus;
  readonly received: ClusterEnvelope[];
}

/**
 * Opens `count` nodes named `<tag>-0`, `<tag>-1`, ..., each recording the envelopes that belong to this case
 * (cases share a backend, so messages are told apart by `tag`, carried in every message as a plugin or
 * request id), runs `body`, and closes every bus whatever happens.
 */
export async function withNodes(
  subject: ClusterBusSubject,
  tag: string,
  count: number,
  body: (nodes: RecordingNode[]) => Promise<void>,
): Promise<void> {
  const nodes: RecordingNode[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const bus = await subject.open(`${tag}-${i}`);
      const received: ClusterEnvelope[] = [];
      bus.subscribe((envelope) => {
        if (tagOf(envelope.message).startsWith(tag)) received.push(envelope);
      });
      nodes.push({ bus, received });
    }
    await body(nodes);
  } finally {
    await Promise.all(nodes.map((n) => n.bus.close()));
  }
}

/** The id a case tags its messages with. */
function tagOf(message: ClusterMessage): string {
  return message.type === 'plugin-changed' ? message.pluginId : message.requestId;
}

/** A `plugin-changed` message tagged for one case. */
export function changed(tag: string, change: 'installed' | 'removed' = 'installed'): ClusterMessage {
  return { type: 'plugin-changed', pluginId: tag, change };
}
