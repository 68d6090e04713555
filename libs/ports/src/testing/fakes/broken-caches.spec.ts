import { describe, expect, it } from 'vitest';
import { cacheContractCases } from '../cache-contract.js';
import type { CacheFactory } from '../cache-factory.js';
import { contractCaseFailure } from '../contract-case.js';
import {
  AliasedBytesCache,
  IntAsNumberCache,
  SharedNamespaceCache,
  SlidingExpiryCache,
} from './broken-caches.js';

const failureOf = (name: string, factory: CacheFactory) =>
  contractCaseFailure(cacheContractCases, name, factory);

// Each broken cache must fail the case aimed at its defect and still pass an unrelated one, which shows the
// failure comes from the defect and not from a harness that fails everything.
describe('the cache contract catches faulty caches', () => {
  it('catches sliding expiry', async () => {
    const factory = () => new SlidingExpiryCache();
    expect(await failureOf('expiry is fixed at set time: reads do not extend it', factory)).toBeDefined();
    expect(await failureOf('overwriting a key replaces its value and type', factory)).toBeUndefined();
  });

  it('catches ints stored as JS numbers', async () => {
    const factory = () => new IntAsNumberCache();
    expect(await failureOf('int64 is exact over its full range', factory)).toBeDefined();
    expect(await failureOf('strings round-trip, including empty and non-ASCII', factory)).toBeUndefined();
  });

  it('catches a cache that ignores the plugin namespace', async () => {
    const factory = () => new SharedNamespaceCache();
    expect(await failureOf('plugins have separate namespaces for the same key', factory)).toBeDefined();
    expect(
      await failureOf('clear removes one plugin’s keys only (not a plugin whose id it prefixes)', factory),
    ).toBeDefined();
    expect(await failureOf('has and remove: remove answers true once, then false', factory)).toBeUndefined();
  });

  it('catches a cache that hands out its stored bytes', async () => {
    const factory = () => new AliasedBytesCache();
    expect(await failureOf('stored bytes are a copy of the caller’s array', factory)).toBeDefined();
    expect(
      await failureOf('bytes are exact: empty, zeros, every byte value, 1 MiB', factory),
    ).toBeUndefined();
  });

  it('refuses an unknown case name instead of passing vacuously', async () => {
    await expect(failureOf('no such case', () => new SlidingExpiryCache())).rejects.toThrow(
      /no contract case/,
    );
  });
});
