/** The phases a call's deadline covers, in order; an error names the one that used it up. */
export type CallPhase = 'loading' | 'acquire' | 'run';

/**
 * The one deadline of one call, fixed when the call starts and shared by every phase after it: waiting for a
 * loading plugin, waiting for (or creating) an instance, and running the guest. Each phase gets only what the
 * ones before it left, so a call never takes much longer than its budget, however the time is split.
 * Times are `Date.now()` milliseconds.
 */
export class CallDeadline {
  private constructor(
    /** When the call started. */
    readonly startedAt: number,
    /** The whole budget in milliseconds. */
    readonly budgetMs: number,
  ) {}

  /** Starts the clock of a call that may take `budgetMs` in total. */
  static start(budgetMs: number, now: number = Date.now()): CallDeadline {
    return new CallDeadline(now, budgetMs);
  }

  /** The absolute deadline. */
  get at(): number {
    return this.startedAt + this.budgetMs;
  }

  /** Milliseconds left, never negative. */
  remainingMs(now: number = Date.now()): number {
    return Math.max(0, this.at - now);
  }

  /** Milliseconds since the call started. */
  elapsedMs(now: number = Date.now()): number {
    return now - this.startedAt;
  }

  /** True once no time is left. */
  expired(now: number = Date.now()): boolean {
    return now >= this.at;
  }
}
