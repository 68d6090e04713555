// Three host processes sharing one real redis-server, each with its own plugins folder: plugins installed into
// one node serve on all of them, the cache is one, admin changes made through any node reach the others, an
// `ndp install` against node A serves on B and C, schedules fire exactly once across the cluster while a node is
// SIGKILLed and restarted, Redis lost mid-run gives in-band errors and recovers (schedules resume), and an
// unreachable Redis at start is a clear error with the config error's exit code.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packFolder } from '@ndp/packages';
import { installFixture } from '../../../../tools/fixtures/index.mjs';
import { redisSkipped, startRedis, type RedisServer } from '../../../../tools/redis-harness/index.mjs';
import { HOST_MAIN, REPO_ROOT, ensureHostBuilt } from './host-build.js';
import { HostProcess } from './host-process.js';
import { HostWorkspace } from './host-workspace.js';

const ADMIN_TOKEN = 'e2e-cluster-token-51c2';
const admin = { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } };
const NODES = ['a', 'b', 'c'] as const;

/** Polls `check` every 100 ms until it holds, for at most `timeoutMs`; answers its last result. */
async function eventually<T>(probe: () => Promise<T>, holds: (value: T) => boolean, timeoutMs = 20_000) {
  const giveUp = Date.now() + timeoutMs;
  let value = await probe();
  while (!holds(value) && Date.now() < giveUp) {
    await new Promise((r) => setTimeout(r, 100));
    value = await probe();
  }
  return value;
}

/** Counts the firings the schedule-recorder fixture reports (`POST /fire` with the schedule id). */
class FiringCollector {
  readonly firings: { id: string; at: number }[] = [];
  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<FiringCollector> {
    const firings: { id: string; at: number }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (req.url === '/fire') firings.push({ id: body, at: Date.now() });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const collector = new FiringCollector(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    );
    (collector as { firings: typeof firings }).firings = firings;
    return collector;
  }

