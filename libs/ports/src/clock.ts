/**
 * The host's clock, behind a port so TimeNow and schedulers can be tested without waiting.
 *
 * Guarantees: `now()` is whole milliseconds since the Unix epoch; `timeZone()` is
 * an IANA name (e.g. `Europe/Paris`, or `UTC`).
 * Does not guarantee: monotonicity (wall clocks jump); use it for timestamps, not to measure durations.
 *
 * @example
 * ```ts
 * const unixMilli = BigInt(clock.now());
 * ```
 */
export interface Clock {
  now(): number;
  timeZone(): string;
}
