import { describe, it } from 'vitest';

/**
 * One named behaviour of a port, runnable against any adapter. `run` rejects (an assertion error) when the
 * adapter does not behave; it cleans up what it created either way.
 *
 * Keeping cases as data, not only as `it` blocks, lets a test run them against a deliberately broken fake and
 * prove that a suite catches the fault it is meant to catch.
 */
export interface ContractCase<S> {
  readonly name: string;
  run(subject: S): Promise<void>;
}

/**
 * Registers every case as a vitest `it` inside `describe(title)`.
 *
 * @example
 * ```ts
 * describeContract('Cache contract: memory', cacheContractCases, () => new MemoryCache());
 * ```
 */
export function describeContract<S>(title: string, cases: readonly ContractCase<S>[], subject: S): void {
  describe(title, () => {
    for (const contractCase of cases) {
      it(contractCase.name, () => contractCase.run(subject));
    }
  });
}

/**
 * Runs the case called `name` and answers its failure, or `undefined` when it passed. Throws when no case has
 * that name, so a renamed case cannot make a fault test pass vacuously.
 *
 * @example
 * ```ts
 * expect(await contractCaseFailure(cacheContractCases, 'expiry is not sliding', slidingCache)).toBeDefined();
 * ```
 */
export async function contractCaseFailure<S>(
  cases: readonly ContractCase<S>[],
  name: string,
  subject: S,
): Promise<unknown> {
  const found = cases.find((c) => c.name === name);
  if (!found) throw new Error(`no contract case named "${name}"`);
  try {
    await found.run(subject);
    return undefined;
  } catch (error) {
    return error ?? new Error(`case "${name}" threw ${String(error)}`);
  }
}
