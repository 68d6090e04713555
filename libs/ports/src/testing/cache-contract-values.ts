import { expect } from 'vitest';
import type { CacheValue } from '../cache-value.js';
import type { ContractCase } from './contract-case.js';
import { withCache, type CacheFactory } from './cache-factory.js';
import { uniquePluginId } from './unique-plugin-id.js';

const MINUTE = 60_000;

/** Asserts an exact round trip, comparing floats with `Object.is` so -0 and NaN count. */
async function expectRoundTrip(factory: CacheFactory, values: readonly CacheValue[]): Promise<void> {
  await withCache(factory, async (cache) => {
    const pluginId = uniquePluginId('values');
    for (const [i, value] of values.entries()) {
      await cache.set(pluginId, `k${i}`, value, MINUTE);
    }
    for (const [i, value] of values.entries()) {
      const got = await cache.get(pluginId, `k${i}`);
      expect(got?.type, `type of value #${i}`).toBe(value.type);
      if (value.type === 'bytes' && got?.type === 'bytes') {
        expect(firstDifference(got.value, value.value), `bytes #${i}: first differing index`).toBe(-1);
      } else if (value.type === 'float') {
        expect(
          Object.is(got?.value, value.value),
          `float #${i}: ${String(got?.value)} vs ${value.value}`,
        ).toBe(true);
      } else {
        expect(got?.value, `value #${i}`).toEqual(value.value);
      }
    }
  });
}

/** -1 when equal; otherwise the first index that differs (or the shorter length). Faster than deep equality on 1 MiB. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

function bytesOf(length: number, at: (i: number) => number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = at(i);
  return bytes;
}

/** Cases about what a value is: types, exactness, copies. */
export const cacheValueCases: ContractCase<CacheFactory>[] = [
  {
    name: 'strings round-trip, including empty and non-ASCII',
    run: (factory) =>
      expectRoundTrip(factory, [
        { type: 'string', value: 'hello' },
        { type: 'string', value: '' },
        { type: 'string', value: 'héllo wörld ✓ 日本語 🎶' },
        { type: 'string', value: 'line\nbreak\u0000nul' },
      ]),
  },
  {
    name: 'int64 is exact over its full range',
    run: (factory) =>
      expectRoundTrip(factory, [
        { type: 'int', value: 0n },
        { type: 'int', value: -1n },
        { type: 'int', value: 2n ** 63n - 1n },
        { type: 'int', value: -(2n ** 63n) },
        { type: 'int', value: 2n ** 53n + 1n },
      ]),
  },
  {
    name: 'floats are exact (0.1+0.2, -0, 1e308, subnormal, ±Infinity, NaN)',
    run: (factory) =>
      expectRoundTrip(factory, [
        { type: 'float', value: 0.1 + 0.2 },
        { type: 'float', value: -0 },
        { type: 'float', value: 1e308 },
        { type: 'float', value: Number.MIN_VALUE },
        { type: 'float', value: Infinity },
        { type: 'float', value: -Infinity },
        { type: 'float', value: NaN },
        { type: 'float', value: 3 },
      ]),
  },
  {
    name: 'bytes are exact: empty, zeros, every byte value, 1 MiB',
    run: (factory) =>
      expectRoundTrip(factory, [
        { type: 'bytes', value: new Uint8Array(0) },
        { type: 'bytes', value: new Uint8Array(16) },
        { type: 'bytes', value: bytesOf(256, (i) => i) },
        { type: 'bytes', value: bytesOf(1 << 20, (i) => (i * 31 + 7) & 0xff) },
      ]),
  },
  {
    name: 'a value keeps the type it was stored as',
    run: (factory) =>
      withCache(factory, async (cache) => {
        const pluginId = uniquePluginId('types');
        await cache.set(pluginId, 'n', { type: 'string', value: '42' }, MINUTE);
        await cache.set(pluginId, 'i', { type: 'int', value: 42n }, MINUTE);
        await cache.set(pluginId, 'f', { type: 'float', value: 42 }, MINUTE);
        await cache.set(pluginId, 'b', { type: 'bytes', value: new TextEncoder().encode('42') }, MINUTE);
        expect(await cache.get(pluginId, 'n')).toEqual({ type: 'string', value: '42' });
        expect(await cache.get(pluginId, 'i')).toEqual({ type: 'int', value: 42n });
        expect(await cache.get(pluginId, 'f')).toEqual({ type: 'float', value: 42 });
        expect(await cache.get(pluginId, 'b')).toEqual({
          type: 'bytes',
          value: new TextEncoder().encode('42'),
        });
        // A Get of another type answers exists:false: the caller can only do so if the real type comes back.
        expect((await cache.get(pluginId, 'n'))?.type).not.toBe('int');
        expect(await cache.has(pluginId, 'i')).toBe(true);
      }),
  },
  {
    name: 'overwriting a key replaces its value and type',
    run: (factory) =>
      withCache(factory, async (cache) => {
        const pluginId = uniquePluginId('overwrite');
        await cache.set(pluginId, 'k', { type: 'int', value: 7n }, MINUTE);
        await cache.set(pluginId, 'k', { type: 'string', value: 'seven' }, MINUTE);
        expect(await cache.get(pluginId, 'k')).toEqual({ type: 'string', value: 'seven' });
        await cache.set(pluginId, 'k', { type: 'float', value: 7.5 }, MINUTE);
        expect(await cache.get(pluginId, 'k')).toEqual({ type: 'float', value: 7.5 });
      }),
  },
  {
    name: 'stored bytes are a copy of the caller’s array',
    run: (factory) =>
      withCache(factory, async (cache) => {
        const pluginId = uniquePluginId('copy');
        const original = new Uint8Array([1, 2, 3]);
        await cache.set(pluginId, 'b', { type: 'bytes', value: original }, MINUTE);
        original[0] = 99;
        const first = await cache.get(pluginId, 'b');
        expect(first).toEqual({ type: 'bytes', value: new Uint8Array([1, 2, 3]) });
        if (first?.type === 'bytes') first.value[1] = 99;
        expect(await cache.get(pluginId, 'b')).toEqual({ type: 'bytes', value: new Uint8Array([1, 2, 3]) });
      }),
  },
];
