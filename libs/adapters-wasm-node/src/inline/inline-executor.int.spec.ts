import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { NdpError } from '@ndp/domain';
import type {
  HostFunctions,
  InstanceOptions,
  ModuleCache,
  ModuleCacheEntry,
  PluginInstance,
} from '@ndp/ports';
import { engineContractFixtures } from '../../../../tools/fixtures/engine/index.mjs';
import { buildWat } from '../../../../tools/wasm-build.mjs';
import { NodeEngine, type NodeEngineOptions } from '../node-engine.js';

const MiB = 1024 * 1024;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const reversed = (b: Uint8Array): Uint8Array => b.slice().reverse();

/** Writes a pattern where asyncify's header and frames go (memory offset 0 of a 1-page memory), suspends, reads it. */
const TOP_OF_MEMORY_WAT = `(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/user" "test_echo" (func $echo (param i64) (result i64)))
  (memory (export "memory") 1 1)
  (func (export "run") (result i32) (local $h i64) (local $i i32)
    (loop $fill
      (i64.store (local.get $i) (i64.extend_i32_u (i32.add (local.get $i) (i32.const 0x5a000000))))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 256))))
    (drop (call $echo (i64.const 0)))
    (local.set $h (call $alloc (i64.const 256)))
    (local.set $i (i32.const 0))
    (loop $copy
      (call $store_u64 (i64.add (local.get $h) (i64.extend_i32_u (local.get $i))) (i64.load (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $copy (i32.lt_u (local.get $i) (i32.const 256))))
    (call $output_set (local.get $h) (i64.const 256))
    (i32.const 0)))`;

/** No linear memory: asyncify has nowhere to keep frames, so the transform rejects it. */
const NO_MEMORY_WAT = `(module
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (func (export "run") (result i32) (call $output_set (i64.const 0) (i64.const 0)) (i32.const 0)))`;

function instanceOptions(overrides: Partial<InstanceOptions> = {}): InstanceOptions & { warnings: string[] } {
  const warnings: string[] = [];
  const ignore = (): void => undefined;
  return {
    pluginId: 'inline-test',
    config: {},
    hostFunctions: {},
    logger: { trace: ignore, debug: ignore, info: ignore, warn: (m) => warnings.push(m), error: ignore },
    logLevel: 2,
    memoryLimitBytes: 16 * MiB,
    warnings,
    ...overrides,
  };
}

const engines: NodeEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

function newEngine(options: NodeEngineOptions = {}): NodeEngine {
  const engine = new NodeEngine({ workers: 1, executor: 'inline', awaitInline: true, ...options });
  engines.push(engine);
  return engine;
}

async function load(
  engine: NodeEngine,
  wasm: Uint8Array,
  overrides: Partial<InstanceOptions> = {},
): Promise<PluginInstance & { warnings: string[] }> {
  const o = instanceOptions(overrides);
  const plugin = await engine.compile(wasm, { pluginId: o.pluginId, memoryLimitBytes: o.memoryLimitBytes });
  const instance = await engine.instantiate(plugin, o);
  return Object.assign(instance, { warnings: o.warnings });
}

const hostEcho = () => engineContractFixtures.wasm('host_echo');
const core = () => engineContractFixtures.wasm('core' as 'echo');

/** Measures the longest gap between ticks of a 1 ms interval while `body` runs. */
async function longestStall(body: () => Promise<unknown>): Promise<{ ticks: number; maxGapMs: number }> {
  let ticks = 0;
  let last = performance.now();
  let maxGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    ticks++;
  }, 1);
  try {
    await body();
  } finally {
    clearInterval(timer);
  }
  return { ticks, maxGapMs };
}

