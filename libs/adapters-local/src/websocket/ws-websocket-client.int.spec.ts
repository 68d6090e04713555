import { waitFor } from '@ndp/ports/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingSink, startTestServer, type TestServer } from './ws-test-server.js';
import { WsWebSocketClient, type WsWebSocketClientOptions } from './ws-websocket-client.js';

let server: TestServer;
let client: WsWebSocketClient;
let sink: RecordingSink;

function makeClient(options: WsWebSocketClientOptions = {}): WsWebSocketClient {
  client = new WsWebSocketClient(options);
  sink = new RecordingSink();
  client.setEventSink(sink);
  return client;
}

const wait = (check: () => boolean, what: string) => waitFor(check, { timeoutMs: 3_000, what });
const connect = (
  pluginId: string,
  connectionId: string,
  extra: { url?: string; headers?: Record<string, string> } = {},
) =>
  client.connect({
    pluginId,
    connectionId,
    url: extra.url ?? `${server.url}/gateway?v=10`,
    headers: extra.headers ?? {},
    allowLocalNetwork: true,
  });

beforeEach(async () => {
  server = await startTestServer();
  makeClient();
});
afterEach(async () => {
  await client.shutdown();
  await server.stop();
});

describe('WsWebSocketClient (real ws server on 127.0.0.1)', () => {
  it('connects with the plugin headers and carries text and binary both ways', async () => {
    expect(await connect('p', 'gw', { headers: { Authorization: 'Bot t0k', 'X-Plugin': 'yes' } })).toEqual({
      ok: true,
    });
    expect(client.owns({ pluginId: 'p', connectionId: 'gw' })).toBe(true);
    const [side] = server.connections;
    expect(side?.headers.authorization).toBe('Bot t0k');
    expect(side?.headers['x-plugin']).toBe('yes');
    expect(side?.path).toBe('/gateway?v=10');

    const ref = { pluginId: 'p', connectionId: 'gw' };
    expect(await client.sendText(ref, 'héllo ✓')).toEqual({ ok: true });
    expect(await client.sendBinary(ref, new Uint8Array([0, 1, 255]))).toEqual({ ok: true });
    await wait(() => side?.received.length === 2, 'the server to receive both messages');
    expect(side?.received).toEqual([{ text: 'héllo ✓' }, { bytes: new Uint8Array([0, 1, 255]) }]);

    side?.socket.send('from server ✓');
    side?.socket.send(new Uint8Array([9, 8, 7]), { binary: true });
    await wait(() => sink.events.length === 2, 'two events');
    expect(sink.events).toEqual([
      { type: 'text', ref, message: 'from server ✓' },
      { type: 'binary', ref, data: new Uint8Array([9, 8, 7]) },
    ]);
  });

  it('delivers a remote close with its code and reason, then forgets the id', async () => {
    await connect('p', 'c');
    server.connections[0]?.socket.close(4004, 'go away');
    await wait(() => sink.events.length > 0, 'the close');
    expect(sink.of('p', 'c')).toEqual([
      { type: 'close', ref: { pluginId: 'p', connectionId: 'c' }, code: 4004, reason: 'go away' },
    ]);
    expect(client.owns({ pluginId: 'p', connectionId: 'c' })).toBe(false);
    expect(await client.sendText({ pluginId: 'p', connectionId: 'c' }, 'x')).toEqual({
      ok: false,
      error: 'connection not found',
    });
  });

  it('reports a dropped connection as onError then onClose(1006)', async () => {
    await connect('p', 'c');
    server.connections[0]?.socket.terminate();
    await wait(() => sink.events.length >= 2, 'error and close');
    expect(sink.events.map((e) => e.type)).toEqual(['error', 'close']);
    expect(sink.events[1]).toMatchObject({ code: 1006 });
    expect(sink.events[0]).toMatchObject({ error: expect.stringMatching(/closed without a close frame/) });
  });

  it('closes the old socket first when an id is reused, delivering its onClose before the new connect resolves', async () => {
    await connect('p', 'same');
    const order: string[] = [];
    const pending = connect('p', 'same').then((r) => order.push(`connected:${r.ok}`));
    order.push(...sink.events.map((e) => `${e.type}:${e.type === 'close' ? e.code : ''}`));
    await pending;
    expect(order).toEqual(['close:1000', 'connected:true']);
    await wait(() => server.connections[0]?.closed !== undefined, 'the old socket to close');
    expect(server.connections[0]?.closed).toEqual({ code: 1000, reason: 'replaced by a new connection' });
    expect(await client.sendText({ pluginId: 'p', connectionId: 'same' }, 'on the new one')).toEqual({
      ok: true,
    });
    await wait(() => server.connections[1]?.received.length === 1, 'the new socket to receive');
    expect(server.connections[0]?.received).toEqual([]);
  });

  it('answers connection not found for unknown ids, and keeps ids per plugin', async () => {
    const unknown = { pluginId: 'p', connectionId: 'nope' };
    const notFound = { ok: false, error: 'connection not found' };
    expect(await client.sendText(unknown, 'x')).toEqual(notFound);
    expect(await client.sendBinary(unknown, new Uint8Array(1))).toEqual(notFound);
    expect(await client.close(unknown, 1000, '')).toEqual(notFound);
    // Ids with ':' must not collide across plugins (the original split "plugin:id" strings).
    await connect('a', 'b:c');
    expect(client.owns({ pluginId: 'a:b', connectionId: 'c' })).toBe(false);
    expect(await client.sendText({ pluginId: 'a:b', connectionId: 'c' }, 'x')).toEqual(notFound);
    expect(await connect('a', '')).toEqual({ ok: false, error: 'connection id must not be empty' });
  });

  it('closes with the code and reason the plugin asks for, and refuses an invalid code', async () => {
    await connect('p', 'c');
    const ref = { pluginId: 'p', connectionId: 'c' };
    const bad = await client.close(ref, 999, 'nope');
    expect(bad.ok).toBe(false);
    expect(client.owns(ref)).toBe(true);
    expect(await client.close(ref, 4001, 'done here')).toEqual({ ok: true });
    expect(sink.of('p', 'c')).toEqual([{ type: 'close', ref, code: 4001, reason: 'done here' }]);
    await wait(() => server.connections[0]?.closed !== undefined, 'the server to see the close');
    expect(server.connections[0]?.closed).toEqual({ code: 4001, reason: 'done here' });
    await connect('p', 'zero');
    await client.close({ pluginId: 'p', connectionId: 'zero' }, 0, '');
    await wait(() => server.connections[1]?.closed !== undefined, 'the second close');
    expect(server.connections[1]?.closed?.code).toBe(1000);
  });

  it('closeAll closes every socket of one plugin only; shutdown closes the rest and refuses new connects', async () => {
    await connect('a', '1');
    await connect('a', '2');
    await connect('b', '1');
    await client.closeAll('a');
    const byPath = (i: number) => server.connections[i]?.closed;
    expect([byPath(0)?.code, byPath(1)?.code, byPath(2)]).toEqual([1001, 1001, undefined]);
    expect(sink.events.map((e) => [e.ref.pluginId, e.ref.connectionId, e.type])).toEqual([
      ['a', '1', 'close'],
      ['a', '2', 'close'],
    ]);
    expect(await client.sendText({ pluginId: 'b', connectionId: '1' }, 'still here')).toEqual({ ok: true });
    await client.shutdown();
    expect(byPath(2)?.code).toBe(1001);
    expect(await connect('b', '2')).toEqual({ ok: false, error: 'the WebSocket client is shut down' });
    await client.shutdown();
  });

  it('answers a dial failure in-band', async () => {
    const port = server.port;
    await server.stop();
    const outcome = await connect('p', 'c', { url: `ws://127.0.0.1:${port}/` });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toMatch(/^cannot connect to ws:\/\/127\.0\.0\.1/);
    expect(client.owns({ pluginId: 'p', connectionId: 'c' })).toBe(false);
    server = await startTestServer();
  });
});
