// Plugin WebSockets across two nodes on a real Redis bus and real sockets: a send or close made on node B reaches
// the socket node A owns (in order), the socket's events stay on A, and once A is gone B gets `connection not
// found` within the command timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { WsWebSocketClient } from '@ndp/adapters-local';
import { RedisClusterBus } from '@ndp/adapters-redis';
import { ClusterWebSocketClient } from '@ndp/application';
import type { ConnectionRef, WebSocketEventSink } from '@ndp/ports';
import { RecordingLogger } from '@ndp/ports/testing';
import { redisSkipped, startRedis, type RedisServer } from '../../../../tools/redis-harness/index.mjs';

class Events implements WebSocketEventSink {
  readonly seen: string[] = [];
  onText(_ref: ConnectionRef, message: string) {
    this.seen.push(`text:${message}`);
  }
  onBinary() {
    this.seen.push('binary');
  }
  onError(_ref: ConnectionRef, error: string) {
    this.seen.push(`error:${error}`);
  }
  onClose(_ref: ConnectionRef, code: number, reason: string) {
    this.seen.push(`close:${code}:${reason}`);
  }
}

async function until(holds: () => boolean, timeoutMs = 5_000): Promise<void> {
  const giveUp = Date.now() + timeoutMs;
  while (!holds() && Date.now() < giveUp) await new Promise((r) => setTimeout(r, 20));
}

describe.skipIf(redisSkipped())('cluster WebSockets over the Redis bus', () => {
  let redis: RedisServer;
  let server: WebSocketServer;
  const received: string[] = [];
  const peers: WebSocket[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (socket) => {
      peers.push(socket);
      socket.on('message', (data, binary) => received.push(binary ? 'binary' : data.toString()));
    });
    await new Promise((r) => server.once('listening', r));
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await redis?.close();
  });

  async function node(nodeId: string, commandTimeoutMs = 2_000) {
    const bus = await RedisClusterBus.connect({ url: redis.url, prefix: 'ws-int', nodeId });
    const events = new Events();
    const client = new ClusterWebSocketClient({
      local: new WsWebSocketClient(),
      bus,
      commandTimeoutMs,
      logger: new RecordingLogger(),
    });
    client.setEventSink(events);
    return {
      client,
      events,
      close: async () => {
        await client.shutdown();
        await bus.close();
      },
    };
  }

  it('routes sends and the close from node B to the socket on node A, whose events stay on A', async () => {
    const a = await node('a');
    const b = await node('b');
    try {
      const ref = { pluginId: 'discord', connectionId: 'gw' };
      const url = `ws://127.0.0.1:${(server.address() as { port: number }).port}/`;
      expect(await a.client.connect({ ...ref, url, headers: {}, allowLocalNetwork: true })).toEqual({
        ok: true,
      });
      const sent = [];
      for (let i = 0; i < 20; i++) sent.push(b.client.sendText(ref, `beat-${i}`));
      expect(await Promise.all(sent)).toEqual(Array.from({ length: 20 }, () => ({ ok: true })));
      expect(await b.client.sendBinary(ref, new Uint8Array([1, 2]))).toEqual({ ok: true });
      await until(() => received.length === 21);
      expect(received).toEqual([...Array.from({ length: 20 }, (_, i) => `beat-${i}`), 'binary']);
      peers.at(-1)!.send('hello from the gateway');
      await until(() => a.events.seen.length > 0);
      expect(a.events.seen).toEqual(['text:hello from the gateway']);
      expect(await b.client.close(ref, 4000, 'bye')).toEqual({ ok: true });
      expect(a.events.seen).toEqual(['text:hello from the gateway', 'close:4000:bye']);
      expect(b.events.seen).toEqual([]);
      expect(await b.client.sendText(ref, 'late')).toEqual({ ok: false, error: 'connection not found' });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('answers connection not found once the owning node is gone (after OnClose ran on it)', async () => {
    const a = await node('a2');
    const b = await node('b2', 500);
    const ref = { pluginId: 'discord', connectionId: 'gone' };
    const url = `ws://127.0.0.1:${(server.address() as { port: number }).port}/`;
    try {
      expect(await a.client.connect({ ...ref, url, headers: {}, allowLocalNetwork: true })).toEqual({
        ok: true,
      });
      expect(await b.client.sendText(ref, 'before')).toEqual({ ok: true });
      await a.close();
      expect(a.events.seen.at(-1)).toMatch(/^close:/);
      expect(await b.client.sendText(ref, 'after')).toEqual({ ok: false, error: 'connection not found' });
    } finally {
      await b.close();
    }
  });
});
