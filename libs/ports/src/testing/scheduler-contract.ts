import type { ContractCase } from './contract-case.js';
import { describeContract } from './contract-case.js';
import type { SchedulerFactory } from './scheduler-harness.js';
import { schedulerOnceCases } from './scheduler-contract-once.js';
import { schedulerRecurringCases } from './scheduler-contract-recurring.js';

/**
 * Every behaviour the {@link Scheduler} port promises, as named cases; about 3 s of wall time per adapter.
 * Firing times are asserted loosely (bounded waits), never as performance.
 */
export const schedulerContractCases: readonly ContractCase<SchedulerFactory>[] = [
  ...schedulerOnceCases,
  ...schedulerRecurringCases,
];

/**
 * Registers the scheduler contract for one adapter. The factory returns a new, unstarted scheduler.
 *
 * @example
 * ```ts
 * describeSchedulerContract('in-process', () => new InProcessScheduler({ logger }));
 * ```
 */
export function describeSchedulerContract(adapterName: string, factory: SchedulerFactory): void {
  describeContract(`Scheduler contract: ${adapterName}`, schedulerContractCases, factory);
}
