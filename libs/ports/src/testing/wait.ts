/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this many milliseconds (the loop is always bounded). */
  readonly timeoutMs: number;
  /** Time between two checks; default 10 ms. */
  readonly intervalMs?: number;
  /** Says what was awaited, for the timeout error. */
  readonly what: string;
}

/**
 * Polls `check` until it answers true; rejects with an error naming `what` when `timeoutMs` passes first.
 *
 * @example
 * ```ts
 * await waitFor(() => fires.length >= 2, { timeoutMs: 2_000, what: 'two firings' });
 * ```
 */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  options: WaitForOptions,
): Promise<void> {
  const interval = options.intervalMs ?? 10;
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
    await sleep(interval);
  }
}
