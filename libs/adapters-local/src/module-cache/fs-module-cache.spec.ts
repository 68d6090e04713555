import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsModuleCache } from './fs-module-cache.js';
import { entryFiles } from './module-cache-layout.js';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const HASH_C = 'c'.repeat(64);

let temp: string;
const clock = { time: Date.UTC(2030, 0, 1), now: () => clock.time };

beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'ndp-modules-'));
  clock.time = Date.UTC(2030, 0, 1);
});

afterEach(async () => {
  await rm(temp, { recursive: true, force: true });
});

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * seed) & 0xff);
const open = () => new FsModuleCache({ cacheFolder: temp, clock });

async function entrySize(cache: FsModuleCache, hash: string, variant: string): Promise<number> {
  const files = entryFiles(cache.root, hash, variant);
  return (await stat(files.wasm)).size + (await stat(files.meta)).size;
}

describe('FsModuleCache', () => {
  it('reads back what was put, byte for byte, under <cacheFolder>/plugins', async () => {
    const cache = open();
    expect(cache.root).toBe(join(temp, 'plugins'));
    expect(await cache.get(HASH_A, 'node-v1')).toBeUndefined();
    await cache.put(HASH_A, 'node-v1', { bytes: bytes(1_000, 7), metadata: '{"exports":["x"]}' });
    expect(await cache.get(HASH_A, 'node-v1')).toEqual({
      bytes: bytes(1_000, 7),
      metadata: '{"exports":["x"]}',
    });
    expect(await cache.get(HASH_A, 'memory-cap-16MiB')).toBeUndefined();
    // No temporary files are left behind.
    expect(await readdir(join(temp, 'plugins', 'aa'))).toEqual([
      `${HASH_A}.node-v1.json`,
      `${HASH_A}.node-v1.wasm`,
    ]);
  });

  it('put replaces an existing entry', async () => {
    const cache = open();
    await cache.put(HASH_A, 'v', { bytes: bytes(10), metadata: 'old' });
    await cache.put(HASH_A, 'v', { bytes: bytes(20, 3), metadata: 'new' });
    expect(await cache.get(HASH_A, 'v')).toEqual({ bytes: bytes(20, 3), metadata: 'new' });
  });

  it('reads a torn or corrupt entry as absent, never as wrong bytes', async () => {
    const cache = open();
    const files = entryFiles(cache.root, HASH_A, 'v');
    await cache.put(HASH_A, 'v', { bytes: bytes(100), metadata: 'm' });
    await writeFile(files.wasm, bytes(100, 3)); // same size, other bytes
    expect(await cache.get(HASH_A, 'v')).toBeUndefined();
    await cache.put(HASH_A, 'v', { bytes: bytes(100), metadata: 'm' });
    await writeFile(files.wasm, bytes(50)); // truncated
    expect(await cache.get(HASH_A, 'v')).toBeUndefined();
    await cache.put(HASH_A, 'v', { bytes: bytes(100), metadata: 'm' });
    await writeFile(files.meta, '{"format":1,"si'); // torn record
    expect(await cache.get(HASH_A, 'v')).toBeUndefined();
    await rm(files.meta);
    expect(await cache.get(HASH_A, 'v')).toBeUndefined();
  });

  it('rejects hashes and variants that could escape the folder', async () => {
    const cache = open();
    await expect(cache.get('../../etc/passwd', 'v')).rejects.toThrow(TypeError);
    await expect(cache.put(HASH_A, '../x', { bytes: bytes(1), metadata: '' })).rejects.toThrow(TypeError);
    await expect(cache.get(HASH_A, '.hidden')).rejects.toThrow(TypeError);
  });

  it('purge removes the least recently used entries until the total fits, and empty folders', async () => {
    const cache = open();
    for (const hash of [HASH_A, HASH_B, HASH_C]) {
      await cache.put(hash, 'v', { bytes: bytes(1_000), metadata: hash });
      clock.time += 10_000;
    }
    // Reading A makes it the most recently used: B is now the oldest, then C.
    expect(await cache.get(HASH_A, 'v')).toBeDefined();
    const one = await entrySize(cache, HASH_A, 'v');
    expect(await cache.purge(one * 3)).toEqual({ removedEntries: 0, freedBytes: 0 });
    const purged = await cache.purge(one * 2);
    expect(purged).toEqual({ removedEntries: 1, freedBytes: one });
    expect(await cache.get(HASH_B, 'v')).toBeUndefined();
    expect(await cache.get(HASH_C, 'v')).toBeDefined();
    expect(await cache.get(HASH_A, 'v')).toBeDefined();
    expect(await readdir(cache.root)).toEqual(['aa', 'cc']);
    expect(await cache.purge(0)).toEqual({ removedEntries: 2, freedBytes: one * 2 });
    expect(await readdir(cache.root)).toEqual([]);
  });

  it('purge counts a lone file of a pair as an entry, removes stale temporary files, keeps fresh ones', async () => {
    const cache = open();
    await cache.put(HASH_A, 'v', { bytes: bytes(10), metadata: '' });
    const files = entryFiles(cache.root, HASH_A, 'v');
    await rm(files.meta);
    const fresh = join(files.dir, `.${files.base}.1.fresh.tmp`);
    const stale = join(files.dir, `.${files.base}.1.stale.tmp`);
    await writeFile(fresh, 'in flight');
    await writeFile(stale, 'abandoned');
    clock.time = Date.now();
    await utimes(stale, new Date(clock.time - 2 * 60 * 60 * 1000), new Date(clock.time - 2 * 60 * 60 * 1000));
    const purged = await cache.purge(0);
    expect(purged).toEqual({ removedEntries: 1, freedBytes: 10 + 'abandoned'.length });
    expect(await readdir(files.dir)).toEqual([`.${files.base}.1.fresh.tmp`]);
  });

  it('purge of a cache folder that does not exist yet is a no-op', async () => {
    const cache = new FsModuleCache({ cacheFolder: join(temp, 'nothing-here') });
    expect(await cache.purge(0)).toEqual({ removedEntries: 0, freedBytes: 0 });
  });
});
