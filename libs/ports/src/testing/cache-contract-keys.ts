import { expect } from 'vitest';
import type { ContractCase } from './contract-case.js';
import { withCache, type CacheFactory } from './cache-factory.js';
import { uniquePluginId } from './unique-plugin-id.js';
import { sleep, waitFor } from './wait.js';

const MINUTE = 60_000;
const str = (value: string) => ({ type: 'string', value }) as const;

/** Cases about keys: presence, removal, namespaces, expiry, close. */
export const cacheKeyCases: ContractCase<CacheFactory>[] = [
  {
    name: 'a missing key reads as absent',
    run: (factory) =>
      withCache(factory, async (cache) => {
        const pluginId = uniquePluginId('missing');
        expect(await cache.get(pluginId, 'nope')).toBeUndefined();
        expect(await cache.has(pluginId, 'nope')).toBe(false);
        expect(await cache.remove(pluginId, 'nope')).toBe(false);
      }),
  },
  {
    name: 'has and remove: remove answers true once, then false',
    run: (factory) =>
      withCache(factory, async (cache) => {
        const pluginId = uniquePluginId('remove');
        await cache.set(pluginId, 'k', { type: 'int', value: 1n }, MINUTE);
        expect(await cache.has(pluginId, 'k')).toBe(true);
        expect(await cache.remove(pluginId, 'k')).toBe(true);
        expect(await cache.has(pluginId, 'k')).toBe(false);
        expect(await cache.get(pluginId, 'k')).toBeUndefined();
        expect(await cache.remove(pluginId, 'k')).toBe(false);
      }),
  },
  {
    name: 'non-ASCII keys and keys with separators are distinct keys',
    run: (factory) =>
      withCache(factory, async (cache) => {
        const pluginId = uniquePluginId('keys');
        const keys = ['ключ', '🎵', 'a:b', 'a', 'b', 'a:b:c', '', ' a', 'a*', '*'];
        for (const key of keys) await cache.set(pluginId, key, str(`value of ${key}`), MINUTE);
        for (const key of keys)
          expect(await cache.get(pluginId, key), `key ${JSON.stringify(key)}`).toEqual(
            str(`value of ${key}`),
          );
      }),
  },
  {
    name: 'plugins have separate namespaces for the same key',
    run: (factory) =>
      withCache(factory, async (cache) => {
        const a = uniquePluginId('ns-a');
        const b = uniquePluginId('ns-b');
        await cache.set(a, 'shared', str('from a'), MINUTE);
        expect(await cache.has(b, 'shared')).toBe(false);
        await cache.set(b, 'shared', str('from b'), MINUTE);
        expect(await cache.get(a, 'shared')).toEqual(str('from a'));
        expect(await cache.get(b, 'shared')).toEqual(str('from b'));
        expect(await cache.remove(a, 'shared')).toBe(true);
        expect(await cache.get(b, 'shared')).toEqual(str('from b'));
      }),
  },
  {
    name: 'clear removes one plugin’s keys only (not a plugin whose id it prefixes)',
    run: (factory) =>
      withCache(factory, async (cache) => {
        const p = uniquePluginId('clear');
        const p2 = `${p}2`;
        await cache.set(p, 'one', str('1'), MINUTE);
        await cache.set(p, 'two', { type: 'bytes', value: new Uint8Array([2]) }, MINUTE);
        await cache.set(p2, 'one', str('other plugin'), MINUTE);
        await cache.clear(p);
        expect(await cache.has(p, 'one')).toBe(false);
        expect(await cache.has(p, 'two')).toBe(false);
        expect(await cache.get(p2, 'one')).toEqual(str('other plugin'));
        await cache.set(p, 'one', str('again'), MINUTE);
        expect(await cache.get(p, 'one')).toEqual(str('again'));
      }),
  },
  {
    name: 'a value expires after its ttl',
    run: (factory) =>
      withCache(factory, async (cache) => {
        const pluginId = uniquePluginId('ttl');
        const setAt = Date.now();
        await cache.set(pluginId, 'short', str('soon gone'), 150);
        await cache.set(pluginId, 'long', str('stays'), MINUTE);
        const early = await cache.get(pluginId, 'short');
        if (Date.now() - setAt < 100) expect(early).toEqual(str('soon gone'));
        await waitFor(async () => (await cache.get(pluginId, 'short')) === undefined, {
          timeoutMs: 1_500,
          what: 'the 150 ms value to expire',
        });
        expect(Date.now() - setAt).toBeGreaterThanOrEqual(140);
        expect(await cache.has(pluginId, 'short')).toBe(false);
        expect(await cache.get(pluginId, 'long')).toEqual(str('stays'));
      }),
  },
  {
    name: 'expiry is fixed at set time: reads do not extend it',
    run: (factory) =>
      withCache(factory, async (cache) => {
        const pluginId = uniquePluginId('sliding');
        await cache.set(pluginId, 'k', str('v'), 200);
        // Reading every 25 ms would keep a sliding entry alive for ever; a fixed one still dies at ~200 ms.
        let reads = 0;
        await waitFor(
          async () => {
            reads++;
            return reads % 2 === 0
              ? !(await cache.has(pluginId, 'k'))
              : (await cache.get(pluginId, 'k')) === undefined;
          },
          { timeoutMs: 1_500, intervalMs: 25, what: 'the value to expire while it is being read' },
        );
      }),
  },
  {
    name: 'setting a key again restarts its expiry from the new ttl',
    run: (factory) =>
      withCache(factory, async (cache) => {
        const pluginId = uniquePluginId('reset');
        await cache.set(pluginId, 'k', str('old'), 150);
        await cache.set(pluginId, 'k', str('new'), MINUTE);
        await sleep(300);
        expect(await cache.get(pluginId, 'k')).toEqual(str('new'));
      }),
  },
  {
    name: 'close resolves and can be called twice',
    run: async (factory) => {
      const cache = await factory();
      await cache.set(uniquePluginId('close'), 'k', str('v'), MINUTE);
      await cache.close();
      await expect(cache.close()).resolves.toBeUndefined();
    },
  },
];
