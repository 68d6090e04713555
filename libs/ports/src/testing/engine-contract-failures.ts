import { expect } from 'vitest';
import type { ContractCase } from './contract-case.js';
import {
  DEFAULT_MEMORY_LIMIT,
  expectEngineServes,
  expectNdpError,
  loadFixture,
  rejectionOf,
  utf8,
  withEngine,
  type EngineContractSubject,
} from './engine-harness.js';
import { PluginLogLevel } from '../plugin-logger.js';
import { RecordingPluginLogger } from './recording-plugin-logger.js';

const MEMORY_CEILING = 16 * 1024 * 1024;
const NO_INPUT = new Uint8Array(0);

/** Cases about guest failures, limits and closing (docs/contract.md §4, §6): the host keeps serving whatever a guest does. */
export const engineFailureCases: ContractCase<EngineContractSubject>[] = [
  {
    name: 'invalid module bytes reject with COMPILE_FAILED',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const options = { pluginId: 'garbage', memoryLimitBytes: DEFAULT_MEMORY_LIMIT };
        expectNdpError(await rejectionOf(engine.compile(utf8('not wasm at all'), options)), 'COMPILE_FAILED');
        const echo = await subject.fixtures.wasm('echo');
        const truncated = echo.slice(0, Math.floor(echo.length / 2));
        expectNdpError(await rejectionOf(engine.compile(truncated, options)), 'COMPILE_FAILED');
      }),
  },
  {
    name: 'a trap rejects with GUEST_TRAP, breaks the instance, and the engine keeps serving',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const trap = await loadFixture(engine, subject.fixtures, 'trap');
        expect(trap.broken).toBe(false);
        expectNdpError(await rejectionOf(trap.call('trap', NO_INPUT, { timeoutMs: 10_000 })), 'GUEST_TRAP');
        expect(trap.broken).toBe(true);
        await expectEngineServes(engine, subject.fixtures);
      }),
  },
  {
    name: 'a guest looping forever fails with GUEST_TIMEOUT at its deadline',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const loop = await loadFixture(engine, subject.fixtures, 'loop_forever');
        const started = Date.now();
        expectNdpError(
          await rejectionOf(loop.call('loop_forever', NO_INPUT, { timeoutMs: 200 })),
          'GUEST_TIMEOUT',
        );
        const elapsed = Date.now() - started;
        expect(elapsed, 'not before the deadline').toBeGreaterThanOrEqual(190);
        expect(elapsed, 'bounded after the deadline').toBeLessThan(5_000);
        expect(loop.broken).toBe(true);
        await expectEngineServes(engine, subject.fixtures);
      }),
  },
  {
    name: 'the deadline includes time spent in async host functions',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        let release: () => void = () => undefined;
        const slow = await loadFixture(engine, subject.fixtures, 'host_echo', {
          hostFunctions: {
            test_echo: () =>
              new Promise<Uint8Array>((resolve) => (release = () => resolve(new Uint8Array(0)))),
          },
        });
        const started = Date.now();
        expectNdpError(
          await rejectionOf(slow.call('host_echo', NO_INPUT, { timeoutMs: 200 })),
          'GUEST_TIMEOUT',
        );
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(slow.broken).toBe(true);
        release();
        await expectEngineServes(engine, subject.fixtures);
      }),
  },
  {
    name: 'a memory bomb fails with GUEST_MEMORY_LIMIT at a 16 MiB ceiling',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const bomb = await loadFixture(engine, subject.fixtures, 'grow_memory', {
          memoryLimitBytes: MEMORY_CEILING,
        });
        const started = Date.now();
        const error = await rejectionOf(bomb.call('grow_memory', NO_INPUT, { timeoutMs: 10_000 }));
        expectNdpError(error, 'GUEST_MEMORY_LIMIT');
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(bomb.broken).toBe(true);
        await expectEngineServes(engine, subject.fixtures);
      }),
  },
  {
    name: 'a host function that throws fails the call with GUEST_TRAP and breaks the instance',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const throwing = await loadFixture(engine, subject.fixtures, 'host_echo', {
          hostFunctions: {
            test_echo: () => {
              throw new Error('host bug');
            },
          },
        });
        expectNdpError(
          await rejectionOf(throwing.call('host_echo', NO_INPUT, { timeoutMs: 10_000 })),
          'GUEST_TRAP',
        );
        expect(throwing.broken).toBe(true);
        const rejecting = await loadFixture(engine, subject.fixtures, 'host_echo', {
          hostFunctions: { test_echo: async () => Promise.reject(new Error('async host bug')) },
        });
        expectNdpError(
          await rejectionOf(rejecting.call('host_echo', NO_INPUT, { timeoutMs: 10_000 })),
          'GUEST_TRAP',
        );
        await expectEngineServes(engine, subject.fixtures);
      }),
  },
  {
    name: 'WASI proc_exit with a non-zero status fails the call with GUEST_EXIT',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const exit = await loadFixture(engine, subject.fixtures, 'exit');
        expectNdpError(await rejectionOf(exit.call('exit', NO_INPUT, { timeoutMs: 10_000 })), 'GUEST_EXIT');
        expect(exit.broken).toBe(true);
        await expectEngineServes(engine, subject.fixtures);
      }),
  },
  {
    name: 'instantiating without a host function the module imports rejects with COMPILE_FAILED naming it',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const error = await rejectionOf(
          loadFixture(engine, subject.fixtures, 'host_echo', { hostFunctions: {} }),
        );
        expectNdpError(error, 'COMPILE_FAILED');
        expect((error as Error).message).toMatch(/imports host functions that were not provided: test_echo/);
        await expectEngineServes(engine, subject.fixtures);
      }),
  },
  {
    name: 'a closed instance is broken and refuses calls',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const echo = await loadFixture(engine, subject.fixtures, 'echo');
        await echo.close();
        expect(echo.broken).toBe(true);
        await expect(echo.call('echo', utf8('x'), { timeoutMs: 10_000 })).rejects.toThrow();
        await expect(echo.close()).resolves.toBeUndefined();
      }),
  },
  {
    name: 'a closed engine rejects compile and instantiate with ENGINE_CLOSED',
    run: async (subject) => {
      const engine = await subject.makeEngine();
      const bytes = await subject.fixtures.wasm('echo');
      const options = { pluginId: 'closing', memoryLimitBytes: DEFAULT_MEMORY_LIMIT };
      const plugin = await engine.compile(bytes, options);
      await engine.close();
      expectNdpError(await rejectionOf(engine.compile(bytes, options)), 'ENGINE_CLOSED');
      const instantiated = engine.instantiate(plugin, {
        ...options,
        config: {},
        hostFunctions: {},
        logger: new RecordingPluginLogger(),
        logLevel: PluginLogLevel.info,
      });
      expectNdpError(await rejectionOf(instantiated), 'ENGINE_CLOSED');
      await expect(engine.close()).resolves.toBeUndefined();
    },
  },
];
