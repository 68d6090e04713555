import { describe, expect, it } from 'vitest';
import { clusterBusContractCases, contractCaseFailure, describeClusterBusContract } from '@ndp/ports/testing';
import type { ClusterBus, ClusterEnvelope, ClusterMessage } from '@ndp/ports';
import { InProcessClusterBus, InProcessClusterHub } from './in-process-cluster-bus.js';

const hub = new InProcessClusterHub();
describeClusterBusContract('in-process', { open: (nodeId) => new InProcessClusterBus({ nodeId, hub }) });

/** A faulty bus: delivers inside publish, to its own handlers only. */
class SynchronousBus implements ClusterBus {
  private readonly handlers = new Set<(e: ClusterEnvelope) => void | Promise<void>>();
  constructor(readonly nodeId: string) {}
  async publish(message: ClusterMessage): Promise<void> {
    for (const h of this.handlers) void h({ fromNodeId: this.nodeId, message });
  }
  subscribe(handler: (e: ClusterEnvelope) => void | Promise<void>): () => void {
    this.handlers.add(handler);
    return () => void this.handlers.delete(handler);
  }
  async close(): Promise<void> {}
}

describe('InProcessClusterBus', () => {
  it('is a single node by default: two buses without a shared hub do not hear each other', async () => {
    const a = new InProcessClusterBus({ nodeId: 'a' });
    const b = new InProcessClusterBus({ nodeId: 'b' });
    const heard: string[] = [];
    a.subscribe((e) => void heard.push(`a<-${e.fromNodeId}`));
    b.subscribe((e) => void heard.push(`b<-${e.fromNodeId}`));
    await a.publish({ type: 'plugin-changed', pluginId: 'p', change: 'installed' });
    await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual(['a<-a']);
    expect(new InProcessClusterBus().nodeId).toBe('local');
    await Promise.all([a.close(), b.close()]);
  });

  it('the contract catches a bus that delivers synchronously or to one node only', async () => {
    const subject = { open: (nodeId: string) => new SynchronousBus(nodeId) };
    for (const name of [
      'delivery is asynchronous: no handler runs inside publish',
      'a message reaches every node once, with the publisher’s node id',
    ]) {
      expect(await contractCaseFailure(clusterBusContractCases, name, subject), name).toBeDefined();
    }
  });
});
