// The test kit runs real example plugins, built from source, in the host's plugin manager on the Node engine:
// notes (config only) and discord-rich-presence (HTTP, WebSocket, scheduler, cache, artwork, config).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExamples } from '../../../tools/build-examples.mjs';
import { loadPlugin, type PluginUnderTest } from './index.js';

const built = new Map<string, { folder: string; wasm: string }>();

beforeAll(async () => {
  for (const e of await buildExamples({ only: ['notes', 'discord-rich-presence'] })) built.set(e.name, e);
});

function example(name: string) {
  const e = built.get(name)!;
  return { folder: e.folder, wasmFile: e.wasm };
}

describe('notes through the test kit', () => {
  let plugin: PluginUnderTest;

  beforeAll(async () => {
    plugin = await loadPlugin({ ...example('notes'), config: { 'bio.björk': 'Icelandic singer.' } });
  });
  afterAll(async () => plugin?.close());

  it('answers a typed request from the config it was given', async () => {
    expect(plugin.id).toBe('notes');
    expect(plugin.config).toEqual({ 'bio.björk': 'Icelandic singer.' });
    const answer = await plugin.call('MetadataAgent', 'GetArtistBiography', { name: 'Björk' });
    expect(answer.biography).toBe('Icelandic singer.');
  });

  it('reports the host error of a failing call', async () => {
    const failure = await plugin.callError('MetadataAgent', 'GetArtistBiography', { name: 'Nobody' });
    expect(failure.code).toBe('NOT_FOUND');
    await expect(plugin.callError('MetadataAgent', 'GetArtistBiography', { name: 'Björk' })).rejects.toThrow(
      /expected MetadataAgent.GetArtistBiography to fail/,
    );
  });

  it('reloads the plugin on a config change', async () => {
    await plugin.setConfig({ 'bio.björk': 'Changed.' });
    expect((await plugin.call('MetadataAgent', 'GetArtistBiography', { name: 'Björk' })).biography).toBe(
      'Changed.',
    );
  });
});

