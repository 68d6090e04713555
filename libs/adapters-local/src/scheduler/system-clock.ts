import type { Clock } from '@ndp/ports';

/** Options of {@link SystemClock}. */
export interface SystemClockOptions {
  /** The IANA zone `timeZone()` reports. Default: the process's zone as `Intl` resolves it (`TZ` included). */
  readonly timeZone?: string;
}

/**
 * The host's real {@link Clock}: `Date.now()` and the process's IANA time zone.
 *
 * Guarantees: `timeZone()` is an IANA name (`Europe/Paris`, `UTC`), never Go's `"Local"`; an unknown zone given
 * in the options throws at construction. Does not guarantee monotonic time (see the port).
 *
 * @example
 * ```ts
 * const clock = new SystemClock();
 * clock.timeZone(); // e.g. 'Europe/Paris'
 * ```
 */
export class SystemClock implements Clock {
  private readonly zone: string;

  constructor(options: SystemClockOptions = {}) {
    // resolvedOptions() also canonicalizes a configured name and throws a RangeError for an unknown one.
    this.zone = new Intl.DateTimeFormat('en-US', { timeZone: options.timeZone }).resolvedOptions().timeZone;
  }

  now(): number {
    return Date.now();
  }

  timeZone(): string {
    return this.zone;
  }
}
