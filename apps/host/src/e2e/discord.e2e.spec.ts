// The host as a process running the discord-rich-presence example against a fake Discord on 127.0.0.1 (REST and
// gateway on one origin, granted to the installed copy of the manifest only). Durations are shortened through the
// plugin's config and the fake: heartbeat 200 ms (announced by the fake's Hello; the config's `heartbeat` is 30 s,
// so beats every 200 ms prove the plugin follows Hello), tracks of 2 s, close_delay 1 s.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExamples } from '../../../../tools/build-examples.mjs';
import {
  startFakeDiscord,
  type FakeDiscord,
  type FakeDiscordConnection,
} from '../../../../tools/fake-upstreams/index.mjs';
import { ensureHostBuilt } from './host-build.js';
import { HostProcess } from './host-process.js';
import { HostWorkspace, E2E_ENGINES } from './host-workspace.js';
import { grantLocalGateway } from './local-gateway-grant.js';

const PLUGIN = 'discord-rich-presence';
const CLIENT_ID = '123456789012345678';
const TOKENS = { alice: 'token-alice', bob: 'token-bob' } as const;
const POLL_MS = 25;

describe.each(E2E_ENGINES)('on the %s engine', (engine) => {
  let workspace: HostWorkspace | undefined;
  let discord: FakeDiscord | undefined;
  let host: HostProcess | undefined;

  /** Polls `probe` until it returns something other than undefined; throws with `what` after `timeoutMs`. */
  async function eventually<T>(what: string, probe: () => T | undefined, timeoutMs = 5_000): Promise<T> {
    const giveUp = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > giveUp) throw new Error(`${what}: not seen within ${timeoutMs} ms\n${host?.output()}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  function track(name: string, length: number) {
    return {
      id: `track-${name.toLowerCase().replace(/\W+/g, '-')}`,
      name,
      album: 'Homogenic',
      artists: [{ name: 'Björk' }, { name: 'Mark Bell' }],
      length,
      position: 0,
    };
  }

  async function nowPlaying(
    username: keyof typeof TOKENS,
    body: ReturnType<typeof track>,
    timestamp: number,
  ) {
    const answer = await host!.request('POST', '/api/scrobbler/now-playing', {
      body: { userId: `u-${username}`, username, track: body, timestamp },
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json, host!.output()).toEqual({ outcomes: [{ plugin: PLUGIN, status: 'sent' }] });
  }

  /** The newest connection identified with `token` once its Identify has arrived. */
  function identified(token: string, after = 0): Promise<FakeDiscordConnection> {
    return eventually(`an Identify with ${token}`, () =>
      discord!.connectionsOf(token).find((c) => c.id > after),
    );
  }

  function presencesOn(connection: FakeDiscordConnection) {
    return discord!.presences.filter((p) => p.connection === connection.id);
  }

  /** The `details` (track names) of the first `count` presences on `connection`, once that many have arrived. */
  function detailsOn(connection: FakeDiscordConnection, count: number): Promise<unknown[]> {
    return eventually(`${count} presence(s) on connection ${connection.id}`, () => {
      const found = presencesOn(connection);
      return found.length >= count ? found.map((p) => p.d.activities?.[0]?.['details']) : undefined;
    });
  }

  beforeAll(async () => {
    await ensureHostBuilt();
    workspace = await HostWorkspace.create('discord');
    discord = await startFakeDiscord({ heartbeatIntervalMs: 200 });
    await buildExamples({ outDir: workspace.pluginsDir, only: [PLUGIN] });
    await grantLocalGateway(join(workspace.pluginsDir, PLUGIN), discord.url, ['GET', 'POST']);
    await workspace.writeConfig({
      engine,
      pluginConfig: {
        [PLUGIN]: {
          clientid: CLIENT_ID,
          users: `alice:${TOKENS.alice},bob:${TOKENS.bob}`,
          api_url: discord.apiUrl,
          heartbeat: '30s',
          close_delay: '1s',
        },
      },
    });
    host = await HostProcess.start({ configFile: workspace.configFile });
    // Loading (compiling) the module may keep the host busy for a while; asking before it settles can see a reset.
    await host.waitForLog((l) => l['component'] === 'plugin-manager' && l['plugin'] === PLUGIN, 45_000);
    const plugins = await host.waitForPlugins(1);
    expect(
      plugins.map((p) => [p['id'], p['state']]),
      host.output(),
    ).toEqual([[PLUGIN, 'ready']]);
  }, 60_000);

  afterAll(async () => {
    await host?.stop();
    await discord?.close();
    await workspace?.remove();
  });

  describe('discord-rich-presence against a fake Discord', () => {
    it('identifies, shows the track, heartbeats with the latest sequence, then clears and hangs up', async () => {
      const timestamp = Math.floor(Date.now() / 1000);
      const song = track('Jóga', 2);
      await nowPlaying('alice', song, timestamp);

      const alice = await identified(TOKENS.alice);
      const identify = discord!.identifies.find((i) => i.connection === alice.id)!;
      expect(identify.d).toEqual({
        token: TOKENS.alice,
        intents: 0,
        properties: { os: 'Windows 10', browser: 'Discord Client', device: 'Discord Client' },
      });
      expect(discord!.requests.some((r) => r.method === 'GET' && r.path === '/api/gateway')).toBe(true);

      const presence = await eventually('a presence on the new connection', () => presencesOn(alice)[0]);
      expect(discord!.assets).toHaveLength(1);
      const asset = discord!.assets[0]!;
      expect(asset).toMatchObject({ applicationId: CLIENT_ID, authorization: TOKENS.alice });
      expect(asset.url).toMatch(/\/share\/img\/[^?]+\?size=300$/);
      expect(presence.d).toEqual({
        activities: [
          {
            name: 'Navidrome',
            type: 2,
            details: 'Jóga',
            state: 'Björk • Mark Bell',
            application_id: CLIENT_ID,
            timestamps: { start: timestamp * 1000, end: timestamp * 1000 + 2_000 },
            assets: { large_image: `mp:${asset.path}`, large_text: 'Homogenic' },
          },
        ],
        since: 0,
        status: 'dnd',
        afk: false,
      });

      // READY carried s=1; a later dispatch with s=7 must be what the next heartbeats report.
      await eventually('a heartbeat carrying s=1', () =>
        discord!.heartbeats.find((h) => h.connection === alice.id && h.seq === 1),
      );
      discord!.sendDispatch(alice, 'MESSAGE_CREATE', { content: 'hi' }, { s: 7 });
      await eventually('a heartbeat carrying s=7', () =>
        discord!.heartbeats.find((h) => h.connection === alice.id && h.seq === 7),
      );
      const beatsBefore = discord!.heartbeats.filter((h) => h.connection === alice.id).length;
      await eventually('more heartbeats', () =>
        discord!.heartbeats.filter((h) => h.connection === alice.id).length >= beatsBefore + 2
          ? true
          : undefined,
      );

      // length 2 s - position 0 + close_delay 1 s after NowPlaying: the activity is cleared, then the socket closed.
      const cleared = await eventually(
        'a presence without activities',
        () => presencesOn(alice).find((p) => Array.isArray(p.d.activities) && p.d.activities.length === 0),
        8_000,
      );
      expect(cleared.d).toMatchObject({ activities: [] });
      await eventually('the socket closed by the plugin', () => (alice.open ? undefined : alice));
      expect(alice.closeCode).toBe(1000);
      expect(alice.closeReason).toBe('Navidrome disconnect');
      expect(presencesOn(alice)).toHaveLength(2);
    }, 20_000);

    it("serves bob on his own connection with his own token, leaving alice's alone", async () => {
      const timestamp = Math.floor(Date.now() / 1000);
      const before = discord!.connections.length;
      await nowPlaying('alice', track('Hunter', 30), timestamp);
      const alice = await identified(TOKENS.alice, before);
      await nowPlaying('bob', track('Bachelorette', 30), timestamp);
      const bob = await identified(TOKENS.bob, before);

      expect(bob.id).not.toBe(alice.id);
      expect(discord!.identifies.filter((i) => i.connection === bob.id).map((i) => i.token)).toEqual([
        TOKENS.bob,
      ]);
      expect(await detailsOn(bob, 1)).toEqual(['Bachelorette']);
      expect(await detailsOn(alice, 1)).toEqual(['Hunter']);
      const bobAsset = discord!.assets.at(-1)!;
      expect(bobAsset.authorization).toBe(TOKENS.bob);

      // Both keep beating on their own sockets, and bob's connect did not close alice's.
      await eventually('heartbeats from both', () =>
        discord!.heartbeats.some((h) => h.connection === bob.id) &&
        discord!.heartbeats.some((h) => h.connection === alice.id && h.seq === 1)
          ? true
          : undefined,
      );
      expect(alice.open).toBe(true);
      expect(bob.open).toBe(true);

      // A second track for bob reuses his connection: no new Identify.
      await nowPlaying('bob', track('Alarm Call', 30), timestamp + 1);
      expect(discord!.connectionsOf(TOKENS.bob).filter((c) => c.id > before)).toHaveLength(1);
      expect(await detailsOn(bob, 2)).toEqual(['Bachelorette', 'Alarm Call']);
    }, 20_000);

    it('sees the gateway drop a socket (OnClose) and reconnects on the next now-playing', async () => {
      const alice = discord!.connectionsOf(TOKENS.alice).at(-1)!;
      expect(alice.open).toBe(true);
      discord!.drop(TOKENS.alice);

      await host!.waitForLog(
        (l) => typeof l.msg === 'string' && l.msg.includes('gateway connection of "alice" closed (1006'),
        5_000,
      );

      await nowPlaying('alice', track('Pluto', 30), Math.floor(Date.now() / 1000));
      const again = await identified(TOKENS.alice, alice.id);
      expect(again.id).not.toBe(alice.id);
      expect(await detailsOn(again, 1)).toEqual(['Pluto']);
      await eventually('heartbeats on the new socket', () =>
        discord!.heartbeats.find((h) => h.connection === again.id),
      );
    }, 20_000);
  });
});
