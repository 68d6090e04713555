import type { Clock } from '../../clock.js';

/** A clock stopped at `now` in `zone`. Test support only. */
export class FixedClock implements Clock {
  constructor(
    public nowMs = Date.UTC(2025, 0, 2, 3, 4, 5, 120),
    public zone = 'UTC',
  ) {}
  now(): number {
    return this.nowMs;
  }
  timeZone(): string {
    return this.zone;
  }
}