  count(id: string): number {
    return this.firings.filter((f) => f.id === id).length;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

function run(args: readonly string[], timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('NDP_')));
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe.skipIf(redisSkipped())('three hosts sharing one Redis', () => {
  let redis: RedisServer | undefined;
  const workspaces: HostWorkspace[] = [];
  const workspaceOf = new Map<string, HostWorkspace>();
  const hosts = new Map<(typeof NODES)[number], HostProcess>();
  const node = (name: (typeof NODES)[number]) => hosts.get(name)!;
  const prefix = `e2e${process.pid}`;
  let scratch = '';
  let collector: FiringCollector | undefined;
  let agentPackage = '';

  async function workspace(name: string): Promise<HostWorkspace> {
    const w = await HostWorkspace.create(`cluster-${name}`);
    workspaces.push(w);
    workspaceOf.set(name, w);
    await w.writeConfig({
      agents: ['host-services', 'schedule-recorder', 'agent'],
      adminToken: ADMIN_TOKEN,
      pluginConfig: { 'schedule-recorder': { collector: collector!.origin } },
    });
    await appendFile(
      w.configFile,
      `\n[Cluster]\nRedis = "${redis!.url}"\nPrefix = "${prefix}"\nNodeName = "node-${name}"\nCommandTimeout = "2s"\n` +
        // A firing B held when it was killed is delivered again on another node within about 7 s, not a minute.
        'FiringLock = "5s"\nStalledCheck = "2s"\n',
    );
    return w;
  }

  const biography = async (host: HostProcess, command: string) =>
    host.request('GET', `/api/agents/artists/biography?name=${encodeURIComponent(command)}`);
  const states = async (host: HostProcess) =>
    Object.fromEntries(
      (
        (await host.request('GET', '/api/plugins')).json as { plugins: { id: string; state: string }[] }
      ).plugins.map((p) => [p.id, p.state]),
    );

  beforeAll(async () => {
    redis = await startRedis();
    collector = await FiringCollector.start();
    await ensureHostBuilt();
    // Built before the hosts start: compiling a fixture under load must not eat into a test's time.
    scratch = await mkdtemp(join(tmpdir(), 'ndp-e2e-cluster-pkg-'));
    agentPackage = join(scratch, 'agent.ndp');
    await packFolder(await installFixture('agent', join(scratch, 'src')), agentPackage);
    const [a, b, c] = await Promise.all(NODES.map((n) => workspace(n)));
    await installFixture('host-services', a!.pluginsDir);
    await installFixture('schedule-recorder', a!.pluginsDir, { httpOrigin: collector.origin });
    hosts.set('a', await HostProcess.start({ configFile: a!.configFile, startTimeoutMs: 90_000 }));
    await node('a').waitForPlugins(2);
    const [hb, hc] = await Promise.all(
      [b, c].map((w) => HostProcess.start({ configFile: w!.configFile, startTimeoutMs: 90_000 })),
    );
    hosts.set('b', hb!);
    hosts.set('c', hc!);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([...hosts.values()].map((h) => h.stop()));
    await Promise.all(workspaces.map((w) => w.remove()));
    await redis?.close();
    await collector?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('serves on every node the plugin installed into node A only (each node has its own plugins folder)', async () => {
    for (const name of ['b', 'c'] as const) {
      const seen = await eventually(
        () => states(node(name)),
        (s) => s['host-services'] === 'ready',
      );
      expect(seen, node(name).output()).toEqual({ 'host-services': 'ready', 'schedule-recorder': 'ready' });
    }
  });

  it('reads through node C a cache value written through node A', async () => {
    expect((await biography(node('a'), 'cache-set:greeting=hej från A')).json).toEqual({
      biography: 'stored',
    });
    expect((await biography(node('c'), 'cache-get:greeting')).json).toEqual({ biography: 'hej från A' });
  });

  it('carries a disable made through node B to A and C, and the enable made through C back', async () => {
    expect((await node('b').request('POST', '/api/plugins/host-services/disable', admin)).status).toBe(200);
    for (const name of ['a', 'c'] as const) {
      const s = await eventually(
        () => states(node(name)),
        (v) => v['host-services'] === 'disabled',
      );
      expect(s['host-services'], node(name).output()).toBe('disabled');
    }
    expect((await node('c').request('POST', '/api/plugins/host-services/enable', admin)).status).toBe(200);
    for (const name of ['a', 'b'] as const) {
      const s = await eventually(
        () => states(node(name)),
        (v) => v['host-services'] === 'ready',
      );
      expect(s['host-services'], node(name).output()).toBe('ready');
    }
  });

  it('serves on B and C a plugin installed with `ndp install` against node A', async () => {
    const a = workspaceOf.get('a')!;
    const cli = await run([
      join(REPO_ROOT, 'apps/cli/bin/ndp.mjs'),
      '--config',
      a.configFile,
      '--url',
      node('a').url,
      'install',
      agentPackage,
    ]);
    expect(cli.code, cli.output).toBe(0);
    for (const name of ['b', 'c'] as const) {
      const s = await eventually(
        () => states(node(name)),
        (v) => v['agent'] === 'ready',
      );
      expect(s['agent'], node(name).output()).toBe('ready');
      expect((await biography(node(name), 'Nina Simone')).json).toEqual({ biography: expect.any(String) });
    }
  }, 120_000);

  it('fires 200 one-time and 5 recurring schedules exactly once each while node B is SIGKILLed and restarted', async () => {
    // Due 4-28 s from now, spread over the whole run: some before the kill, some while B is down, some after.
    // In calls of 20 through every node: each schedule is a Redis round trip, and a call has a deadline.
    for (let from = 0; from < 200; from += 20) {
      const through = node(NODES[(from / 20) % 3]!);
      const answer = await biography(through, `once:${from}:${from + 20}:4:25`);
      expect(answer.json, through.output()).toEqual({ biography: 'scheduled=20' });
    }
    expect((await biography(node('c'), 'every:5')).json).toEqual({ biography: 'scheduled=5' });
    const started = Date.now();
    const at = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, started + ms - Date.now())));
    await at(10_000);
    const killedAt = Date.now();
    node('b').signal('SIGKILL');
    await node('b').exited;
    await at(20_000);
    hosts.set(
      'b',
      await HostProcess.start({ configFile: workspaceOf.get('b')!.configFile, startTimeoutMs: 90_000 }),
    );
    await at(30_000);
    const onceIds = Array.from({ length: 200 }, (_, i) => `once-${i}`);
    await eventually(
      async () => onceIds.filter((id) => collector!.count(id) > 0).length,
      (n) => n === 200,
      30_000,
    );
    const stopped = Date.now();
    expect((await biography(node('b'), 'cancel-every:5')).json).toEqual({ biography: 'cancelled' });
    const counts = Object.fromEntries(onceIds.map((id) => [id, collector!.count(id)]));
    // Exactly once, with the one documented exception: a firing whose callback was running on B when B was killed
    // is delivered again (B never reported it done), so it may reach the collector twice — its first delivery
    // then came within the moment before the kill.
    const redelivered = (id: string) =>
      counts[id] === 2 &&
      collector!.firings.some((f) => f.id === id && f.at >= killedAt - 1_000 && f.at <= killedAt + 200);
    expect(
      onceIds.filter((id) => counts[id] !== 1 && !redelivered(id)).map((id) => `${id}: ${counts[id]}`),
      JSON.stringify(counts),
    ).toEqual([]);
    const seconds = (stopped - started) / 1000;
    const recurring = Array.from({ length: 5 }, (_, i) => collector!.count(`rec-${i}`));
    const once = Object.values(counts);
    console.log(
      `cluster kill test: ${once.filter((n) => n === 1).length}/${once.length} one-time schedules fired once ` +
        `(max ${Math.max(...once)}); recurring firings in ${seconds.toFixed(1)} s: ${recurring.join(', ')}`,
    );
    for (let i = 0; i < 5; i++) {
      const fired = collector!.count(`rec-${i}`);
      // Every second for the whole run: none lost (a generous floor for a loaded machine), none doubled.
      expect(fired, `rec-${i} fired ${fired} times in ${seconds} s`).toBeGreaterThanOrEqual(
        Math.floor(seconds * 0.6),
      );
      expect(fired, `rec-${i} fired ${fired} times in ${seconds} s`).toBeLessThanOrEqual(
        Math.ceil(seconds) + 2,
      );
    }
  }, 120_000);

  it('answers host-service calls in-band while Redis is gone, keeps running, and recovers by itself', async () => {
    await redis!.stop();
    const during = await biography(node('b'), 'cache-get:greeting');
    // The plugin sees the failed cache call (here as an absent value); the host answers, no crash, no hang.
    expect(during.status, node('b').output()).toBeLessThan(600);
    expect((await node('b').request('GET', '/health')).status).toBe(200);
    await redis!.start();
    const after = await eventually(
      async () => (await biography(node('b'), 'cache-set:after=back')).json,
      (json) => JSON.stringify(json) === JSON.stringify({ biography: 'stored' }),
    );
    expect(after).toEqual({ biography: 'stored' });
    const onA = await eventually(
      async () => (await biography(node('a'), 'cache-get:after')).json,
      (json) => JSON.stringify(json) === JSON.stringify({ biography: 'back' }),
    );
    expect(onA).toEqual({ biography: 'back' });
    // Schedules resume: one made after Redis came back fires (once).
    expect((await biography(node('c'), 'once:0:1:1:1')).json).toEqual({ biography: 'scheduled=1' });
    const before = collector!.count('once-0');
    const fired = await eventually(
      async () => collector!.count('once-0'),
      (n) => n > before,
    );
    expect(fired).toBe(before + 1);
    for (const h of hosts.values()) expect(h.logs.some((l) => l.msg === 'host stopped')).toBe(false);
  });

  it('refuses to start against an unreachable Redis, naming the URL, with the exit code of config errors', async () => {
    const w = await HostWorkspace.create('cluster-down');
    workspaces.push(w);
    await w.writeConfig({});
    await appendFile(w.configFile, `\n[Cluster]\nRedis = "redis://127.0.0.1:1"\n`);
    const result = await run([HOST_MAIN, '--config', w.configFile]);
    expect(result.code, result.output).toBe(2);
    expect(result.output).toMatch(/cannot connect to Redis at redis:\/\/127\.0\.0\.1:1/);
  });
});
