// The fake Discord itself, driven by a plain `ws` client: what the discord-rich-presence tests rely on it for.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startFakeDiscord, type FakeDiscord } from './index.mjs';

let fake: FakeDiscord;
const open: WebSocket[] = [];

beforeEach(async () => {
  fake = await startFakeDiscord({ heartbeatIntervalMs: 123 });
});

afterEach(async () => {
  for (const socket of open.splice(0)) socket.terminate();
  await fake.close();
});

/** Connects to the fake's gateway and collects every message it sends. */
async function connect(): Promise<{ socket: WebSocket; received: Array<Record<string, unknown>> }> {
  const gateway = ((await (await fetch(`${fake.apiUrl}/gateway`)).json()) as { url: string }).url;
  const socket = new WebSocket(gateway);
  open.push(socket);
  const received: Array<Record<string, unknown>> = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data)) as Record<string, unknown>));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, received };
}

async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
  const giveUp = Date.now() + 3_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > giveUp) throw new Error(`${what}: not seen within 3 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('startFakeDiscord', () => {
  it('answers GET /api/gateway with the ws:// URL of its own /gateway', async () => {
    const res = await fetch(`${fake.apiUrl}/gateway`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ url: `${fake.url.replace('http', 'ws')}/gateway` });
  });

  it('hands out external assets per URL, recording the Authorization header; 401 without one', async () => {
    const url = 'https://i.imgur.com/hb3XPzA.png';
    const post = (headers: Record<string, string>) =>
      fetch(`${fake.apiUrl}/v9/applications/42/external-assets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ urls: [url] }),
      });
    expect((await post({})).status).toBe(401);
    const res = await post({ authorization: 'token-a' });
    expect(res.status).toBe(200);
    const [asset] = (await res.json()) as Array<{ external_asset_path: string }>;
    expect(asset!.external_asset_path).toMatch(/^external\/[\w-]+\/https\/i\.imgur\.com\/hb3XPzA\.png$/);
    expect(fake.assets).toEqual([
      { applicationId: '42', authorization: 'token-a', url, path: asset!.external_asset_path },
    ]);
  });

  it('speaks the gateway: Hello, READY with s=1 after Identify, ACKs heartbeats, records presences', async () => {
    const { socket, received } = await connect();
    await until('Hello', () => received[0]);
    expect(received[0]).toEqual({ op: 10, d: { heartbeat_interval: 123 } });

    socket.send(JSON.stringify({ op: 2, d: { token: 'token-a', intents: 0, properties: {} } }));
    const ready = await until('READY', () => received.find((m) => m['t'] === 'READY'));
    expect(ready).toMatchObject({ op: 0, s: 1 });
    expect(fake.identifies.map((i) => i.token)).toEqual(['token-a']);

    expect(fake.sendDispatch('token-a', 'X', {}, { s: 7 })).toBe(7);
    expect(fake.sendDispatch('token-a', 'Y', {})).toBe(8);
    await until('the dispatches', () => (received.some((m) => m['s'] === 8) ? true : undefined));

    socket.send(JSON.stringify({ op: 1, d: 8 }));
    await until('ACK', () => received.find((m) => m['op'] === 11));
    expect(fake.heartbeats).toEqual([{ connection: 1, token: 'token-a', seq: 8 }]);

    socket.send(JSON.stringify({ op: 3, d: { activities: [], status: 'online' } }));
    await until('the presence', () => fake.presences[0]);
    expect(fake.presences[0]).toEqual({
      connection: 1,
      token: 'token-a',
      d: { activities: [], status: 'online' },
    });
  });

  it('drops a connection without a close frame (1006), or closes it with a code', async () => {
    const first = await connect();
    first.socket.send(JSON.stringify({ op: 2, d: { token: 'token-a' } }));
    await until('Identify', () => fake.identifies[0]);
    const firstClosed = new Promise<number>((resolve) => first.socket.once('close', resolve));
    fake.drop('token-a');
    expect(await firstClosed).toBe(1006);

    const second = await connect();
    second.socket.send(JSON.stringify({ op: 2, d: { token: 'token-a' } }));
    await until('Identify', () => fake.identifies[1]);
    const secondClosed = new Promise<number>((resolve) => second.socket.once('close', resolve));
    fake.drop('token-a', { code: 4000, reason: 'resume' });
    expect(await secondClosed).toBe(4000);
    expect(fake.connectionsOf('token-a').map((c) => c.id)).toEqual([1, 2]);
    expect(() => fake.drop('token-a')).toThrow(/no open connection/);
  });
});
