import { expect } from 'vitest';
import type { ContractCase } from './contract-case.js';
import {
  DEFAULT_MEMORY_LIMIT,
  callOk,
  expectEngineServes,
  expectNdpError,
  loadFixture,
  rejectionOf,
  text,
  utf8,
  withEngine,
  type EngineContractSubject,
} from './engine-harness.js';
import { DEFAULT_MAX_TABLE_ELEMENTS } from '../plugin-engine.js';
import type { HostCallHandler } from '../host-functions.js';
import { PluginLogLevel } from '../plugin-logger.js';
import { RecordingPluginLogger } from './recording-plugin-logger.js';

const NO_INPUT = new Uint8Array(0);
/** Deadline of the cases below: long enough for a timer to tick many times, short enough to keep the suite quick. */
const DEADLINE_MS = 400;
const TICK_MS = 10;
/**
 * Ticks a 10 ms interval must at least manage during a 400 ms stretch for the event loop to count as free. A loop
 * held for the whole deadline gets at most one (after it); a busy 2-core machine still manages several.
 */
const MIN_TICKS = 4;

/** Runs `body` while a 10 ms interval counts its ticks (a `/health` timer stand-in); answers the count. */
async function ticksDuring(body: () => Promise<void>): Promise<number> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, TICK_MS);
  try {
    await body();
  } finally {
    clearInterval(timer);
  }
  return ticks;
}

/** Expects `started` to be at its deadline: not before it, and bounded after it (generous for loaded machines). */
function expectNearDeadline(started: number, deadlineMs: number): void {
  const elapsed = performance.now() - started;
  expect(elapsed, 'not before the deadline').toBeGreaterThanOrEqual(deadlineMs - 10);
  expect(elapsed, 'bounded after the deadline').toBeLessThan(deadlineMs + 5_000);
}

const echoSync: HostCallHandler = (request) => request.slice();
const echoAsync: HostCallHandler = async (request) => request.slice();

/**
 * Cases about scheduling and deadlines: a guest may loop, loop over host calls or loop while starting, and still
 * ends at its deadline without holding the event loop; tables are capped; a missing export and `proc_exit(0)`
 * are answered cleanly.
 */
export const engineSchedulingCases: ContractCase<EngineContractSubject>[] = [
  {
    name: 'a guest looping over host calls ends at its deadline while the event loop keeps turning',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        for (const test_echo of [echoSync, echoAsync]) {
          const looping = await loadFixture(engine, subject.fixtures, 'host_loop', {
            hostFunctions: { test_echo },
          });
          const started = performance.now();
          let error: unknown;
          const ticks = await ticksDuring(async () => {
            error = await rejectionOf(looping.call('host_loop', utf8('ping'), { timeoutMs: DEADLINE_MS }));
          });
          expectNdpError(error, 'GUEST_TIMEOUT');
          expectNearDeadline(started, DEADLINE_MS);
          if (!subject.traits?.holdsEventLoop) {
            expect(
              ticks,
              `timers tick while the guest runs (${test_echo === echoSync ? 'sync' : 'async'})`,
            ).toBeGreaterThanOrEqual(MIN_TICKS);
          }
          expect(looping.broken).toBe(true);
        }
        await expectEngineServes(engine, subject.fixtures);
      }),
  },
  {
    name: 'a guest looping forever does not hold the event loop',
    run: async (subject) => {
      if (subject.traits?.holdsEventLoop) return;
      await withEngine(subject, async (engine) => {
        const loop = await loadFixture(engine, subject.fixtures, 'loop_forever');
        let error: unknown;
        const ticks = await ticksDuring(async () => {
          error = await rejectionOf(loop.call('loop_forever', NO_INPUT, { timeoutMs: DEADLINE_MS }));
        });
        expectNdpError(error, 'GUEST_TIMEOUT');
        expect(ticks).toBeGreaterThanOrEqual(MIN_TICKS);
      });
    },
  },
  {
    name: 'a start function or _initialize that loops fails instantiation with GUEST_TIMEOUT at the given deadline',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        for (const fixture of ['start_loop', 'init_loop'] as const) {
          const pluginId = `fixture-${fixture.replace(/_/g, '-')}`;
          const plugin = await engine.compile(await subject.fixtures.wasm(fixture), {
            pluginId,
            memoryLimitBytes: DEFAULT_MEMORY_LIMIT,
          });
          const started = performance.now();
          let error: unknown;
          const ticks = await ticksDuring(async () => {
            error = await rejectionOf(
              engine.instantiate(plugin, {
                pluginId,
                config: {},
                hostFunctions: {},
                logger: new RecordingPluginLogger(),
                logLevel: PluginLogLevel.info,
                memoryLimitBytes: DEFAULT_MEMORY_LIMIT,
                timeoutMs: DEADLINE_MS,
              }),
            );
          });
          expectNdpError(error, 'GUEST_TIMEOUT');
          expectNearDeadline(started, DEADLINE_MS);
          if (!subject.traits?.holdsEventLoop) {
            expect(ticks, `timers tick while ${fixture} instantiates`).toBeGreaterThanOrEqual(MIN_TICKS);
          }
        }
        await expectEngineServes(engine, subject.fixtures);
      }),
  },
  {
    name: 'table.grow fails inside the guest at the table ceiling',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const tables = await loadFixture(engine, subject.fixtures, 'table_grow');
        const reached = Number(text(await callOk(tables, 'table_grow', NO_INPUT)));
        // The fixture grows by 1,000: it stops at the last step that fitted under the ceiling.
        expect(reached).toBeLessThanOrEqual(DEFAULT_MAX_TABLE_ELEMENTS);
        expect(reached).toBeGreaterThan(DEFAULT_MAX_TABLE_ELEMENTS - 1_000);
        expect(tables.broken, 'a failed table.grow is an answer, not a failure').toBe(false);
      }),
  },
  {
    name: 'calling an export the module lacks rejects with NOT_IMPLEMENTED and keeps the instance',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const echo = await loadFixture(engine, subject.fixtures, 'echo');
        const error = await rejectionOf(echo.call('no_such_export', NO_INPUT, { timeoutMs: 10_000 }));
        expectNdpError(error, 'NOT_IMPLEMENTED');
        expect(String((error as Error).message)).toContain('no_such_export');
        expect(echo.broken).toBe(false);
        expect(text(await callOk(echo, 'echo', utf8('still here')))).toBe('still here');
      }),
  },
  {
    name: 'proc_exit(0) answers the call with the output so far, then the instance is gone',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const exiting = await loadFixture(engine, subject.fixtures, 'exit_zero');
        expect(text(await callOk(exiting, 'exit_zero', utf8('bye')))).toBe('bye');
        expect(exiting.broken, 'the guest program has ended').toBe(true);
        await expectEngineServes(engine, subject.fixtures);
      }),
  },
];