describe('discord-rich-presence through the test kit', () => {
  const CLIENT_ID = '123456789012345678';
  const ASSETS = `https://discord.com/api/v9/applications/${CLIENT_ID}/external-assets`;
  let plugin: PluginUnderTest;

  beforeAll(async () => {
    plugin = await loadPlugin({
      ...example('discord-rich-presence'),
      config: { clientid: CLIENT_ID, users: 'alice:token-alice', heartbeat: '30s', close_delay: '1s' },
    });
  });
  afterAll(async () => plugin?.close());

  const nowPlaying = (trackId = 't1') =>
    plugin.call('Scrobbler', 'NowPlaying', {
      userId: 'u1',
      username: 'alice',
      timestamp: 1_700_000_000n,
      track: {
        id: trackId,
        name: 'Jóga',
        album: 'Homogenic',
        artists: [{ name: 'Björk' }],
        length: 300,
        position: 0,
      },
    });

  it('records the HTTP requests, socket, messages, schedules and cache entries of one call', async () => {
    plugin.http
      .expect('GET', 'https://discord.com/api/gateway', { json: { url: 'wss://gateway.discord.gg' } })
      .expect('POST', ASSETS, (request) => {
        expect(request.headers['authorization']).toBe('token-alice');
        const [url] = (JSON.parse(request.text) as { urls: string[] }).urls;
        expect(url).toBe('http://ndp.test/artwork/track/t1?size=300');
        return { json: [{ url, external_asset_path: 'external/abc/https/img' }] };
      });
    await nowPlaying();
    plugin.http.verify();

    const socket = plugin.connection('alice');
    expect(socket.url).toMatch(/^wss:\/\/gateway\.discord\.gg/);
    expect(socket.open).toBe(true);
    const ops = socket.sentText.map((t) => JSON.parse(t) as { op: number; d: Record<string, unknown> });
    expect(ops.map((o) => o.op)).toEqual([2, 3]);
    expect(ops[0]!.d['token']).toBe('token-alice');
    expect(JSON.stringify(ops[1]!.d)).toContain('"details":"Jóga"');
    expect(JSON.stringify(ops[1]!.d)).toContain('"large_image":"mp:external/abc/https/img"');

    const schedules = plugin.schedules;
    expect(schedules.map((s) => [s.id, s.recurring])).toEqual([
      ['heartbeat\u200Balice', true],
      ['close-activity\u200Balice', false],
    ]);
    expect(schedules[0]!.expression).toBe('@every 30000ms');
    expect(schedules[1]!.delayMs).toBe(301_000);

    const cacheKeys = [...'http://ndp.test/artwork/track/t1?size=300'].map((c) =>
      c.charCodeAt(0).toString(16),
    );
    expect(await plugin.cached(`discord.image.${cacheKeys.join('')}`)).toEqual({
      type: 'string',
      value: 'mp:external/abc/https/img',
    });
  });

  it('delivers server messages and fires schedules on request', async () => {
    await plugin.receiveText('alice', JSON.stringify({ op: 0, t: 'READY', s: 7, d: {} }));
    await plugin.fire('heartbeat\u200Balice');
    const last = JSON.parse(plugin.connection('alice').sentText.at(-1)!) as { op: number; d: unknown };
    expect(last).toEqual({ op: 1, d: 7 });
    expect(plugin.schedules.map((s) => s.id)).toContain('heartbeat\u200Balice');

    await plugin.fire('close-activity\u200Balice');
    expect(plugin.connection('alice').open).toBe(false);
    expect(plugin.connection('alice').closedWith).toEqual({ code: 1000, reason: 'Navidrome disconnect' });
    expect(plugin.schedules).toEqual([]);
    await expect(plugin.fire('close-activity\u200Balice')).rejects.toThrow(/has no schedule/);
  });

  it('fails a call that makes an unexpected HTTP request, naming it', async () => {
    plugin.http.reset();
    await expect(nowPlaying()).rejects.toThrow(
      /Scrobbler.NowPlaying made HTTP requests no expectation matches: GET https:\/\/discord.com\/api\/gateway/,
    );
    expect(() => plugin.http.verify()).toThrow(/unexpected request GET https:\/\/discord.com\/api\/gateway/);
  });

  it('keeps the log lines of the plugin', async () => {
    plugin.http.reset();
    plugin.http
      .expect('GET', 'https://discord.com/api/gateway', { json: { url: 'wss://gateway.discord.gg' } })
      // The track's artwork, then the default image the plugin falls back to.
      .expect('POST', ASSETS, { status: 500, body: 'down' }, { times: 2 });
    await nowPlaying('t2');
    plugin.http.verify();
    expect(plugin.logs).toContainEqual({ level: 'warn', message: 'discord: external asset refused (500)' });
  });

  it('answers the plugin error of a call, here a gateway that refuses connections', async () => {
    plugin.http.reset();
    plugin.http.expect('GET', 'https://discord.com/api/gateway', {
      json: { url: 'wss://gateway.discord.gg' },
    });
    await plugin.fire('close-activity\u200Balice');
    plugin.refuseConnections('connection refused');
    const failure = await plugin.callError('Scrobbler', 'NowPlaying', {
      username: 'alice',
      track: { id: 't1', name: 'Jóga', length: 300 },
    });
    plugin.refuseConnections(undefined);
    expect(failure).toEqual({
      code: 'PLUGIN_ERROR',
      message: expect.stringMatching(/connecting to the gateway failed: connection refused/),
    });
  });
});

describe('loadPlugin', () => {
  it('rejects with the reason when the plugin cannot load', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ndp-testkit-'));
    try {
      await expect(loadPlugin({ folder: dir })).rejects.toThrow(/cannot read the plugin manifest/);
      await writeFile(join(dir, 'manifest.json'), JSON.stringify({ name: 'x' }));
      await expect(loadPlugin({ folder: dir })).rejects.toThrow(
        /cannot read the plugin module .*build the plugin/,
      );
      await writeFile(join(dir, 'plugin.wasm'), new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
      await expect(loadPlugin({ folder: dir })).rejects.toThrow(/plugin "x" did not load: MANIFEST_INVALID/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
