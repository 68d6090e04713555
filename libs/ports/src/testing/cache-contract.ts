import type { ContractCase } from './contract-case.js';
import { describeContract } from './contract-case.js';
import type { CacheFactory } from './cache-factory.js';
import { cacheKeyCases } from './cache-contract-keys.js';
import { cacheValueCases } from './cache-contract-values.js';

/**
 * Every behaviour the {@link Cache} port promises, as named cases. Run time is about 1 s per adapter (real
 * short TTLs, bounded waits).
 */
export const cacheContractCases: readonly ContractCase<CacheFactory>[] = [
  ...cacheValueCases,
  ...cacheKeyCases,
];

/**
 * Registers the cache contract for one adapter.
 *
 * @example
 * ```ts
 * describeCacheContract('memory cache', () => new MemoryCache({ maxEntries: 1000 }));
 * ```
 */
export function describeCacheContract(adapterName: string, factory: CacheFactory): void {
  describeContract(`Cache contract: ${adapterName}`, cacheContractCases, factory);
}
