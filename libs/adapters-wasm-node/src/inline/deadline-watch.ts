/** Something waiting outside the guest that must be told when its deadline passes. */
export interface Watched {
  /** `performance.now()` value after which {@link expire} is due. */
  expiresAt: number;
  expire(): void;
}

/**
 * One timer for every suspended inline call of an engine. A suspension used to arm and clear a `setTimeout` of its
 * own and race it against the host's Promise (~1-2 µs of a ~10 µs async host call); here a suspension is a Set
 * insertion, and the one timer is re-armed only when a suspension expires earlier than everything watched.
 *
 * Guarantees: {@link Watched.expire} is called at most once, no earlier than `expiresAt` and about as late as a
 * `setTimeout` would be, unless {@link unwatch}ed first; while something is watched the timer keeps the process
 * alive (as the per-suspension timers did), and never once nothing is.
 * Does not guarantee: order among entries expiring in the same timer turn.
 */
export class DeadlineWatch {
  private readonly watched = new Set<Watched>();
  private timer: NodeJS.Timeout | undefined;
  /** When the armed timer fires; Infinity when none is armed. */
  private armedAt = Infinity;
  private closed = false;

  watch(entry: Watched): void {
    if (this.watched.size === 0) this.timer?.ref();
    this.watched.add(entry);
    if (entry.expiresAt < this.armedAt && !this.closed) this.arm(entry.expiresAt);
  }

  unwatch(entry: Watched): void {
    // The timer is left armed: it fires once for nothing rather than being re-armed at every resumption.
    if (this.watched.delete(entry) && this.watched.size === 0) this.timer?.unref();
  }

  /** Stops the timer; watched entries are dropped without being expired (their engine is gone). */
  close(): void {
    this.closed = true;
    this.watched.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = Infinity;
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.armedAt = at;
    // +1: setTimeout may fire a fraction of a millisecond early against performance.now().
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - performance.now()) + 1);
  }

  private fire(): void {
    this.timer = undefined;
    this.armedAt = Infinity;
    const now = performance.now();
    let next = Infinity;
    for (const entry of this.watched) {
      if (entry.expiresAt <= now) {
        this.watched.delete(entry);
        entry.expire();
      } else if (entry.expiresAt < next) next = entry.expiresAt;
    }
    if (next < Infinity && !this.closed) this.arm(next);
  }
}
