import type { ContractCase } from './contract-case.js';
import { describeContract } from './contract-case.js';
import { engineCallCases } from './engine-contract-calls.js';
import { engineCapCases } from './engine-contract-caps.js';
import { engineFailureCases } from './engine-contract-failures.js';
import { engineSchedulingCases } from './engine-contract-scheduling.js';
import type { EngineContractFixtures } from './engine-fixtures.js';
import type { EngineContractSubject, EngineContractTraits, EngineFactory } from './engine-harness.js';

/** Every behaviour the {@link PluginEngine} port promises (docs/contract.md §4 and §6), as named cases. */
export const engineContractCases: readonly ContractCase<EngineContractSubject>[] = [
  ...engineCallCases,
  ...engineFailureCases,
  ...engineSchedulingCases,
  ...engineCapCases,
];

/**
 * Registers the engine contract for one engine adapter, run on the fixture plugins the adapter's test builds
 * (see `EngineFixtureName` for what each must do).
 *
 * @example
 * ```ts
 * describeEngineContract('node', () => new NodeEngine({ workers: 2 }), { wasm: buildFixture });
 * ```
 */
export function describeEngineContract(
  engineName: string,
  makeEngine: EngineFactory,
  fixtures: EngineContractFixtures,
  traits: EngineContractTraits = {},
): void {
  describeContract(`PluginEngine contract: ${engineName}`, engineContractCases, {
    makeEngine,
    fixtures,
    traits,
  });
}
