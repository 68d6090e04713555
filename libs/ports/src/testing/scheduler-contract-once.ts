import { expect } from 'vitest';
import type { ContractCase } from './contract-case.js';
import { payload, withScheduler, type SchedulerFactory } from './scheduler-harness.js';
import { uniquePluginId } from './unique-plugin-id.js';
import { sleep, waitFor } from './wait.js';

const ids = (list: readonly { scheduleId: string }[]) => list.map((s) => s.scheduleId).sort();

/** Cases about one-time schedules, replacing by id, cancelling and per-plugin ids. */
export const schedulerOnceCases: ContractCase<SchedulerFactory>[] = [
  {
    name: 'a one-time schedule fires once with its plugin, id and payload',
    run: (factory) =>
      withScheduler(factory, async ({ scheduler, firesOf }) => {
        const pluginId = uniquePluginId('once');
        await scheduler.scheduleOnce({
          pluginId,
          scheduleId: 'job',
          delayMs: 100,
          payload: payload('héllo ✓'),
        });
        expect(ids(await scheduler.list(pluginId))).toEqual(['job']);
        await waitFor(() => firesOf(pluginId).length > 0, { timeoutMs: 2_000, what: 'the one-time firing' });
        await sleep(150);
        expect(
          firesOf(pluginId).map(({ pluginId: p, scheduleId, text, isRecurring }) => ({
            p,
            scheduleId,
            text,
            isRecurring,
          })),
        ).toEqual([{ p: pluginId, scheduleId: 'job', text: 'héllo ✓', isRecurring: false }]);
        expect(await scheduler.list(pluginId)).toEqual([]);
      }),
  },
  {
    name: 'a delay of zero or less fires at once',
    run: (factory) =>
      withScheduler(factory, async ({ scheduler, firesOf }) => {
        const pluginId = uniquePluginId('now');
        await scheduler.scheduleOnce({ pluginId, scheduleId: 'zero', delayMs: 0, payload: payload('0') });
        await scheduler.scheduleOnce({
          pluginId,
          scheduleId: 'negative',
          delayMs: -5_000,
          payload: payload('-'),
        });
        await waitFor(() => firesOf(pluginId).length === 2, {
          timeoutMs: 1_000,
          what: 'both immediate firings',
        });
        expect(ids(firesOf(pluginId))).toEqual(['negative', 'zero']);
      }),
  },
  {
    name: 'a one-time schedule is removed before its handler runs',
    run: async (factory) => {
      const pluginId = uniquePluginId('removed');
      const seenInHandler: string[][] = [];
      await withScheduler(
        factory,
        async ({ scheduler, firesOf }) => {
          // 'later' first: a firing "at once" may start before a call made after it has resolved.
          await scheduler.scheduleOnce({
            pluginId,
            scheduleId: 'later',
            delayMs: 60_000,
            payload: payload('y'),
          });
          await scheduler.scheduleOnce({ pluginId, scheduleId: 'gone', delayMs: 0, payload: payload('x') });
          await waitFor(() => firesOf(pluginId).length === 1, { timeoutMs: 1_000, what: 'the firing' });
          expect(seenInHandler).toEqual([['later']]);
        },
        {
          inHandler: async (fire, scheduler) =>
            void seenInHandler.push(ids(await scheduler.list(fire.pluginId))),
        },
      );
    },
  },
  {
    name: 'scheduling an existing one-time id replaces it',
    run: (factory) =>
      withScheduler(factory, async ({ scheduler, firesOf }) => {
        const pluginId = uniquePluginId('replace-once');
        await scheduler.scheduleOnce({ pluginId, scheduleId: 'x', delayMs: 100, payload: payload('old') });
        await scheduler.scheduleOnce({ pluginId, scheduleId: 'x', delayMs: 150, payload: payload('new') });
        expect(await scheduler.list(pluginId)).toHaveLength(1);
        await waitFor(() => firesOf(pluginId).length > 0, { timeoutMs: 2_000, what: 'the replacing firing' });
        await sleep(150);
        expect(firesOf(pluginId).map((f) => f.text)).toEqual(['new']);
      }),
  },
  {
    name: 'a recurring schedule replaces a one-time schedule with the same id',
    run: (factory) =>
      withScheduler(factory, async ({ scheduler, firesOf }) => {
        const pluginId = uniquePluginId('once-to-rec');
        await scheduler.scheduleOnce({ pluginId, scheduleId: 'x', delayMs: 50, payload: payload('once') });
        await scheduler.scheduleRecurring({
          pluginId,
          scheduleId: 'x',
          expression: '@every 100ms',
          payload: payload('rec'),
        });
        const listed = await scheduler.list(pluginId);
        expect(listed.map((s) => [s.scheduleId, s.isRecurring])).toEqual([['x', true]]);
        await waitFor(() => firesOf(pluginId).length >= 2, {
          timeoutMs: 2_000,
          what: 'two recurring firings',
        });
        expect(await scheduler.cancel(pluginId, 'x')).toBe(true);
        expect(firesOf(pluginId).every((f) => f.text === 'rec' && f.isRecurring)).toBe(true);
      }),
  },
  {
    name: 'a one-time schedule replaces a recurring schedule with the same id',
    run: (factory) =>
      withScheduler(factory, async ({ scheduler, firesOf }) => {
        const pluginId = uniquePluginId('rec-to-once');
        await scheduler.scheduleRecurring({
          pluginId,
          scheduleId: 'x',
          expression: '@every 100ms',
          payload: payload('rec'),
        });
        await scheduler.scheduleOnce({ pluginId, scheduleId: 'x', delayMs: 150, payload: payload('once') });
        expect((await scheduler.list(pluginId)).map((s) => [s.scheduleId, s.isRecurring])).toEqual([
          ['x', false],
        ]);
        await waitFor(() => firesOf(pluginId).length > 0, { timeoutMs: 2_000, what: 'the one-time firing' });
        await sleep(200);
        expect(firesOf(pluginId).map((f) => [f.text, f.isRecurring])).toEqual([['once', false]]);
      }),
  },
  {
    name: 'cancel answers true once, then false, and the schedule never fires',
    run: (factory) =>
      withScheduler(factory, async ({ scheduler, firesOf }) => {
        const pluginId = uniquePluginId('cancel');
        await scheduler.scheduleOnce({ pluginId, scheduleId: 'soon', delayMs: 100, payload: payload('x') });
        expect(await scheduler.cancel(pluginId, 'soon')).toBe(true);
        expect(await scheduler.cancel(pluginId, 'soon')).toBe(false);
        expect(await scheduler.cancel(pluginId, 'never-existed')).toBe(false);
        expect(await scheduler.list(pluginId)).toEqual([]);
        await sleep(250);
        expect(firesOf(pluginId)).toEqual([]);
      }),
  },
  {
    name: 'schedule ids are per plugin',
    run: (factory) =>
      withScheduler(factory, async ({ scheduler, firesOf }) => {
        const a = uniquePluginId('ids-a');
        const b = uniquePluginId('ids-b');
        await scheduler.scheduleOnce({
          pluginId: a,
          scheduleId: 'same',
          delayMs: 100,
          payload: payload('a'),
        });
        await scheduler.scheduleOnce({
          pluginId: b,
          scheduleId: 'same',
          delayMs: 100,
          payload: payload('b'),
        });
        expect(ids(await scheduler.list(a))).toEqual(['same']);
        expect(ids(await scheduler.list(b))).toEqual(['same']);
        expect(await scheduler.cancel(a, 'same')).toBe(true);
        expect(ids(await scheduler.list(b))).toEqual(['same']);
        await waitFor(() => firesOf(b).length > 0, { timeoutMs: 2_000, what: 'plugin b’s firing' });
        await sleep(100);
        expect(firesOf(b).map((f) => [f.scheduleId, f.text])).toEqual([['same', 'b']]);
        expect(firesOf(a)).toEqual([]);
      }),
  },
  {
    name: 'cancelAll cancels every schedule of one plugin only',
    run: (factory) =>
      withScheduler(factory, async ({ scheduler, firesOf }) => {
        const a = uniquePluginId('all-a');
        const b = uniquePluginId('all-b');
        await scheduler.scheduleOnce({
          pluginId: a,
          scheduleId: 'one',
          delayMs: 100,
          payload: payload('a1'),
        });
        await scheduler.scheduleRecurring({
          pluginId: a,
          scheduleId: 'two',
          expression: '@every 100ms',
          payload: payload('a2'),
        });
        await scheduler.scheduleOnce({
          pluginId: b,
          scheduleId: 'one',
          delayMs: 100,
          payload: payload('b1'),
        });
        await scheduler.cancelAll(a);
        expect(await scheduler.list(a)).toEqual([]);
        expect(ids(await scheduler.list(b))).toEqual(['one']);
        await waitFor(() => firesOf(b).length > 0, { timeoutMs: 2_000, what: 'plugin b’s firing' });
        await sleep(150);
        expect(firesOf(a)).toEqual([]);
      }),
  },
];
