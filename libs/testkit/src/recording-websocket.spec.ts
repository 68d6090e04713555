import { describe, expect, it } from 'vitest';
import { RecordingWebSocket } from './recording-websocket.js';

const connect = (ws: RecordingWebSocket, url: string) =>
  ws.connect({ pluginId: 'p', connectionId: 'c1', url, headers: {}, allowLocalNetwork: false });

describe('RecordingWebSocket', () => {
  it('replaces an open connection connected again with its id, as the host does, and queues its OnClose', async () => {
    const ws = new RecordingWebSocket();
    expect(await connect(ws, 'wss://a.test/one')).toEqual({ ok: true });
    await ws.sendText({ pluginId: 'p', connectionId: 'c1' }, 'to the first');
    expect(await connect(ws, 'wss://a.test/two')).toEqual({ ok: true });

    const [first, second] = ws.all('p');
    expect(first).toMatchObject({ url: 'wss://a.test/one', open: false, sentText: ['to the first'] });
    expect(first!.closedWith).toEqual({ code: 1000, reason: 'replaced by a new connection' });
    expect(second).toMatchObject({ url: 'wss://a.test/two', open: true, sentText: [] });
    expect(ws.get('p', 'c1')).toBe(second);
    expect(ws.takeReplaced()).toEqual([
      { pluginId: 'p', connectionId: 'c1', code: 1000, reason: 'replaced by a new connection' },
    ]);
    expect(ws.takeReplaced()).toEqual([]);

    await ws.sendText({ pluginId: 'p', connectionId: 'c1' }, 'to the second');
    expect(second!.sentText).toEqual(['to the second']);
  });

  it('does not replace a closed connection, and keeps both in the history', async () => {
    const ws = new RecordingWebSocket();
    await connect(ws, 'wss://a.test/one');
    await ws.close({ pluginId: 'p', connectionId: 'c1' }, 4000, 'bye');
    await connect(ws, 'wss://a.test/two');
    expect(ws.all('p').map((c) => [c.url, c.open, c.closedWith])).toEqual([
      ['wss://a.test/one', false, { code: 4000, reason: 'bye' }],
      ['wss://a.test/two', true, undefined],
    ]);
    expect(ws.takeReplaced()).toEqual([]);
  });
});
