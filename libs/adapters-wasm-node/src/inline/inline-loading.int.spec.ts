import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceOptions, PluginInstance } from '@ndp/ports';
import { watFixture } from '../../../../tools/fixtures/index.mjs';
import { buildWat } from '../../../../tools/wasm-build.mjs';
import { NodeEngine, type NodeEngineOptions } from '../node-engine.js';

const MiB = 1024 * 1024;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/**
 * An Extism guest that echoes its host function's answer, padded with `filler` functions that each loop and call
 * the next, so the inline transform (asyncify above all) has real work: hundreds of ms, on any machine, where a
 * fixture module takes a few. `nonce` makes each test's module its own, so no test finds another's transform in
 * the process memo.
 */
function bigGuestWat(nonce: number, filler: number): string {
  const fns: string[] = [];
  for (let i = 0; i < filler; i++) {
    const next = i + 1 < filler ? `(call $f${i + 1} (local.get $x))` : `(local.get $x)`;
    fns.push(`(func $f${i} (param $x i32) (result i32) (local $i i32)
    (loop $l (local.set $i (i32.add (local.get $i) (i32.const ${(i % 7) + 1})))
      (br_if $l (i32.lt_u (local.get $i) (local.get $x))))
    (if (result i32) (i32.eqz (local.get $x)) (then (local.get $i)) (else ${next})))`);
  }
  return `(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/user" "test_echo" (func $echo (param i64) (result i64)))
  (memory (export "memory") 1)
  (global (export "nonce") i32 (i32.const ${nonce}))
  ${fns.join('\n  ')}
  (func (export "run") (result i32) (local $n i64) (local $h i64) (local $i i64)
    (local.set $n (call $input_length))
    (local.set $h (call $alloc (local.get $n)))
    (loop $copy (if (i64.lt_u (local.get $i) (local.get $n)) (then
      (call $store_u8 (i64.add (local.get $h) (local.get $i)) (call $input_load_u8 (local.get $i)))
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br $copy))))
    (local.set $h (call $echo (local.get $h)))
    (call $output_set (local.get $h) (call $length (local.get $h)))
    (drop (call $f0 (i32.const 0)))
    (i32.const 0)))`;
}

const engines: NodeEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

function newEngine(options: NodeEngineOptions = {}): NodeEngine {
  const engine = new NodeEngine({ workers: 1, executor: 'inline', ...options });
  engines.push(engine);
  return engine;
}

type Executed = PluginInstance & { readonly executor?: string };

function instanceOptions(warnings: string[], hostCalls: { count: number }): InstanceOptions {
  const ignore = (): void => undefined;
  return {
    pluginId: 'loading-test',
    config: {},
    hostFunctions: { test_echo: (r) => (hostCalls.count++, r.slice().reverse()) },
    logger: { trace: ignore, debug: ignore, info: ignore, warn: (m) => warnings.push(m), error: ignore },
    logLevel: 2,
    memoryLimitBytes: 16 * MiB,
  };
}

/** Enough functions for a transform of several hundred ms here (~1 ms each with yielding). */
const FILLER = 200;

async function bigGuest(nonce: number): Promise<Uint8Array> {
  return new Uint8Array(readFileSync(await buildWat(`inline-loading-${nonce}`, bigGuestWat(nonce, FILLER))));
}

describe('inline executor: loading', () => {
  it('compile returns before the transform ends; early instances run on workers, later ones inline', async () => {
    const wasm = await bigGuest(1);
    const engine = newEngine();
    const warnings: string[] = [];
    const hostCalls = { count: 0 };
    const o = instanceOptions(warnings, hostCalls);
    const plugin = await engine.compile(wasm, { pluginId: o.pluginId, memoryLimitBytes: o.memoryLimitBytes });
    const early = (await engine.instantiate(plugin, o)) as Executed;
    expect(early.executor).toBe('worker');
    const first = await early.call('run', utf8('abc'), { timeoutMs: 10_000 });
    expect(first.ok && text(first.output)).toBe('cba');

    expect(await engine.whenInline(plugin)).toBe(true);
    const late = (await engine.instantiate(plugin, o)) as Executed;
    expect(late.executor).toBe('inline');
    const before = hostCalls.count;
    const pending = late.call('run', utf8('xyz'), { timeoutMs: 10_000 });
    // On the calling thread the host function has run before call() returns.
    expect(hostCalls.count).toBe(before + 1);
    const second = await pending;
    expect(second.ok && text(second.output)).toBe('zyx');
    // The instance made before the switch keeps serving from its worker.
    const third = await early.call('run', utf8('12'), { timeoutMs: 10_000 });
    expect(third.ok && text(third.output)).toBe('21');
    expect(warnings).toEqual([]);

    // Another engine of this process finds the finished transform: its first instance already runs inline.
    const next = newEngine();
    const again = await next.compile(wasm, { pluginId: o.pluginId, memoryLimitBytes: o.memoryLimitBytes });
    expect(((await next.instantiate(again, o)) as Executed).executor).toBe('inline');
  });

  it('awaitInline makes the very first instance run inline', async () => {
    const engine = newEngine({ awaitInline: true });
    const o = instanceOptions([], { count: 0 });
    const plugin = await engine.compile(await bigGuest(2), {
      pluginId: o.pluginId,
      memoryLimitBytes: o.memoryLimitBytes,
    });
    expect(((await engine.instantiate(plugin, o)) as Executed).executor).toBe('inline');
  });

  it('the transform never runs on the calling thread: the event loop keeps ticking through it', async () => {
    const wasm = await bigGuest(3);
    const engine = newEngine({ yieldSliceMs: 5 });
    let ticks = 0;
    let last = performance.now();
    let maxGapMs = 0;
    const probe = setInterval(() => {
      const now = performance.now();
      maxGapMs = Math.max(maxGapMs, now - last);
      last = now;
      ticks++;
    }, 5);
    const started = performance.now();
    let transformMs: number;
    try {
      const plugin = await engine.compile(wasm, { pluginId: 'probe', memoryLimitBytes: 16 * MiB });
      expect(await engine.whenInline(plugin)).toBe(true);
      transformMs = performance.now() - started;
    } finally {
      clearInterval(probe);
    }
    // Meaningful only if the transform took long enough to have blocked the loop visibly had it run here.
    expect(transformMs).toBeGreaterThan(250);
    expect(maxGapMs, `longest event-loop gap during a ${Math.round(transformMs)} ms transform`).toBeLessThan(
      Math.min(150, transformMs / 2),
    );
    expect(ticks).toBeGreaterThan(transformMs / 5 / 4);
  });
});

describe('inline executor: modules it cannot transform', () => {
  it('an already asyncified module (as TinyGo builds) runs on workers, and the log says why in words', async () => {
    const wasm = await watFixture('asyncified');
    const engine = newEngine({ awaitInline: true });
    const warnings: string[] = [];
    const o = instanceOptions(warnings, { count: 0 });
    const plugin = await engine.compile(wasm, { pluginId: o.pluginId, memoryLimitBytes: o.memoryLimitBytes });
    expect(await engine.whenInline(plugin)).toBe(false);
    const instance = (await engine.instantiate(plugin, o)) as Executed;
    expect(instance.executor).toBe('worker');
    const result = await instance.call('run', new Uint8Array(0), { timeoutMs: 10_000 });
    expect(result.ok && text(result.output)).toBe('ok');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('runs on the worker executor');
    expect(warnings[0]).toContain('already asyncified (it exports asyncify_start_unwind');
    expect(warnings[0]).not.toContain('[object Object]');
  });
});
