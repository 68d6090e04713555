import { NdpError } from '@ndp/domain';
import { expect } from 'vitest';
import type { ContractCase } from './contract-case.js';
import { payload, withScheduler, type SchedulerFactory } from './scheduler-harness.js';
import { uniquePluginId } from './unique-plugin-id.js';
import { sleep, waitFor } from './wait.js';

/** Expressions every adapter must refuse (with SCHEDULE_INVALID). */
export const INVALID_SCHEDULE_EXPRESSIONS: readonly string[] = [
  'nope',
  '* * *',
  '61 * * * *',
  '@every',
  '@every -1s',
  '@every 0s',
  '@every 10 parsecs',
  '* * * * * * *',
  '@fortnightly',
  '',
];

/** Expressions every adapter must accept. */
export const VALID_SCHEDULE_EXPRESSIONS: readonly string[] = [
  '*/5 * * * *',
  '0 */2 * * * *',
  '0 9 * * 1-5',
  '15,45 3 1 jan,jul sun',
  '@hourly',
  '@daily',
  '@midnight',
  '@weekly',
  '@monthly',
  '@yearly',
  '@annually',
  '@every 1m30s',
  '@every 41s',
  '@every 500ms',
];

/** Cases about recurring schedules, expression validation, start and close. */
export const schedulerRecurringCases: ContractCase<SchedulerFactory>[] = [
  {
    name: 'a recurring @every schedule fires repeatedly until cancelled',
    run: (factory) =>
      withScheduler(factory, async ({ scheduler, firesOf }) => {
        const pluginId = uniquePluginId('tick');
        await scheduler.scheduleRecurring({
          pluginId,
          scheduleId: 'tick',
          expression: '@every 100ms',
          payload: payload('t'),
        });
        expect(await scheduler.list(pluginId)).toMatchObject([
          { scheduleId: 'tick', isRecurring: true, expression: '@every 100ms' },
        ]);
        await waitFor(() => firesOf(pluginId).length >= 3, { timeoutMs: 2_000, what: 'three firings' });
        expect(await scheduler.cancel(pluginId, 'tick')).toBe(true);
        const cancelledAt = Date.now();
        await sleep(300);
        expect(firesOf(pluginId).filter((f) => f.at > cancelledAt)).toEqual([]);
        expect(
          firesOf(pluginId).every((f) => f.isRecurring && f.scheduleId === 'tick' && f.text === 't'),
        ).toBe(true);
        expect(await scheduler.list(pluginId)).toEqual([]);
      }),
  },
  {
    name: 'invalid expressions reject with SCHEDULE_INVALID and change nothing',
    run: (factory) =>
      withScheduler(factory, async ({ scheduler }) => {
        const pluginId = uniquePluginId('invalid');
        await scheduler.scheduleRecurring({
          pluginId,
          scheduleId: 'keep',
          expression: '@hourly',
          payload: payload('k'),
        });
        for (const expression of INVALID_SCHEDULE_EXPRESSIONS) {
          const outcome = await scheduler
            .scheduleRecurring({ pluginId, scheduleId: 'keep', expression, payload: payload('bad') })
            .then(
              () => 'accepted',
              (error: unknown) =>
                NdpError.is(error, 'SCHEDULE_INVALID') ? 'rejected' : `wrong error: ${String(error)}`,
            );
          expect(outcome, `expression ${JSON.stringify(expression)}`).toBe('rejected');
        }
        expect(await scheduler.list(pluginId)).toMatchObject([{ scheduleId: 'keep', expression: '@hourly' }]);
      }),
  },
  {
    name: 'valid cron, descriptor and @every expressions are accepted',
    run: (factory) =>
      withScheduler(factory, async ({ scheduler }) => {
        const pluginId = uniquePluginId('valid');
        for (const [i, expression] of VALID_SCHEDULE_EXPRESSIONS.entries()) {
          await expect(
            scheduler.scheduleRecurring({ pluginId, scheduleId: `s${i}`, expression, payload: payload('') }),
            `expression ${JSON.stringify(expression)}`,
          ).resolves.toBeUndefined();
        }
        const listed = await scheduler.list(pluginId);
        expect(listed.map((s) => s.expression).sort()).toEqual([...VALID_SCHEDULE_EXPRESSIONS].sort());
        expect(listed.every((s) => s.isRecurring)).toBe(true);
        await scheduler.cancelAll(pluginId);
      }),
  },
  {
    name: 'nothing fires before start',
    run: (factory) =>
      withScheduler(
        factory,
        async ({ scheduler, firesOf }) => {
          const pluginId = uniquePluginId('start');
          await scheduler.scheduleOnce({ pluginId, scheduleId: 'early', delayMs: 0, payload: payload('e') });
          await sleep(150);
          expect(firesOf(pluginId)).toEqual([]);
          await scheduler.start();
          await waitFor(() => firesOf(pluginId).length === 1, {
            timeoutMs: 1_000,
            what: 'the firing after start',
          });
        },
        { noStart: true },
      ),
  },
  {
    name: 'close stops every schedule and can be called twice',
    run: (factory) =>
      withScheduler(factory, async ({ scheduler, fires }) => {
        const pluginId = uniquePluginId('close');
        await scheduler.scheduleOnce({ pluginId, scheduleId: 'once', delayMs: 100, payload: payload('o') });
        await scheduler.scheduleRecurring({
          pluginId,
          scheduleId: 'rec',
          expression: '@every 100ms',
          payload: payload('r'),
        });
        await scheduler.close();
        const closedAt = Date.now();
        await sleep(300);
        expect(fires.filter((f) => f.at > closedAt)).toEqual([]);
      }),
  },
];
