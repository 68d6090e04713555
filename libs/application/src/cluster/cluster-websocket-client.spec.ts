import { describe, expect, it } from 'vitest';
import { RecordingLogger, FakeWebSocketClient, LinkedBuses } from '@ndp/ports/testing';
import { ClusterWebSocketClient } from './cluster-websocket-client.js';

function cluster(commandTimeoutMs = 2_000) {
  const buses = new LinkedBuses();
  const node = (id: string) => {
    const local = new FakeWebSocketClient();
    const client = new ClusterWebSocketClient({
      local,
      bus: buses.bus(id),
      commandTimeoutMs,
      logger: new RecordingLogger(),
    });
    return { local, client };
  };
  return { buses, a: node('a'), b: node('b'), c: node('c') };
}

const gw = { pluginId: 'discord', connectionId: 'gw' };
const request = { ...gw, url: 'wss://gateway.test/', headers: {}, allowLocalNetwork: false };

describe('ClusterWebSocketClient', () => {
  it('sends and closes on a socket another node owns, in order, and only the owner acts', async () => {
    const { a, b, c } = cluster();
    expect(await a.client.connect(request)).toEqual({ ok: true });
    expect(b.client.owns(gw)).toBe(false);
    const sends = await Promise.all([
      b.client.sendText(gw, 'one'),
      b.client.sendBinary(gw, new Uint8Array([2])),
      b.client.sendText(gw, 'three'),
    ]);
    expect(sends).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(a.local.sent.map((s) => s.message)).toEqual(['one', new Uint8Array([2]), 'three']);
    expect(b.local.sent).toEqual([]);
    expect(c.local.sent).toEqual([]);
    expect(await c.client.close(gw, 1000, 'bye')).toEqual({ ok: true });
    expect(a.client.owns(gw)).toBe(false);
  });

  it("answers the owner's in-band error to the node that asked", async () => {
    const { a, b } = cluster();
    await a.client.connect(request);
    await a.local.close(gw);
    // The owner forgot the socket between two commands: nobody owns it any more, so it is not found.
    expect(await b.client.sendText(gw, 'late')).toEqual({ ok: false, error: 'connection not found' });
  });

  it('answers connection not found within the command timeout when no node holds the socket', async () => {
    const { b } = cluster(200);
    const started = Date.now();
    expect(await b.client.sendText(gw, 'x')).toEqual({ ok: false, error: 'connection not found' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('turns a bus that cannot publish into an in-band error at once, never a rejection', async () => {
    const { buses, b } = cluster(10_000);
    buses.down = true;
    const outcome = await b.client.sendText(gw, 'x');
    expect(outcome).toEqual({ ok: false, error: 'cluster unreachable: bus is down' });
  });

  it('closes an id another node holds when this node connects with it', async () => {
    const { a, b } = cluster();
    await a.client.connect(request);
    // a's own announcement of the id must have gone round first (the close is asynchronous).
    await new Promise((r) => setTimeout(r, 50));
    await b.client.connect(request);
    await new Promise((r) => setTimeout(r, 50));
    expect(a.client.owns(gw)).toBe(false);
    expect(b.client.owns(gw)).toBe(true);
  });

  it('answers pending commands with connection not found on shutdown', async () => {
    const { b } = cluster(10_000);
    const pending = b.client.sendText(gw, 'x');
    await b.client.shutdown();
    expect(await pending).toEqual({ ok: false, error: 'connection not found' });
  });
});
