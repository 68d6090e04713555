import { expect } from 'vitest';
import type { ClusterEnvelope } from '../cluster-bus.js';
import type { ClusterMessage } from '../cluster-message.js';
import type { ContractCase } from './contract-case.js';
import { describeContract } from './contract-case.js';
import { changed, withNodes, type ClusterBusSubject } from './cluster-bus-harness.js';
import { uniquePluginId } from './unique-plugin-id.js';
import { sleep, waitFor } from './wait.js';

const WAIT = { timeoutMs: 3_000 } as const;
const bytesOf = (n: number) => Uint8Array.from({ length: n }, (_, i) => i & 0xff);

/**
 * Every behaviour the {@link ClusterBus} port promises, as named cases: self-delivery, fan-out to every node,
 * asynchronous delivery, per-publisher order, binary fields, unsubscribe, failing handlers and close. About 1 s
 * per adapter.
 */
export const clusterBusContractCases: readonly ContractCase<ClusterBusSubject>[] = [
  {
    name: 'the publisher receives its own message, from its own node id',
    run: (subject) => {
      const tag = uniquePluginId('self');
      return withNodes(subject, tag, 1, async ([node]) => {
        expect(node!.bus.nodeId).toBe(`${tag}-0`);
        await node!.bus.publish(changed(tag));
        await waitFor(() => node!.received.length > 0, { ...WAIT, what: 'the own message' });
        await sleep(50);
        expect(node!.received).toEqual([{ fromNodeId: `${tag}-0`, message: changed(tag) }]);
      });
    },
  },
  {
    name: 'a message reaches every node once, with the publisher’s node id',
    run: (subject) => {
      const tag = uniquePluginId('fanout');
      return withNodes(subject, tag, 3, async (nodes) => {
        await nodes[1]!.bus.publish(changed(tag, 'removed'));
        await waitFor(() => nodes.every((n) => n.received.length > 0), { ...WAIT, what: 'every node' });
        await sleep(50);
        for (const node of nodes) {
          expect(node.received, node.bus.nodeId).toEqual([
            { fromNodeId: `${tag}-1`, message: changed(tag, 'removed') },
          ]);
        }
      });
    },
  },
  {
    name: 'delivery is asynchronous: no handler runs inside publish',
    run: (subject) => {
      const tag = uniquePluginId('async');
      return withNodes(subject, tag, 1, async ([node]) => {
        let insidePublish = false;
        const seenInside: boolean[] = [];
        node!.bus.subscribe(() => void seenInside.push(insidePublish));
        insidePublish = true;
        const published = node!.bus.publish(changed(tag));
        insidePublish = false;
        await published;
        await waitFor(() => seenInside.length > 0, { ...WAIT, what: 'the delivery' });
        expect(seenInside).toEqual([false]);
      });
    },
  },
  {
    name: 'messages from one node arrive in the order it published them, on every node',
    run: (subject) => {
      const tag = uniquePluginId('order');
      return withNodes(subject, tag, 2, async (nodes) => {
        const count = 100;
        // Not awaited one by one: order must hold even for publishes in flight together.
        await Promise.all(
          Array.from({ length: count }, (_, i) =>
            nodes[0]!.bus.publish({
              type: 'websocket-result',
              requestId: `${tag}-${i}`,
              toNodeId: 'n',
            }),
          ),
        );
        await waitFor(() => nodes.every((n) => n.received.length === count), {
          ...WAIT,
          what: 'every message',
        });
        const expected = Array.from({ length: count }, (_, i) => `${tag}-${i}`);
        for (const node of nodes) {
          expect(
            node.received.map((e) => (e.message.type === 'websocket-result' ? e.message.requestId : '?')),
            node.bus.nodeId,
          ).toEqual(expected);
        }
      });
    },
  },
  {
    name: 'Uint8Array fields and any text survive the trip',
    run: (subject) => {
      const tag = uniquePluginId('bytes');
      const messages: ClusterMessage[] = [
        {
          type: 'websocket-command',
          requestId: `${tag}-binary`,
          ref: { pluginId: 'p', connectionId: 'c1' },
          command: { kind: 'binary', data: bytesOf(30_000) },
        },
        {
          type: 'websocket-command',
          requestId: `${tag}-empty`,
          ref: { pluginId: 'p', connectionId: 'c2' },
          command: { kind: 'binary', data: new Uint8Array(0) },
        },
        {
          type: 'websocket-command',
          requestId: `${tag}-text`,
          ref: { pluginId: 'p', connectionId: 'c3' },
          command: { kind: 'text', message: 'héllo ✓ 🎶 \u0000 {"$bytes":"AA=="} \n' },
        },
        { type: 'websocket-result', requestId: `${tag}-error`, toNodeId: 'x', error: 'connection not found' },
      ];
      return withNodes(subject, tag, 2, async (nodes) => {
        for (const message of messages) await nodes[0]!.bus.publish(message);
        await waitFor(() => nodes[1]!.received.length === messages.length, { ...WAIT, what: 'the messages' });
        const got = nodes[1]!.received.map((e: ClusterEnvelope) => e.message);
        expect(got).toEqual(messages);
        for (const message of got) {
          if (message.type === 'websocket-command' && message.command.kind === 'binary') {
            expect(message.command.data).toBeInstanceOf(Uint8Array);
          }
        }
      });
    },
  },
  {
    name: 'the function subscribe returns removes that handler only',
    run: (subject) => {
      const tag = uniquePluginId('unsub');
      return withNodes(subject, tag, 1, async ([node]) => {
        const removed: string[] = [];
        const off = node!.bus.subscribe(({ message }) => void removed.push(message.type));
        off();
        off(); // a second call changes nothing
        await node!.bus.publish(changed(tag));
        await waitFor(() => node!.received.length === 1, { ...WAIT, what: 'the other handler' });
        await sleep(50);
        expect(removed).toEqual([]);
      });
    },
  },
  {
    name: 'a handler that throws or rejects stops neither the other handlers nor later messages',
    run: (subject) => {
      const tag = uniquePluginId('throws');
      return withNodes(subject, tag, 1, async ([node]) => {
        node!.bus.subscribe(() => {
          throw new Error('handler failure (expected by the test)');
        });
        node!.bus.subscribe(() => Promise.reject(new Error('async handler failure (expected by the test)')));
        await node!.bus.publish(changed(tag));
        await node!.bus.publish(changed(tag, 'removed'));
        await waitFor(() => node!.received.length === 2, { ...WAIT, what: 'both messages' });
      });
    },
  },
  {
    name: 'close is idempotent, stops delivery to the closed node, and leaves the others working',
    run: (subject) => {
      const tag = uniquePluginId('close');
      return withNodes(subject, tag, 2, async ([a, b]) => {
        await a!.bus.close();
        await expect(a!.bus.close()).resolves.toBeUndefined();
        await expect(a!.bus.publish(changed(tag))).rejects.toThrow();
        await b!.bus.publish(changed(tag));
        await waitFor(() => b!.received.length === 1, { ...WAIT, what: 'the message on the open node' });
        await sleep(100);
        expect(a!.received).toEqual([]);
      });
    },
  },
];

/**
 * Registers the cluster-bus contract for one adapter.
 *
 * @example
 * ```ts
 * const hub = new InProcessClusterHub();
 * describeClusterBusContract('in-process', { open: (nodeId) => new InProcessClusterBus({ nodeId, hub }) });
 * ```
 */
export function describeClusterBusContract(adapterName: string, subject: ClusterBusSubject): void {
  describeContract(`ClusterBus contract: ${adapterName}`, clusterBusContractCases, subject);
}
