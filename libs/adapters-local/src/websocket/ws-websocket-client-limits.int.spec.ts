import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { unwrap, WebSocketAllowList } from '@ndp/domain';
import { waitFor } from '@ndp/ports/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostResolver } from '../http/host-resolver.js';
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
const ref = { pluginId: 'p', connectionId: 'c' };
const request = (url: string, allowLocalNetwork: boolean, allowList?: WebSocketAllowList) => ({
  ...ref,
  url,
  headers: {},
  allowLocalNetwork,
  ...(allowList ? { allowList } : {}),
});
const toLoopback: HostResolver = async () => [{ address: '127.0.0.1', family: 4 }];

beforeEach(async () => {
  server = await startTestServer();
  makeClient();
});
afterEach(async () => {
  await client.shutdown();
  await server.stop();
});

describe('WsWebSocketClient permissions', () => {
  it('refuses a URL outside the allow list before any connection', async () => {
    const allowList = unwrap(WebSocketAllowList.compile(['wss://gateway.discord.gg']));
    const outcome = await client.connect(request(`${server.url}/`, true, allowList));
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toMatch(/^request blocked by plugin permissions: .*does not match/);
    expect(server.connections).toEqual([]);
  });

  it('connects when the allow list matches', async () => {
    const allowList = unwrap(WebSocketAllowList.compile([`ws://127.0.0.1:${server.port}/*`]));
    expect(await client.connect(request(`${server.url}/x`, true, allowList))).toEqual({ ok: true });
  });

  it('refuses loopback without allowLocalNetwork, by IP literal, by name and after resolution', async () => {
    makeClient({ resolver: toLoopback });
    for (const url of [
      `${server.url}/`,
      `ws://localhost:${server.port}/`,
      `ws://public.example:${server.port}/`,
    ]) {
      const outcome = await client.connect(request(url, false));
      expect(outcome.ok, url).toBe(false);
      expect(!outcome.ok && outcome.error, url).toMatch(/^request blocked by plugin permissions: .*loopback/);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.connections).toEqual([]);
  });

  it('connects to the address it checked, not a fresh DNS answer', async () => {
    makeClient({ resolver: toLoopback });
    expect(await client.connect(request(`ws://only-in-the-resolver.test:${server.port}/`, true))).toEqual({
      ok: true,
    });
    expect(server.connections[0]?.headers.host).toBe(`only-in-the-resolver.test:${server.port}`);
  });

  it('refuses other schemes and unparsable URLs in-band', async () => {
    expect(await client.connect(request('http://127.0.0.1/', true))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/only ws and wss/),
    });
    expect(await client.connect(request('not a url', true))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/invalid WebSocket URL/),
    });
  });
});

describe('WsWebSocketClient limits', () => {
  it('refuses to send a message over the size cap, and closes with 1009 on receiving one', async () => {
    makeClient({ maxMessageBytes: 1_024 });
    await client.connect(request(`${server.url}/`, true));
    const big = await client.sendText(ref, 'x'.repeat(1_025));
    expect(big).toEqual({ ok: false, error: 'message of 1025 bytes exceeds the limit of 1024 bytes' });
    expect(await client.sendBinary(ref, new Uint8Array(1_024))).toEqual({ ok: true });
    await wait(() => server.connections[0]?.received.length === 1, 'the message under the cap');

    server.connections[0]?.socket.send('y'.repeat(2_048));
    await wait(() => sink.events.length >= 2, 'error and close');
    expect(sink.events.map((e) => e.type)).toEqual(['error', 'close']);
    expect(sink.events[0]).toMatchObject({ error: expect.stringMatching(/over the limit of 1024 bytes/) });
    expect(sink.events[1]).toMatchObject({ code: 1009 });
    await wait(() => server.connections[0]?.closed !== undefined, 'the server to see the close');
    expect(server.connections[0]?.closed?.code).toBe(1009);
    expect(client.owns(ref)).toBe(false);
  });

  it('refuses sends while the send buffer is above its cap, queuing nothing', async () => {
    const chunk = 64 * 1024;
    makeClient({ maxBufferedBytes: 4 * chunk, maxMessageBytes: chunk });
    await client.connect(request(`${server.url}/`, true));
    const serverSide = server.connections[0];
    // The peer stops reading: the kernel buffers fill, then ws's own buffer grows.
    (serverSide?.socket as unknown as { _socket: Socket })._socket.pause();
    const message = new Uint8Array(chunk);
    let refused: string | undefined;
    let sent = 0;
    for (let i = 0; i < 2_000 && refused === undefined; i++) {
      const outcome = await client.sendBinary(ref, message);
      if (outcome.ok) sent += 1;
      else refused = outcome.error;
    }
    expect(refused).toMatch(/^send buffer full: \d+ bytes are still waiting/);
    expect(sent).toBeLessThan(2_000);
    expect(client.owns(ref)).toBe(true);
  });

  it('gives up a handshake that does not finish within the connect timeout', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const sockets: Socket[] = [];
    silent.on('connection', (s) => sockets.push(s));
    try {
      makeClient({ connectTimeoutMs: 200 });
      const port = (silent.address() as AddressInfo).port;
      const outcome = await client.connect(request(`ws://127.0.0.1:${port}/`, true));
      expect(outcome).toEqual({
        ok: false,
        error: `connecting to ws://127.0.0.1:${port}/ timed out after 200 ms`,
      });
      expect(client.owns(ref)).toBe(false);
      expect(sink.events).toEqual([]);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('keeps working when the sink throws', async () => {
    makeClient();
    client.setEventSink({
      onText: () => {
        throw new Error('sink bug');
      },
      onBinary: () => undefined,
      onError: () => undefined,
      onClose: () => undefined,
    });
    await client.connect(request(`${server.url}/`, true));
    server.connections[0]?.socket.send('one');
    server.connections[0]?.socket.send('two');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await client.sendText(ref, 'still open')).toEqual({ ok: true });
  });
});
