/** An armed timer, as {@link SchedulerTimers} hands it back. */
export type TimerHandle = unknown;

/**
 * Where the scheduler gets its timers from; tests may pass their own. Delays are whole milliseconds and never
 * above {@link MAX_TIMER_DELAY_MS} (the scheduler re-arms for longer waits).
 */
export interface SchedulerTimers {
  set(callback: () => void, delayMs: number): TimerHandle;
  clear(handle: TimerHandle): void;
}

/** The longest delay `setTimeout` honours (2^31 - 1 ms, about 24.8 days); longer ones fire at once in Node. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * The default {@link SchedulerTimers}: global `setTimeout`, unref'd, so pending schedules never keep a process
 * alive on their own (the host stays up for its server, a CLI exits when done).
 */
export const systemTimers: SchedulerTimers = {
  set(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return timer;
  },
  clear(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
