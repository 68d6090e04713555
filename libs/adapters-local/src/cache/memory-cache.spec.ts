import { afterEach, describe, expect, it } from 'vitest';
import { describeCacheContract } from '@ndp/ports/testing';
import { entrySize } from './entry-size.js';
import { MemoryCache } from './memory-cache.js';

describeCacheContract('memory', () => new MemoryCache({ maxEntries: 1_000 }));

const MINUTE = 60_000;
const str = (value: string) => ({ type: 'string', value }) as const;

class FakeClock {
  time = 1_000_000;
  now(): number {
    return this.time;
  }
}

describe('MemoryCache bounds and expiry', () => {
  const opened: MemoryCache[] = [];
  const open = (options: ConstructorParameters<typeof MemoryCache>[0]) => {
    const cache = new MemoryCache({ sweepIntervalMs: 0, ...options });
    opened.push(cache);
    return cache;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
  });

  it('evicts the least recently used entry when the entry count is exceeded, across plugins', async () => {
    const cache = open({ maxEntries: 3 });
    await cache.set('a', 'one', str('1'), MINUTE);
    await cache.set('b', 'two', str('2'), MINUTE);
    await cache.set('a', 'three', str('3'), MINUTE);
    expect(await cache.get('a', 'one')).toEqual(str('1')); // now 'b/two' is the least recently used
    await cache.set('c', 'four', str('4'), MINUTE);
    expect(cache.size).toBe(3);
    expect(await cache.has('b', 'two')).toBe(false);
    expect(await cache.has('a', 'one')).toBe(true);
    expect(await cache.has('a', 'three')).toBe(true);
    expect(await cache.has('c', 'four')).toBe(true);
  });

  it('has does not count as a use', async () => {
    const cache = open({ maxEntries: 2 });
    await cache.set('p', 'old', str('1'), MINUTE);
    await cache.set('p', 'new', str('2'), MINUTE);
    expect(await cache.has('p', 'old')).toBe(true);
    await cache.set('p', 'newest', str('3'), MINUTE);
    expect(await cache.has('p', 'old')).toBe(false);
    expect(await cache.has('p', 'new')).toBe(true);
  });

  it('evicts least recently used entries until the byte bound holds', async () => {
    const value = { type: 'bytes', value: new Uint8Array(1_000) } as const;
    const one = entrySize('k0', value);
    const cache = open({ maxBytes: one * 3 });
    for (let i = 0; i < 3; i++) await cache.set('p', `k${i}`, value, MINUTE);
    expect(cache.bytes).toBe(one * 3);
    await cache.get('p', 'k0');
    await cache.set('p', 'k3', value, MINUTE);
    expect(cache.bytes).toBeLessThanOrEqual(one * 3);
    expect(await cache.has('p', 'k1')).toBe(false);
    expect(await cache.has('p', 'k0')).toBe(true);
    expect(await cache.has('p', 'k3')).toBe(true);
    // A big value pushes out as many entries as it needs.
    const big = { type: 'bytes', value: new Uint8Array(3_000) } as const; // with any other entry it exceeds the bound
    await cache.set('p', 'big', big, MINUTE);
    expect(cache.bytes).toBeLessThanOrEqual(one * 3);
    expect(await cache.has('p', 'big')).toBe(true);
    expect(cache.size).toBe(1);
  });

  it('does not store a value larger than maxBytes, and drops the old value of that key', async () => {
    const cache = open({ maxBytes: 10_000 });
    await cache.set('p', 'keep', str('stays'), MINUTE);
    await cache.set('p', 'k', str('small'), MINUTE);
    await cache.set('p', 'k', { type: 'bytes', value: new Uint8Array(20_000) }, MINUTE);
    expect(await cache.has('p', 'k')).toBe(false);
    expect(await cache.get('p', 'keep')).toEqual(str('stays'));
  });

  it('replacing a key does not count it twice', async () => {
    const cache = open({ maxEntries: 2 });
    for (let i = 0; i < 10; i++) await cache.set('p', 'same', str(`v${i}`), MINUTE);
    await cache.set('p', 'other', str('o'), MINUTE);
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBe(entrySize('same', str('v9')) + entrySize('other', str('o')));
    expect(await cache.get('p', 'same')).toEqual(str('v9'));
  });

  it('expires at set time plus ttl on the injected clock, reads do not extend it', async () => {
    const clock = new FakeClock();
    const cache = open({ clock });
    await cache.set('p', 'k', str('v'), 1_000);
    clock.time += 999;
    expect(await cache.get('p', 'k')).toEqual(str('v'));
    clock.time += 1;
    expect(await cache.get('p', 'k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('sweep drops expired entries that nobody reads, and frees their bytes', async () => {
    const clock = new FakeClock();
    const cache = open({ clock });
    await cache.set('p', 'short', str('a'), 10);
    await cache.set('q', 'long', str('b'), MINUTE);
    clock.time += 10;
    cache.sweep();
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBe(entrySize('long', str('b')));
  });

  it('the periodic sweep runs on its own', async () => {
    const clock = new FakeClock();
    const cache = open({ clock, sweepIntervalMs: 5 });
    await cache.set('p', 'k', str('v'), 1);
    clock.time += 1;
    const deadline = Date.now() + 2_000;
    while (cache.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(cache.size).toBe(0);
  });

  it('throws for a non-positive ttl (the caller applies the 24 h default) and for calls after close', async () => {
    const cache = open({});
    expect(() => cache.set('p', 'k', str('v'), 0)).toThrow(/ttlMs/);
    await cache.close();
    expect(() => cache.get('p', 'k')).toThrow(/closed/);
  });

  it('answers reads and writes synchronously, so a plugin cache call need not suspend its guest', () => {
    const cache = open({});
    expect(cache.set('p', 'k', str('v'), 60_000)).toBeUndefined();
    expect(cache.get('p', 'k')).toEqual(str('v'));
    expect(cache.has('p', 'k')).toBe(true);
    expect(cache.remove('p', 'k')).toBe(true);
    expect(cache.get('p', 'k')).toBeUndefined();
  });

  it('rejects invalid bounds', () => {
    expect(() => new MemoryCache({ maxEntries: 0 })).toThrow(/maxEntries/);
    expect(() => new MemoryCache({ maxBytes: -1 })).toThrow(/maxBytes/);
  });
});
