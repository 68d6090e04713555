// The discord-rich-presence example on three hosts sharing one Redis, against a fake Discord: a now-playing sent
// through node A opens the gateway socket on A; the heartbeat is a cluster schedule, so its firings run on every
// node, and those on B and C reach the socket on A over the bus (the fake counts the heartbeats it receives).
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExamples } from '../../../../tools/build-examples.mjs';
import { startFakeDiscord, type FakeDiscord } from '../../../../tools/fake-upstreams/index.mjs';
import { redisSkipped, startRedis, type RedisServer } from '../../../../tools/redis-harness/index.mjs';
import { ensureHostBuilt } from './host-build.js';
import { HostProcess } from './host-process.js';
import { HostWorkspace } from './host-workspace.js';
import { grantLocalGateway } from './local-gateway-grant.js';
import { prometheusSample } from './prometheus-sample.js';

const PLUGIN = 'discord-rich-presence';
const TOKEN = 'token-alice';

async function eventually<T>(
  probe: () => Promise<T>,
  holds: (v: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const giveUp = Date.now() + timeoutMs;
  let value = await probe();
  while (!holds(value) && Date.now() < giveUp) {
    await new Promise((r) => setTimeout(r, 100));
    value = await probe();
  }
  return value;
}

describe.skipIf(redisSkipped())('discord-rich-presence on three nodes', () => {
  let redis: RedisServer | undefined;
  let discord: FakeDiscord | undefined;
  const workspaces: HostWorkspace[] = [];
  const hosts: HostProcess[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    discord = await startFakeDiscord({ heartbeatIntervalMs: 200 });
    await ensureHostBuilt();
    for (const name of ['a', 'b', 'c']) {
      const w = await HostWorkspace.create(`cluster-discord-${name}`);
      workspaces.push(w);
      await w.writeConfig({
        pluginConfig: {
          [PLUGIN]: {
            clientid: '123456789012345678',
            users: `alice:${TOKEN}`,
            api_url: discord.apiUrl,
            heartbeat: '30s',
          },
        },
      });
      await appendFile(
        w.configFile,
        `\n[Cluster]\nRedis = "${redis.url}"\nPrefix = "discord${process.pid}"\nNodeName = "node-${name}"\n`,
      );
    }
    await buildExamples({ outDir: workspaces[0]!.pluginsDir, only: [PLUGIN] });
    await grantLocalGateway(join(workspaces[0]!.pluginsDir, PLUGIN), discord.url, ['GET', 'POST']);
    hosts.push(await HostProcess.start({ configFile: workspaces[0]!.configFile, startTimeoutMs: 90_000 }));
    await hosts[0]!.waitForPlugins(1, 60_000);
    for (const w of workspaces.slice(1))
      hosts.push(await HostProcess.start({ configFile: w.configFile, startTimeoutMs: 90_000 }));
    for (const h of hosts.slice(1)) await h.waitForPlugins(1, 60_000);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await discord?.close();
    await Promise.all(workspaces.map((w) => w.remove()));
    await redis?.close();
  });

  it('sends the heartbeats fired on B and C to the gateway socket opened on A', async () => {
    const [a, b, c] = hosts as [HostProcess, HostProcess, HostProcess];
    const answer = await a.request('POST', '/api/scrobbler/now-playing', {
      body: {
        userId: 'u-alice',
        username: 'alice',
        track: {
          id: 't-1',
          name: 'Jóga',
          album: 'Homogenic',
          artists: [{ name: 'Björk' }],
          length: 120,
          position: 0,
        },
        timestamp: Math.floor(Date.now() / 1000),
      },
    });
    expect(answer.json, a.output()).toEqual({ outcomes: [{ plugin: PLUGIN, status: 'sent' }] });
    const firedOn = async (h: HostProcess) =>
      prometheusSample((await h.request('GET', '/metrics')).text, 'ndp_plugin_calls_total', {
        plugin: PLUGIN,
        method: 'OnSchedulerCallback',
      }) ?? 0;
    const counts = await eventually(
      async () => [await firedOn(b), await firedOn(c)],
      ([onB, onC]) => onB! > 0 && onC! > 0,
    );
    expect(
      counts.every((n) => n > 0),
      `${b.output()}\n${c.output()}`,
    ).toBe(true);
    const connections = discord!.connectionsOf(TOKEN);
    expect(connections).toHaveLength(1);
    const [onB, onC] = [await firedOn(b), await firedOn(c)];
    // Each firing sends one heartbeat on the socket, which lives on A: the gateway has at least those of B and C.
    const beats = await eventually(
      async () => discord!.heartbeats.filter((h) => h.connection === connections[0]!.id).length,
      (n) => n >= onB + onC,
      10_000,
    );
    expect(beats, `${onB} firings on B, ${onC} on C`).toBeGreaterThanOrEqual(onB + onC);
    expect(hosts.some((h) => h.logs.some((l) => l.msg === 'host stopped'))).toBe(false);
  }, 90_000);
});
