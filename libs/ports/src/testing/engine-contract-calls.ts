import { expect } from 'vitest';
import { PluginLogLevel } from '../plugin-logger.js';
import type { ContractCase } from './contract-case.js';
import {
  callOk,
  DEFAULT_MEMORY_LIMIT,
  loadFixture,
  sha256Hex,
  text,
  utf8,
  withEngine,
  type EngineContractSubject,
} from './engine-harness.js';
import { RecordingPluginLogger } from './recording-plugin-logger.js';
import { sleep } from './wait.js';

const reversed = (bytes: Uint8Array): Uint8Array => bytes.slice().reverse();

/** Cases about compiling and about calls that succeed or use the plugin error channel (docs/contract.md §4, §6). */
export const engineCallCases: ContractCase<EngineContractSubject>[] = [
  {
    name: 'compile analyses the module: hash, imports, exports, WASI use',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const bytes = await subject.fixtures.wasm('host_echo');
        const plugin = await engine.compile(bytes, {
          pluginId: 'analysed',
          memoryLimitBytes: DEFAULT_MEMORY_LIMIT,
        });
        expect(plugin.pluginId).toBe('analysed');
        expect(plugin.hash).toBe(await sha256Hex(bytes));
        expect(plugin.exports).toContain('host_echo');
        expect(plugin.hasExport('host_echo')).toBe(true);
        expect(plugin.hasExport('nope')).toBe(false);
        expect(plugin.imports).toContainEqual({
          module: 'extism:host/user',
          name: 'test_echo',
          kind: 'function',
        });
        expect(plugin.imports.some((i) => i.module === 'extism:host/env' && i.kind === 'function')).toBe(
          true,
        );
        expect(plugin.usesWasi).toBe(false);
        const wasi = await engine.compile(await subject.fixtures.wasm('wasi'), {
          pluginId: 'wasi',
          memoryLimitBytes: DEFAULT_MEMORY_LIMIT,
        });
        expect(wasi.usesWasi).toBe(true);
        expect(wasi.imports).toContainEqual({
          module: 'wasi_snapshot_preview1',
          name: 'fd_write',
          kind: 'function',
        });
      }),
  },
  {
    name: 'an export answers its output (binary, empty, WASI module)',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const echo = await loadFixture(engine, subject.fixtures, 'echo');
        const binary = new Uint8Array([0, 1, 0, 255, 128, 0]);
        expect(await callOk(echo, 'echo', binary)).toEqual(binary);
        expect(await callOk(echo, 'echo', new Uint8Array(0))).toEqual(new Uint8Array(0));
        expect(echo.broken).toBe(false);
        const wasi = await loadFixture(engine, subject.fixtures, 'wasi');
        expect(text(await callOk(wasi, 'wasi', utf8('via wasi')))).toBe('via wasi');
      }),
  },
  {
    name: 'the plugin error channel resolves ok:false with the text, and the instance stays usable',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const fail = await loadFixture(engine, subject.fixtures, 'fail');
        const timeout = { timeoutMs: 10_000 };
        expect(await fail.call('fail', utf8('x'), timeout)).toEqual({ ok: false, error: 'boom' });
        expect(fail.broken).toBe(false);
        expect(await fail.call('fail', utf8('again'), timeout)).toEqual({ ok: false, error: 'boom' });
        const notFound = await loadFixture(engine, subject.fixtures, 'not_found');
        expect(await notFound.call('not_found', new Uint8Array(0), timeout)).toEqual({
          ok: false,
          error: 'plugin:not_found',
        });
      }),
  },
  {
    name: 'a non-zero return code without error text is ok:false naming the code',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const rc = await loadFixture(engine, subject.fixtures, 'rc_nonzero');
        const result = await rc.call('rc_nonzero', new Uint8Array(0), { timeoutMs: 10_000 });
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toMatch(/\b3\b/);
        expect(rc.broken).toBe(false);
      }),
  },
  {
    name: 'non-ASCII payloads are exact in both directions',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const greet = await loadFixture(engine, subject.fixtures, 'non_ascii');
        expect(text(await callOk(greet, 'non_ascii', utf8('wörld ✓ 日本語')))).toBe(
          'héllo, wörld ✓ 日本語 🎶',
        );
        const echo = await loadFixture(engine, subject.fixtures, 'echo');
        expect(text(await callOk(echo, 'echo', utf8('🎵 ünïcödé 🎶')))).toBe('🎵 ünïcödé 🎶');
      }),
  },
  {
    name: 'the guest reads its config: values, empty values, absent keys',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const config = { key: 'välue ✓', empty: '' };
        const instance = await loadFixture(engine, subject.fixtures, 'config', { config });
        expect(text(await callOk(instance, 'config', utf8('key')))).toBe('välue ✓');
        expect(text(await callOk(instance, 'config', utf8('empty')))).toBe('');
        expect(await instance.call('config', utf8('missing'), { timeoutMs: 10_000 })).toEqual({
          ok: false,
          error: 'config key not found',
        });
      }),
  },
  {
    name: 'guest state survives between calls and instances are independent',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const a = await loadFixture(engine, subject.fixtures, 'counter');
        const b = await loadFixture(engine, subject.fixtures, 'counter');
        for (const expected of ['1', '2', '3'])
          expect(text(await callOk(a, 'counter', new Uint8Array(0)))).toBe(expected);
        expect(text(await callOk(b, 'counter', new Uint8Array(0)))).toBe('1');
      }),
  },
  {
    name: 'Extism vars persist across calls of one instance and belong to that instance',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const a = await loadFixture(engine, subject.fixtures, 'vars');
        const b = await loadFixture(engine, subject.fixtures, 'vars');
        for (const expected of ['1', '2', '3']) {
          expect(text(await callOk(a, 'vars', new Uint8Array(0)))).toBe(expected);
        }
        expect(text(await callOk(b, 'vars', new Uint8Array(0)))).toBe('1');
      }),
  },
  {
    name: 'output_set honours its length (only that much of the block is the output)',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const instance = await loadFixture(engine, subject.fixtures, 'output_len');
        expect(text(await callOk(instance, 'output_len', new Uint8Array(0)))).toBe('abc');
      }),
  },
  {
    name: 'the imports of newer PDKs (get_log_level, log_trace) link and honour the instance level',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const traceLogger = new RecordingPluginLogger();
        const atTrace = await loadFixture(engine, subject.fixtures, 'log_level', {
          logger: traceLogger,
          logLevel: PluginLogLevel.trace,
        });
        expect(text(await callOk(atTrace, 'log_level', utf8('x')))).toBe(String(PluginLogLevel.trace));
        expect(traceLogger.lines).toContainEqual({ level: 'trace', message: 'trace: x' });
        const infoLogger = new RecordingPluginLogger();
        const atInfo = await loadFixture(engine, subject.fixtures, 'log_level', {
          logger: infoLogger,
          logLevel: PluginLogLevel.info,
        });
        expect(text(await callOk(atInfo, 'log_level', utf8('y')))).toBe(String(PluginLogLevel.info));
        expect(infoLogger.lines.filter((l) => l.level === 'trace')).toEqual([]);
      }),
  },
  {
    name: '20,000 sequential calls on one instance all succeed',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const counter = await loadFixture(engine, subject.fixtures, 'counter');
        const input = new Uint8Array(0);
        for (let i = 1; i <= 20_000; i++) {
          const output = text(await callOk(counter, 'counter', input));
          if (output !== String(i)) expect(output, `call #${i}`).toBe(String(i));
        }
        expect(counter.broken).toBe(false);
      }),
  },
  {
    name: 'a huge output (8 MiB) arrives intact',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const size = 8 * 1024 * 1024;
        const instance = await loadFixture(engine, subject.fixtures, 'huge_output');
        const output = await callOk(instance, 'huge_output', utf8(String(size)));
        expect(output.length).toBe(size);
        let firstWrong = -1;
        for (let i = 0; i < size && firstWrong < 0; i++) if (output[i] !== i % 251) firstWrong = i;
        expect(firstWrong, 'first byte that differs from i % 251').toBe(-1);
      }),
  },
  {
    name: 'host functions answer synchronously or later (async), bytes in and out',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const sync = await loadFixture(engine, subject.fixtures, 'host_echo', {
          hostFunctions: { test_echo: reversed },
        });
        expect(await callOk(sync, 'host_echo', new Uint8Array([1, 2, 3]))).toEqual(new Uint8Array([3, 2, 1]));
        const later = await loadFixture(engine, subject.fixtures, 'host_echo', {
          hostFunctions: { test_echo: async (request) => (await sleep(50), reversed(request)) },
        });
        expect(await callOk(later, 'host_echo', utf8('ab✓'))).toEqual(reversed(utf8('ab✓')));
      }),
  },
  {
    name: 'an empty host-call payload (the NULL handle) reaches the host function as no bytes',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const seen: number[] = [];
        const instance = await loadFixture(engine, subject.fixtures, 'host_echo', {
          hostFunctions: {
            test_echo: (request) => {
              seen.push(request.length);
              return utf8('nothing in');
            },
          },
        });
        expect(text(await callOk(instance, 'host_echo', new Uint8Array(0)))).toBe('nothing in');
        expect(seen).toEqual([0]);
      }),
  },
  {
    name: 'calls on separate instances run concurrently without mixing their data',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const tag = (n: number) => async (request: Uint8Array) => (
          await sleep(50),
          utf8(`${n}:${text(request)}`)
        );
        const instances = await Promise.all(
          [0, 1, 2, 3].map((n) =>
            loadFixture(engine, subject.fixtures, 'host_echo', { hostFunctions: { test_echo: tag(n) } }),
          ),
        );
        const outputs = await Promise.all(
          instances.map((inst, n) => callOk(inst, 'host_echo', utf8(`call ${n}`))),
        );
        expect(outputs.map(text)).toEqual(['0:call 0', '1:call 1', '2:call 2', '3:call 3']);
      }),
  },
  {
    name: 'guest log lines reach the logger at or above the instance level',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const info = new RecordingPluginLogger();
        const atInfo = await loadFixture(engine, subject.fixtures, 'log', {
          logger: info,
          logLevel: PluginLogLevel.info,
        });
        await callOk(atInfo, 'log', utf8('hé'));
        expect(info.lines).toEqual([
          { level: 'info', message: 'info: hé' },
          { level: 'warn', message: 'warn: hé' },
          { level: 'error', message: 'error: hé' },
        ]);
        const off = new RecordingPluginLogger();
        const silent = await loadFixture(engine, subject.fixtures, 'log', {
          logger: off,
          logLevel: PluginLogLevel.off,
        });
        await callOk(silent, 'log', utf8('quiet'));
        expect(off.lines).toEqual([]);
      }),
  },
  {
    name: 'memoryBytes reports the linear memory size within the ceiling',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const echo = await loadFixture(engine, subject.fixtures, 'echo', {
          memoryLimitBytes: 16 * 1024 * 1024,
        });
        await callOk(echo, 'echo', utf8('x'));
        const bytes = echo.memoryBytes();
        expect(bytes).toBeGreaterThan(0);
        expect(bytes % 65_536).toBe(0);
        expect(bytes).toBeLessThanOrEqual(16 * 1024 * 1024);
      }),
  },
];
