import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NdpError } from '@ndp/domain';
import type { InstanceOptions, PluginInstance } from '@ndp/ports';
import type { EngineFixtureName } from '@ndp/ports/testing';
import { engineContractFixtures } from '../../../tools/fixtures/engine/index.mjs';
import { watFixture } from '../../../tools/fixtures/index.mjs';
import { NodeEngine } from './node-engine.js';

const MiB = 1024 * 1024;
const encode = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

function options(overrides: Partial<InstanceOptions> = {}): InstanceOptions & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (m: string) => lines.push(`${level}: ${m}`);
  return {
    pluginId: 'fixture',
    config: {},
    hostFunctions: {},
    logger: {
      trace: log('trace'),
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
    },
    logLevel: 0,
    memoryLimitBytes: 16 * MiB,
    lines,
    ...overrides,
  };
}

// What the engine contract (libs/ports/src/testing, run on every engine setup) does not cover: the worker
// executor serving other instances while one spins, an output above the default cap where the option allows it,
// and the WASI shim's details (stdout/stderr to the logger, randomness, the clock, files refused).
describe('NodeEngine beyond the engine contract', () => {
  let engine: NodeEngine;
  beforeAll(() => {
    engine = new NodeEngine({ workers: 2, executor: 'worker' });
  });
  afterAll(async () => {
    await engine.close();
  });

  async function instance(fixture: string, o = options()): Promise<PluginInstance> {
    // The engine contract's fixtures, and the Node-engine-only WAT module `wasi_hello`.
    const bytes =
      fixture === 'wasi_hello'
        ? await watFixture(fixture)
        : await engineContractFixtures.wasm(fixture as EngineFixtureName);
    const compiled = await engine.compile(bytes, {
      pluginId: o.pluginId,
      memoryLimitBytes: o.memoryLimitBytes,
    });
    return engine.instantiate(compiled, o);
  }

  it('stops a guest that loops forever at its deadline and keeps serving', async () => {
    const spinning = await instance('loop_forever');
    const echo = await instance('echo');
    const started = Date.now();
    const spin = spinning.call('loop_forever', new Uint8Array(0), { timeoutMs: 300 });
    const others = Array.from({ length: 50 }, (_, n) =>
      echo.call('echo', encode(`n${n}`), { timeoutMs: 10_000 }),
    );
    await expect(spin).rejects.toSatisfy((e) => NdpError.is(e, 'GUEST_TIMEOUT'));
    expect(Date.now() - started).toBeLessThan(5_000);
    const results = await Promise.all(others);
    expect(results.map((r) => (r.ok ? decode(r.output) : r.error))).toEqual(
      Array.from({ length: 50 }, (_, n) => `n${n}`),
    );
    expect(spinning.broken).toBe(true);
  });

  it('returns a 64 MiB output where maxOutputBytes allows it; the default 16 MiB cap refuses it', async () => {
    const i = await instance(
      'huge_output',
      options({ memoryLimitBytes: 128 * MiB, maxOutputBytes: 64 * MiB }),
    );
    const size = encode(String(64 * MiB));
    const r = await i.call('huge_output', size, { timeoutMs: 30_000 });
    expect(r.ok && r.output.length).toBe(64 * MiB);
    expect(r.ok && r.output[64 * MiB - 1]).toBe((64 * MiB - 1) % 251);
    const capped = await instance('huge_output', options({ memoryLimitBytes: 128 * MiB }));
    await expect(capped.call('huge_output', size, { timeoutMs: 30_000 })).rejects.toSatisfy((e) =>
      NdpError.is(e, 'GUEST_OUTPUT_TOO_LARGE'),
    );
    expect(capped.broken).toBe(false);
  });

  it('runs WASI guests with output to the logger, real randomness and proc_exit as GUEST_EXIT', async () => {
    const o = options();
    const i = await instance('wasi_hello', o);
    expect((await i.call('run', new Uint8Array(0), { timeoutMs: 5000 })).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(o.lines).toEqual(['info: hello from wasi', 'info: second line', 'warn: oops']);
    const a = await i.call('random', new Uint8Array(0), { timeoutMs: 5000 });
    const b = await i.call('random', new Uint8Array(0), { timeoutMs: 5000 });
    expect(a.ok && b.ok && Buffer.compare(a.output, b.output)).not.toBe(0);
    const clock = await i.call('clock', new Uint8Array(0), { timeoutMs: 5000 });
    const ns = clock.ok ? Buffer.from(clock.output).readBigUInt64LE(0) : 0n;
    expect(Number(ns / 1_000_000n)).toBeGreaterThan(Date.now() - 60_000);
    const open = await i.call('open', new Uint8Array(0), { timeoutMs: 5000 });
    expect(open.ok && Buffer.from(open.output).readUInt32LE(0)).toBe(52);
    await expect(i.call('exit', new Uint8Array(0), { timeoutMs: 5000 })).rejects.toSatisfy((e) =>
      NdpError.is(e, 'GUEST_EXIT'),
    );
  });
});
