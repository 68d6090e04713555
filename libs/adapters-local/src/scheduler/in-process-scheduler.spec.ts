import { NdpError } from '@ndp/domain';
import type { ScheduleFire } from '@ndp/ports';
import { describeSchedulerContract, payload } from '@ndp/ports/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InProcessScheduler, type InProcessSchedulerOptions } from './in-process-scheduler.js';

describeSchedulerContract('in-process', () => new InProcessScheduler());

const T0 = Date.parse('2025-01-01T12:00:00.500Z');

interface Seen {
  readonly scheduleId: string;
  readonly at: string;
  readonly isRecurring: boolean;
}

async function started(options: InProcessSchedulerOptions = {}) {
  const scheduler = new InProcessScheduler({ timeZone: 'UTC', ...options });
  const seen: Seen[] = [];
  scheduler.onFire(async (fire) => {
    seen.push({ scheduleId: fire.scheduleId, at: new Date().toISOString(), isRecurring: fire.isRecurring });
  });
  await scheduler.start();
  return { scheduler, seen };
}

const rec = (scheduleId: string, expression: string) => ({
  pluginId: 'p',
  scheduleId,
  expression,
  payload: payload(scheduleId),
});

describe('InProcessScheduler (fake time)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires a 6-field cron on the seconds it names', async () => {
    const { scheduler, seen } = await started();
    await scheduler.scheduleRecurring(rec('s', '*/2 * * * * *'));
    await vi.advanceTimersByTimeAsync(6_000);
    expect(seen.map((s) => s.at)).toEqual([
      '2025-01-01T12:00:02.000Z',
      '2025-01-01T12:00:04.000Z',
      '2025-01-01T12:00:06.000Z',
    ]);
    expect(seen.every((s) => s.isRecurring)).toBe(true);
    await scheduler.close();
  });

  it('fires @every 200ms on a fixed cadence counted from when it was scheduled', async () => {
    const { scheduler, seen } = await started();
    await scheduler.scheduleRecurring(rec('e', '@every 200ms'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen.map((s) => Date.parse(s.at) - T0)).toEqual([200, 400, 600, 800, 1_000]);
    await scheduler.close();
  });

  it('stays on its cadence when a timer fires late', async () => {
    let delayNext = true;
    const lateTimers = {
      set: (callback: () => void, ms: number) => {
        const late = delayNext ? 70 : 0;
        delayNext = false;
        return setTimeout(callback, ms + late);
      },
      clear: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    const { scheduler, seen } = await started({ timers: lateTimers });
    await scheduler.scheduleRecurring(rec('e', '@every 200ms'));
    await vi.advanceTimersByTimeAsync(600);
    expect(seen.map((s) => Date.parse(s.at) - T0)).toEqual([270, 400, 600]);
    await scheduler.close();
  });

  it.each([
    ['Asia/Tokyo', '2025-01-02T00:00:00.000Z'],
    ['America/New_York', '2025-01-01T14:00:00.000Z'],
    ['UTC', '2025-01-02T09:00:00.000Z'],
  ])('runs cron in the configured time zone (%s: 09:00 is %s)', async (timeZone, expected) => {
    const { scheduler, seen } = await started({ timeZone });
    await scheduler.scheduleRecurring(rec('nine', '0 9 * * *'));
    const [info] = await scheduler.list('p');
    expect(new Date(info?.nextFireAt ?? 0).toISOString()).toBe(expected);
    await vi.advanceTimersByTimeAsync(Date.parse(expected) - T0);
    expect(seen.map((s) => s.at)).toEqual([expected]);
    await scheduler.close();
  });

  it.each([
    ['@hourly', '2025-01-01T13:00:00.000Z'],
    ['@daily', '2025-01-02T00:00:00.000Z'],
    ['@midnight', '2025-01-02T00:00:00.000Z'],
    ['@weekly', '2025-01-05T00:00:00.000Z'],
    ['@monthly', '2025-02-01T00:00:00.000Z'],
    ['@yearly', '2026-01-01T00:00:00.000Z'],
    ['@annually', '2026-01-01T00:00:00.000Z'],
    ['0 9 * * MON-FRI', '2025-01-02T09:00:00.000Z'],
    ['15,45 3 1 jan,jul sun', '2025-01-05T03:15:00.000Z'],
    ['@every 1m30s', '2025-01-01T12:01:30.500Z'],
  ])('accepts %s and knows its next firing (%s)', async (expression, expected) => {
    const { scheduler } = await started();
    await scheduler.scheduleRecurring(rec('d', expression));
    expect(await scheduler.list('p')).toEqual([
      { scheduleId: 'd', isRecurring: true, expression, nextFireAt: Date.parse(expected) },
    ]);
    await scheduler.close();
  });

  it('waits longer than setTimeout allows without firing early', async () => {
    const { scheduler, seen } = await started();
    const day = 86_400_000;
    await scheduler.scheduleOnce({
      pluginId: 'p',
      scheduleId: 'far',
      delayMs: 30 * day,
      payload: payload(''),
    });
    await vi.advanceTimersByTimeAsync(29 * day);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(day);
    expect(seen.map((s) => [s.scheduleId, s.isRecurring])).toEqual([['far', false]]);
    await scheduler.close();
  });

  it('skips the ticks that come while the previous firing still runs', async () => {
    const scheduler = new InProcessScheduler();
    let release: () => void = () => undefined;
    const starts: number[] = [];
    scheduler.onFire(async () => {
      starts.push(Date.now() - T0);
      if (starts.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    await scheduler.start();
    await scheduler.scheduleRecurring(rec('slow', '@every 100ms'));
    await vi.advanceTimersByTimeAsync(450);
    expect(starts).toEqual([100]);
    release();
    await vi.advanceTimersByTimeAsync(200);
    expect(starts).toEqual([100, 500, 600]);
    await scheduler.close();
  });

  it('reports a failing handler and keeps the schedule going', async () => {
    const errors: [unknown, ScheduleFire][] = [];
    const scheduler = new InProcessScheduler({ onError: (error, fire) => errors.push([error, fire]) });
    let calls = 0;
    scheduler.onFire(async () => {
      calls += 1;
      throw new Error(`boom ${calls}`);
    });
    await scheduler.start();
    await scheduler.scheduleRecurring(rec('bad', '@every 100ms'));
    await vi.advanceTimersByTimeAsync(300);
    expect(errors.map(([e, f]) => [(e as Error).message, f.scheduleId])).toEqual([
      ['boom 1', 'bad'],
      ['boom 2', 'bad'],
      ['boom 3', 'bad'],
    ]);
    await scheduler.close();
  });

  it('logs handler errors when no onError is given, and survives a throwing reporter', async () => {
    const logged: string[] = [];
    const logger = {
      error: (message: string) => logged.push(message),
    } as unknown as InProcessSchedulerOptions['logger'];
    const withLogger = new InProcessScheduler({ logger });
    withLogger.onFire(async () => Promise.reject(new Error('x')));
    await withLogger.start();
    await withLogger.scheduleOnce({ pluginId: 'p', scheduleId: 'a', delayMs: 0, payload: payload('') });
    await vi.advanceTimersByTimeAsync(1);
    expect(logged).toEqual(['schedule handler failed']);
    await withLogger.close();

    const throwing = new InProcessScheduler({
      onError: () => {
        throw new Error('reporter');
      },
    });
    let fired = 0;
    throwing.onFire(async () => {
      fired += 1;
      throw new Error('x');
    });
    await throwing.start();
    await throwing.scheduleRecurring(rec('r', '@every 100ms'));
    await vi.advanceTimersByTimeAsync(300);
    expect(fired).toBe(3);
    await throwing.close();
  });

  it('does not catch up recurring firings missed before start, but fires a due one-time schedule', async () => {
    const scheduler = new InProcessScheduler();
    const seen: string[] = [];
    scheduler.onFire(async (fire) => void seen.push(`${fire.scheduleId}@${Date.now() - T0}`));
    await scheduler.scheduleRecurring(rec('r', '@every 100ms'));
    await scheduler.scheduleOnce({ pluginId: 'p', scheduleId: 'o', delayMs: 50, payload: payload('') });
    await vi.advanceTimersByTimeAsync(350);
    expect(seen).toEqual([]);
    await scheduler.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(seen).toEqual(['o@350', 'r@400']);
    await scheduler.close();
  });

  it('starts no firing after close, even while a handler is running', async () => {
    const scheduler = new InProcessScheduler();
    let count = 0;
    scheduler.onFire(() => {
      count += 1;
      return new Promise<void>(() => undefined);
    });
    await scheduler.start();
    await scheduler.scheduleRecurring(rec('a', '@every 100ms'));
    await scheduler.scheduleRecurring(rec('b', '@every 100ms'));
    await vi.advanceTimersByTimeAsync(100);
    expect(count).toBe(2);
    await scheduler.close();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(count).toBe(2);
    await expect(scheduler.scheduleRecurring(rec('c', '@hourly'))).rejects.toThrow(/closed/);
    expect(await scheduler.list('p')).toEqual([]);
  });
});

describe('InProcessScheduler options and errors', () => {
  it('refuses an unknown time zone at construction', () => {
    expect(() => new InProcessScheduler({ timeZone: 'Mars/Olympus_Mons' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });

  it('says why an expression is invalid, naming the plugin and schedule', async () => {
    const scheduler = new InProcessScheduler();
    const error = await scheduler.scheduleRecurring(rec('bad', '61 * * * *')).catch((e: unknown) => e);
    expect(NdpError.is(error, 'SCHEDULE_INVALID')).toBe(true);
    expect((error as NdpError).message).toMatch(/"61" is not valid for minutes \(0-59\)/);
    expect((error as NdpError).details).toMatchObject({ pluginId: 'p', scheduleId: 'bad' });
    await scheduler.close();
  });
});
