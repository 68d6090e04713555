// Behaviours the engine contract does not reach but the Extism SDK 1.0.3 gets wrong on its own: imports of newer
// PDKs, vars across the per-call reset (past the 16,384-call block limit), `output_set` lengths.
import { PluginLogLevel, type InstanceOptions, type PluginInstance } from '@ndp/ports';
import { RecordingPluginLogger } from '@ndp/ports/testing';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWat } from '../../../tools/wasm-build.mjs';
import { ExtismEngine } from './extism-engine.js';

const GUEST = `(module
  (import "extism:host/env" "get_log_level" (func $get_log_level (result i32)))
  (import "extism:host/env" "log_trace" (func $log_trace (param i64)))
  (import "extism:host/env" "http_headers" (func $http_headers (result i64)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
  (import "extism:host/env" "var_get" (func $var_get (param i64) (result i64)))
  (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 1)
  (func $byte (param $b i32) (result i64) (local $h i64)
    (local.set $h (call $alloc (i64.const 1)))
    (call $store_u8 (local.get $h) (local.get $b))
    (local.get $h))
  (func (export "level") (result i32)
    (call $log_trace (call $byte (i32.const 116)))
    (drop (call $http_headers))
    (call $output_set (call $byte (call $get_log_level)) (i64.const 1))
    (i32.const 0))
  (func (export "bump") (result i32) (local $key i64) (local $v i64) (local $n i32) (local $out i64)
    (local.set $key (call $byte (i32.const 110)))
    (local.set $v (call $var_get (local.get $key)))
    (if (i64.ne (local.get $v) (i64.const 0)) (then (local.set $n (call $load_u8 (local.get $v)))))
    (local.set $out (call $byte (i32.and (i32.add (local.get $n) (i32.const 1)) (i32.const 255))))
    (call $var_set (local.get $key) (local.get $out))
    (call $output_set (local.get $out) (i64.const 1))
    (i32.const 0))
  (func (export "short_output") (result i32)
    (call $output_set (call $alloc (i64.const 16)) (i64.const 3))
    (i32.const 0)))`;

const MiB = 1024 * 1024;
const NO_INPUT = new Uint8Array(0);
const CALL = { timeoutMs: 10_000 };

describe('Extism engine beyond the contract', () => {
  const engine = new ExtismEngine();
  let wasm: Uint8Array;

  beforeAll(async () => {
    wasm = new Uint8Array(readFileSync(await buildWat('extism-engine-sdk-gaps', GUEST)));
  });
  afterAll(() => engine.close());

  async function load(overrides: Partial<InstanceOptions> = {}): Promise<PluginInstance> {
    const plugin = await engine.compile(wasm, { pluginId: 'gaps', memoryLimitBytes: 16 * MiB });
    return engine.instantiate(plugin, {
      pluginId: 'gaps',
      config: {},
      hostFunctions: {},
      logger: new RecordingPluginLogger(),
      logLevel: PluginLogLevel.info,
      memoryLimitBytes: 16 * MiB,
      ...overrides,
    });
  }

  it('links get_log_level, log_trace and http_headers, which 1.0.3 lacks, and honours the level', async () => {
    const logger = new RecordingPluginLogger();
    const trace = await load({ logger, logLevel: PluginLogLevel.trace });
    expect(await trace.call('level', NO_INPUT, CALL)).toEqual({ ok: true, output: new Uint8Array([0]) });
    expect(logger.lines).toEqual([{ level: 'trace', message: 't' }]);
    const quiet = new RecordingPluginLogger();
    const warn = await load({ logger: quiet, logLevel: PluginLogLevel.warn });
    expect(await warn.call('level', NO_INPUT, CALL)).toEqual({ ok: true, output: new Uint8Array([3]) });
    expect(quiet.lines).toEqual([]);
  });

  it('keeps vars across calls, past the 16,384-call block limit of 1.0.3', async () => {
    const instance = await load();
    for (let i = 1; i <= 17_000; i++) {
      const result = await instance.call('bump', NO_INPUT, CALL);
      const expected = { ok: true, output: new Uint8Array([i % 256]) };
      if (JSON.stringify(result) !== JSON.stringify(expected)) expect(result, `call #${i}`).toEqual(expected);
    }
  });

  it('answers the length given to output_set, not the whole block', async () => {
    const instance = await load();
    expect(await instance.call('short_output', NO_INPUT, CALL)).toEqual({
      ok: true,
      output: new Uint8Array(3),
    });
  });
});
