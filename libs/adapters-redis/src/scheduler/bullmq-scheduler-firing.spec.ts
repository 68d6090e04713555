import { NdpError } from '@ndp/domain';
import type { ScheduleFire } from '@ndp/ports';
import { payload, sleep, uniquePluginId, waitFor } from '@ndp/ports/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisSkipped, startRedis, type RedisServer } from '../../../../tools/redis-harness/index.mjs';
import { BullMqScheduler, type BullMqSchedulerOptions } from './bullmq-scheduler.js';
import { parseEntry, registryKey } from './schedule-ids.js';

/** Small lock and stall intervals so that a dead node's firing moves within about 2 s. */
const FAST: Partial<BullMqSchedulerOptions> = {
  lockDurationMs: 1_000,
  stalledIntervalMs: 500,
  closeTimeoutMs: 200,
  maxReconnectDelayMs: 200,
  commandTimeoutMs: 1_000,
};

interface Node {
  readonly scheduler: BullMqScheduler;
  readonly fires: ScheduleFire[];
}

describe.skipIf(redisSkipped())('BullMqScheduler firing semantics', () => {
  let redis: RedisServer;
  const open: BullMqScheduler[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
    await redis?.close();
  });

  async function node(
    prefix: string,
    nodeId: string,
    handler: (fire: ScheduleFire) => Promise<void> = async () => undefined,
  ): Promise<Node> {
    const scheduler = await BullMqScheduler.connect({ url: redis.url, prefix, nodeId, ...FAST });
    open.push(scheduler);
    const fires: ScheduleFire[] = [];
    scheduler.onFire(async (fire) => {
      fires.push(fire);
      await handler(fire);
    });
    return { scheduler, fires };
  }

  it('two nodes on one Redis: each one-time firing is delivered exactly once, on one of them', async () => {
    const [a, b] = [await node('share', 'a'), await node('share', 'b')];
    await Promise.all([a.scheduler.start(), b.scheduler.start()]);
    const pluginId = uniquePluginId('share');
    const count = 30;
    for (let i = 0; i < count; i++) {
      const via = i % 2 === 0 ? a : b;
      await via.scheduler.scheduleOnce({
        pluginId,
        scheduleId: `s${i}`,
        delayMs: i * 10,
        payload: payload(`${i}`),
      });
    }
    const all = () => [...a.fires, ...b.fires];
    await waitFor(() => all().length >= count, { timeoutMs: 5_000, what: `${count} firings` });
    await sleep(500);
    const ids = all().map((f) => f.scheduleId);
    expect(new Set(ids).size).toBe(count);
    expect(ids).toHaveLength(count);
    expect(await a.scheduler.list(pluginId)).toEqual([]);
  });

  it('a firing whose node dies mid-callback is delivered once more, on the other node', async () => {
    // Node a takes the firing and never finishes it; then it is closed abruptly (its worker gives up waiting).
    const a = await node('kill', 'a', () => new Promise<void>(() => undefined));
    await a.scheduler.start();
    const pluginId = uniquePluginId('kill');
    await a.scheduler.scheduleOnce({ pluginId, scheduleId: 'job', delayMs: 0, payload: payload('p') });
    await waitFor(() => a.fires.length === 1, { timeoutMs: 3_000, what: 'node a to take the firing' });
    const b = await node('kill', 'b');
    await b.scheduler.start();
    await a.scheduler.close();
    await waitFor(() => b.fires.length === 1, { timeoutMs: 8_000, what: 'the firing on node b' });
    expect(b.fires[0]).toMatchObject({ pluginId, scheduleId: 'job', isRecurring: false });
    // Delivered once more, not in a loop: wait for another stalled-job round and count again.
    await sleep(2_500);
    expect([a.fires.length, b.fires.length]).toEqual([1, 1]);
    expect(await b.scheduler.list(pluginId)).toEqual([]);
  });

  it('a recurring firing whose node dies mid-callback is delivered once more, on the other node', async () => {
    const a = await node('killrec', 'a', () => new Promise<void>(() => undefined));
    await a.scheduler.start();
    const pluginId = uniquePluginId('killrec');
    // Current but silent during the test (yearly); its firing of one slot is injected as BullMQ would make it.
    await a.scheduler.scheduleRecurring({
      pluginId,
      scheduleId: 'r',
      expression: '@yearly',
      payload: payload('y'),
    });
    const raw = new Redis(redis.url);
    const queue = new Queue('schedules', { connection: raw, prefix: 'killrec' });
    try {
      const gen = parseEntry(await raw.hget(registryKey('killrec', pluginId), 'r'))!.gen;
      const data = { p: pluginId, s: 'r', g: gen, k: 'recurring', b: Buffer.from('y').toString('base64') };
      await queue.add('fire', data, { jobId: 'repeat:killrec:1' });
      await waitFor(() => a.fires.length === 1, { timeoutMs: 3_000, what: 'node a to take the firing' });
      const b = await node('killrec', 'b');
      await b.scheduler.start();
      await a.scheduler.close();
      await waitFor(() => b.fires.length === 1, { timeoutMs: 8_000, what: 'the firing on node b' });
      await sleep(2_500);
      expect([a.fires.length, b.fires.length]).toEqual([1, 1]);
      expect(b.fires[0]).toMatchObject({ pluginId, scheduleId: 'r', isRecurring: true });
      await b.scheduler.cancelAll(pluginId);
    } finally {
      await queue.close();
      raw.disconnect();
    }
  });

  it('an id can be scheduled again while its one-time firing is still running', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const a = await node('rerun', 'a', (fire) => (fire.payload[0] === 0x31 ? held : Promise.resolve()));
    await a.scheduler.start();
    const pluginId = uniquePluginId('rerun');
    await a.scheduler.scheduleOnce({ pluginId, scheduleId: 'x', delayMs: 0, payload: payload('1') });
    await waitFor(() => a.fires.length === 1, { timeoutMs: 3_000, what: 'the first firing' });
    await a.scheduler.scheduleOnce({ pluginId, scheduleId: 'x', delayMs: 100, payload: payload('2') });
    expect((await a.scheduler.list(pluginId)).map((s) => s.scheduleId)).toEqual(['x']);
    release();
    await waitFor(() => a.fires.length === 2, { timeoutMs: 3_000, what: 'the second firing' });
    expect(a.fires.map((f) => new TextDecoder().decode(f.payload))).toEqual(['1', '2']);
  });

  it('a completed firing is never delivered again when BullMQ runs its job again', async () => {
    const a = await node('dedupe', 'a');
    await a.scheduler.start();
    const pluginId = uniquePluginId('dedupe');
    // A recurring schedule that stays current but does not fire by itself during the test (yearly).
    await a.scheduler.scheduleRecurring({
      pluginId,
      scheduleId: 'r',
      expression: '@yearly',
      payload: payload('y'),
    });
    const raw = new Redis(redis.url);
    const queue = new Queue('schedules', { connection: raw, prefix: 'dedupe' });
    try {
      const entry = parseEntry(await raw.hget(registryKey('dedupe', pluginId), 'r'));
      expect(entry?.kind).toBe('recurring');
      // One firing of slot 1 as BullMQ's job scheduler would produce it (same data, a repeat:<id>:<slot> id).
      const data = {
        p: pluginId,
        s: 'r',
        g: entry!.gen,
        k: 'recurring',
        b: Buffer.from('y').toString('base64'),
      };
      const job = await queue.add('fire', data, { jobId: 'repeat:test:1', removeOnComplete: { count: 10 } });
      await waitFor(() => a.fires.length === 1, { timeoutMs: 3_000, what: 'the first delivery' });
      await waitFor(async () => (await job.getState()) === 'completed', {
        timeoutMs: 3_000,
        what: 'completion',
      });
      // BullMQ runs the same job again: not delivered.
      await job.retry('completed');
      await waitFor(async () => (await job.getState()) === 'completed', {
        timeoutMs: 3_000,
        what: 'the re-run',
      });
      await sleep(300);
      expect(a.fires).toHaveLength(1);
      // Without the done marker the same re-run is delivered: the marker is what stops it.
      await raw.del('dedupe:fired:done:repeat:test:1');
      await job.retry('completed');
      await waitFor(() => a.fires.length === 2, { timeoutMs: 3_000, what: 'the unguarded re-run' });
    } finally {
      await queue.close();
      raw.disconnect();
    }
  });

  it('schedules survive the restart of the scheduler and of Redis; calls fail in-band while Redis is down', async () => {
    const pluginId = uniquePluginId('restart');
    const first = await BullMqScheduler.connect({
      url: redis.url,
      prefix: 'restart',
      nodeId: 'old',
      ...FAST,
    });
    await first.scheduleOnce({ pluginId, scheduleId: 'later', delayMs: 1_500, payload: payload('l') });
    await first.scheduleRecurring({
      pluginId,
      scheduleId: 'tick',
      expression: '@every 300ms',
      payload: payload('t'),
    });
    await first.close();
    await redis.stop();
    await redis.start();
    const b = await node('restart', 'new');
    await b.scheduler.start();
    await waitFor(() => b.fires.some((f) => f.scheduleId === 'later'), {
      timeoutMs: 8_000,
      what: 'the one-time firing',
    });
    await waitFor(() => b.fires.filter((f) => f.scheduleId === 'tick').length >= 2, {
      timeoutMs: 5_000,
      what: 'recurring firings after the restarts',
    });
    // Redis lost while running: calls reject quickly with REDIS_UNAVAILABLE, and firings resume after.
    await redis.stop();
    const started = Date.now();
    const failure = await b.scheduler.list(pluginId).catch((e: unknown) => e);
    expect(NdpError.is(failure, 'REDIS_UNAVAILABLE'), String(failure)).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);
    await redis.start();
    const before = b.fires.length;
    await waitFor(() => b.fires.length >= before + 2, {
      timeoutMs: 10_000,
      what: 'firings after Redis came back',
    });
    expect(b.fires.filter((f) => f.scheduleId === 'later')).toHaveLength(1);
    await b.scheduler.cancelAll(pluginId);
  });

  it('start fails in bounded time with REDIS_UNAVAILABLE when Redis is gone, and works once it is back', async () => {
    const scheduler = await BullMqScheduler.connect({
      url: redis.url,
      prefix: 'startdown',
      ...FAST,
      connectTimeoutMs: 1_000,
    });
    open.push(scheduler);
    const fires: string[] = [];
    scheduler.onFire(async (fire) => void fires.push(fire.scheduleId));
    await redis.stop();
    try {
      const started = Date.now();
      const failure = await scheduler.start().catch((e: unknown) => e);
      expect(NdpError.is(failure, 'REDIS_UNAVAILABLE'), String(failure)).toBe(true);
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      await redis.start();
    }
    const pluginId = uniquePluginId('startdown');
    await waitFor(
      () =>
        scheduler.scheduleOnce({ pluginId, scheduleId: 'after', delayMs: 0, payload: payload('a') }).then(
          () => true,
          () => false,
        ),
      { timeoutMs: 10_000, intervalMs: 200, what: 'the scheduler’s client to reconnect' },
    );
    await scheduler.start();
    await waitFor(() => fires.includes('after'), { timeoutMs: 5_000, what: 'a firing after the late start' });
  });
});