describe('inline executor', () => {
  it('runs the guest on the calling thread: a sync host function runs before call() returns', async () => {
    const engine = newEngine();
    let calledDuringCall = false;
    const instance = await load(engine, await hostEcho(), {
      hostFunctions: { test_echo: (r) => ((calledDuringCall = true), reversed(r)) },
    });
    const pending = instance.call('host_echo', utf8('abc'), { timeoutMs: 1_000 });
    expect(calledDuringCall).toBe(true);
    const result = await pending;
    expect(result.ok && text(result.output)).toBe('cba');
    expect(instance.warnings).toEqual([]);
  });

  it('with the worker executor chosen per plugin, the same call leaves the thread', async () => {
    const engine = newEngine({ executorFor: (id) => (id === 'off-thread' ? 'worker' : undefined) });
    let calledDuringCall = false;
    const instance = await load(engine, await hostEcho(), {
      pluginId: 'off-thread',
      hostFunctions: { test_echo: (r) => ((calledDuringCall = true), r) },
    });
    const pending = instance.call('host_echo', utf8('abc'), { timeoutMs: 5_000 });
    expect(calledDuringCall).toBe(false);
    await pending;
    expect(calledDuringCall).toBe(true);
  });

  it('keeps the event loop answering while a guest spins, and stops it at its deadline (yielding)', async () => {
    const server: Server = createServer((_req, res) => res.end('pong'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const engine = newEngine({ yieldSliceMs: 5 });
      const loop = await load(engine, await core());
      const started = performance.now();
      const spin = loop.call('loop_forever', new Uint8Array(0), { timeoutMs: 300 });
      const answer = await new Promise<string>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/' }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve(body));
        })
          .on('error', reject)
          .end();
      });
      const answeredAfter = performance.now() - started;
      expect(answer).toBe('pong');
      expect(answeredAfter, 'the server answered while the guest was still spinning').toBeLessThan(290);
      const error = await spin.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(NdpError.is(error, 'GUEST_TIMEOUT'), String(error)).toBe(true);
      expect(performance.now() - started).toBeGreaterThanOrEqual(295);
      expect(loop.broken).toBe(true);

      const again = await load(engine, await core());
      const stall = await longestStall(() =>
        again.call('loop_forever', new Uint8Array(0), { timeoutMs: 200 }).catch(() => undefined),
      );
      // A 200 ms loop that yields every 5 ms lets the 1 ms timer run many times; a loaded machine may schedule
      // this process only every few tens of ms, so the count asked for is small and the gap bound is what matters.
      expect(stall.ticks).toBeGreaterThan(3);
      expect(stall.maxGapMs).toBeLessThan(100);
    } finally {
      server.close();
    }
  });

  it('without yielding a spinning guest holds the event loop until its deadline', async () => {
    const engine = newEngine({ yieldSliceMs: 0 });
    const loop = await load(engine, await core());
    const stall = await longestStall(async () => {
      const error = await loop
        .call('loop_forever', new Uint8Array(0), { timeoutMs: 150 })
        .catch((e: unknown) => e);
      expect(NdpError.is(error, 'GUEST_TIMEOUT')).toBe(true);
    });
    expect(stall.ticks).toBeLessThan(5);
  });

  it('100 concurrent calls suspended on async host calls, resumed in shuffled order, all answer right', async () => {
    const engine = newEngine();
    const releases: (() => void)[] = [];
    const hostFunctions: HostFunctions = {
      test_echo: (request) =>
        new Promise<Uint8Array>((resolve) => releases.push(() => resolve(utf8(`<${text(request)}>`)))),
    };
    const wasm = await hostEcho();
    const instances = await Promise.all(
      Array.from({ length: 100 }, () => load(engine, wasm, { hostFunctions })),
    );
    const calls = instances.map((instance, i) =>
      instance.call('host_echo', utf8(`call ${i} ✓`), { timeoutMs: 10_000 }),
    );
    expect(releases).toHaveLength(100);
    // A fixed permutation (no randomness in tests): i * 37 mod 100 visits every index once.
    for (let k = 0; k < 100; k++) {
      releases[(k * 37) % 100]!();
      if (k % 7 === 0) await new Promise((r) => setImmediate(r));
    }
    const results = await Promise.all(calls);
    results.forEach((r, i) => {
      expect(r.ok && text(r.output)).toBe(`<call ${i} ✓>`);
    });
    // And a second call on each suspended-and-resumed instance still works.
    const second = instances[42]!.call('host_echo', utf8('again'), { timeoutMs: 10_000 });
    releases[100]!();
    const again = await second;
    expect(again.ok && text(again.output)).toBe('<again>');
  });

  it('an overlapping call on one instance is refused without harming the running call', async () => {
    const engine = newEngine();
    let release: () => void = () => undefined;
    const instance = await load(engine, await hostEcho(), {
      hostFunctions: { test_echo: (r) => new Promise((resolve) => (release = () => resolve(reversed(r)))) },
    });
    const first = instance.call('host_echo', utf8('xy'), { timeoutMs: 5_000 });
    const second = await instance
      .call('host_echo', utf8('zz'), { timeoutMs: 5_000 })
      .catch((e: unknown) => e);
    expect(NdpError.is(second, 'INTERNAL')).toBe(true);
    release();
    const result = await first;
    expect(result.ok && text(result.output)).toBe('yx');
    expect(instance.broken).toBe(false);
  });

  it('a host function rejecting while the guest is unwound traps that call only', async () => {
    const engine = newEngine();
    let reject: (e: Error) => void = () => undefined;
    const failing = await load(engine, await hostEcho(), {
      hostFunctions: { test_echo: () => new Promise((_resolve, r) => (reject = r)) },
    });
    const call = failing.call('host_echo', utf8('x'), { timeoutMs: 5_000 });
    await new Promise((r) => setImmediate(r));
    reject(new Error('upstream down'));
    const error = await call.catch((e: unknown) => e);
    expect(NdpError.is(error, 'GUEST_TRAP'), String(error)).toBe(true);
    expect(String((error as Error).message)).toContain('upstream down');
    expect(failing.broken).toBe(true);
    const healthy = await load(engine, await hostEcho(), {
      hostFunctions: { test_echo: async (r) => reversed(r) },
    });
    const ok = await healthy.call('host_echo', utf8('ok'), { timeoutMs: 5_000 });
    expect(ok.ok && text(ok.output)).toBe('ko');
  });

  it('guest memory where asyncify keeps its frames is the same after a suspension', async () => {
    const engine = newEngine();
    const wasm = new Uint8Array(readFileSync(await buildWat('inline-top-of-memory', TOP_OF_MEMORY_WAT)));
    const instance = await load(engine, wasm, {
      hostFunctions: {
        test_echo: async () => (await new Promise((r) => setTimeout(r, 5)), new Uint8Array(0)),
      },
    });
    const result = await instance.call('run', new Uint8Array(0), { timeoutMs: 5_000 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const view = new DataView(result.output.buffer, result.output.byteOffset, result.output.byteLength);
    for (let i = 0; i < 256; i += 8)
      expect(view.getBigUint64(i, true), `offset ${i}`).toBe(BigInt(0x5a000000 + i));
    expect(instance.warnings).toEqual([]);
  });

  it('a module the transform rejects runs on the worker executor, with one warning', async () => {
    const engine = newEngine();
    const wasm = new Uint8Array(readFileSync(await buildWat('inline-no-memory', NO_MEMORY_WAT)));
    const first = await load(engine, wasm);
    const second = await load(engine, wasm);
    expect((await first.call('run', new Uint8Array(0), { timeoutMs: 5_000 })).ok).toBe(true);
    expect((await second.call('run', new Uint8Array(0), { timeoutMs: 5_000 })).ok).toBe(true);
    expect(first.warnings).toHaveLength(1);
    expect(first.warnings[0]).toMatch(/worker executor.*no linear memory/);
    expect(second.warnings).toEqual([]);
  });

  it('keeps the transformed module in the module cache and uses it on the next start', async () => {
    const store = new Map<string, ModuleCacheEntry>();
    const gets: string[] = [];
    const moduleCache: ModuleCache = {
      get: async (hash, variant) => (gets.push(variant), store.get(`${hash}/${variant}`)),
      put: async (hash, variant, entry) => void store.set(`${hash}/${variant}`, entry),
      purge: async () => ({ removedEntries: 0, freedBytes: 0 }),
    };
    const wasm = await hostEcho();
    const first = await load(newEngine({ moduleCache }), wasm, { hostFunctions: { test_echo: reversed } });
    expect([...store.keys()].some((k) => k.endsWith('/inline-v1-yield-256p-100000t'))).toBe(true);
    const second = await load(newEngine({ moduleCache }), wasm, { hostFunctions: { test_echo: reversed } });
    expect(gets.filter((v) => v === 'inline-v1-yield-256p-100000t')).toHaveLength(2);
    for (const instance of [first, second]) {
      const r = await instance.call('host_echo', utf8('12'), { timeoutMs: 5_000 });
      expect(r.ok && text(r.output)).toBe('21');
    }
  });
});
