import { describe, expect, it } from 'vitest';
import { contractCaseFailure } from '../contract-case.js';
import { schedulerContractCases } from '../scheduler-contract.js';
import type { SchedulerFactory } from '../scheduler-harness.js';
import { DuplicatingScheduler, GlobalIdScheduler, LateRemovalScheduler } from './broken-schedulers.js';

const failureOf = (name: string, factory: SchedulerFactory) =>
  contractCaseFailure(schedulerContractCases, name, factory);

// Each broken scheduler must fail the cases aimed at its defect and pass an unrelated one, which shows the
// failure comes from the defect and not from a harness that fails everything.
describe('the scheduler contract catches faulty schedulers', () => {
  it('catches a scheduler that does not replace by id', async () => {
    const factory = () => new DuplicatingScheduler();
    expect(await failureOf('scheduling an existing one-time id replaces it', factory)).toBeDefined();
    expect(
      await failureOf('a recurring schedule replaces a one-time schedule with the same id', factory),
    ).toBeDefined();
    expect(
      await failureOf('a one-time schedule replaces a recurring schedule with the same id', factory),
    ).toBeDefined();
    expect(await failureOf('a delay of zero or less fires at once', factory)).toBeUndefined();
  });

  it('catches a scheduler that removes one-time entries only after the handler', async () => {
    const factory = () => new LateRemovalScheduler();
    expect(await failureOf('a one-time schedule is removed before its handler runs', factory)).toBeDefined();
    expect(
      await failureOf('a one-time schedule fires once with its plugin, id and payload', factory),
    ).toBeUndefined();
  });

  it('catches a scheduler whose ids are not per plugin', async () => {
    const factory = () => new GlobalIdScheduler();
    expect(await failureOf('schedule ids are per plugin', factory)).toBeDefined();
    expect(
      await failureOf('cancel answers true once, then false, and the schedule never fires', factory),
    ).toBeUndefined();
  });
});
