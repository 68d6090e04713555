/**
 * Caps on what one guest call may hand the host: its output, its error text and its log lines. Engines enforce
 * them where the bytes are produced (inside the guest's thread), so an oversized answer or a log flood never
 * crosses a thread boundary or reaches a logger. Every field has a safe default ({@link DEFAULT_GUEST_OUTPUT_LIMITS}).
 *
 * @example
 * ```ts
 * const limits: GuestOutputLimits = { ...DEFAULT_GUEST_OUTPUT_LIMITS, maxOutputBytes: 4 << 20 };
 * ```
 */
export interface GuestOutputLimits {
  /**
   * Largest output (`output_set`) one call may produce, in bytes. A larger one fails the call with
   * `GUEST_OUTPUT_TOO_LARGE` before its bytes are copied out of the guest; the instance stays usable.
   */
  readonly maxOutputBytes: number;
  /**
   * Longest error text (`error_set`) kept, in UTF-8 bytes. Longer text is cut at a character boundary and ends
   * with `… [truncated, N bytes]` (N = the original length), so callers and logs carry the cut text only.
   */
  readonly maxErrorBytes: number;
  /** Log lines one call may emit (guest `log_*` and WASI stdout/stderr); later lines are dropped and counted. */
  readonly maxLogLinesPerCall: number;
  /** UTF-8 bytes of log text one call may emit; a line that would pass the cap is dropped and counted. */
  readonly maxLogBytesPerCall: number;
}

/** Defaults of {@link GuestOutputLimits}: 16 MiB output, 64 KiB error text, 1,000 log lines and 1 MiB of logs per call. */
export const DEFAULT_GUEST_OUTPUT_LIMITS: GuestOutputLimits = Object.freeze({
  maxOutputBytes: 16 * 1024 * 1024,
  maxErrorBytes: 64 * 1024,
  maxLogLinesPerCall: 1_000,
  maxLogBytesPerCall: 1024 * 1024,
});

/**
 * The limits of {@link GuestOutputLimits} with defaults filled in; rejects a value that is not a positive integer
 * (a zero cap would silence every plugin), naming the field.
 *
 * @example
 * ```ts
 * resolveGuestOutputLimits({ maxErrorBytes: 1024 }).maxOutputBytes; // 16 MiB
 * ```
 */
export function resolveGuestOutputLimits(given: Partial<GuestOutputLimits> = {}): GuestOutputLimits {
  const resolved = { ...DEFAULT_GUEST_OUTPUT_LIMITS };
  for (const key of Object.keys(DEFAULT_GUEST_OUTPUT_LIMITS) as (keyof GuestOutputLimits)[]) {
    const value = given[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`${key} must be a positive integer, got ${String(value)}`);
    }
    resolved[key] = value;
  }
  return Object.freeze(resolved);
}
