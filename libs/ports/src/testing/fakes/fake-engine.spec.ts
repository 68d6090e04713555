import { describe, expect, it } from 'vitest';
import { contractCaseFailure } from '../contract-case.js';
import { describeEngineContract, engineContractCases } from '../engine-contract.js';
import type { EngineFactory } from '../engine-harness.js';
import { ErrorAsOutputEngine, NeverBrokenEngine } from './broken-engines.js';
import { FakeEngine, fakeEngineFixtures } from './fake-engine.js';

describeEngineContract('fake', () => new FakeEngine(), fakeEngineFixtures);

const failureOf = (name: string, makeEngine: EngineFactory) =>
  contractCaseFailure(engineContractCases, name, { makeEngine, fixtures: fakeEngineFixtures });

describe('the engine contract catches faulty engines', () => {
  it('catches an engine whose failed instances do not report broken', async () => {
    const make = () => new NeverBrokenEngine();
    expect(
      await failureOf(
        'a trap rejects with GUEST_TRAP, breaks the instance, and the engine keeps serving',
        make,
      ),
    ).toBeDefined();
    expect(
      await failureOf('a guest looping forever fails with GUEST_TIMEOUT at its deadline', make),
    ).toBeDefined();
    expect(await failureOf('non-ASCII payloads are exact in both directions', make)).toBeUndefined();
  });

  it('catches an engine that turns plugin errors into output', async () => {
    const make = () => new ErrorAsOutputEngine();
    expect(
      await failureOf(
        'the plugin error channel resolves ok:false with the text, and the instance stays usable',
        make,
      ),
    ).toBeDefined();
    expect(
      await failureOf('the guest reads its config: values, empty values, absent keys', make),
    ).toBeDefined();
    expect(
      await failureOf('guest state survives between calls and instances are independent', make),
    ).toBeUndefined();
  });
});
