import type { Scheduler } from '../scheduler.js';
import type { ScheduleFire } from '../schedule-types.js';

/**
 * Makes a fresh, not yet started scheduler for one contract case; the case sets `onFire`, starts and closes
 * it. Schedulers made by one factory may share a backend: cases use their own unique plugin ids.
 */
export type SchedulerFactory = () => Scheduler | Promise<Scheduler>;

/** A firing as the harness saw it, with its payload decoded as UTF-8 and the time its handler started. */
export interface RecordedFire extends ScheduleFire {
  readonly text: string;
  readonly at: number;
}

/** What a scheduler case works with. */
export interface SchedulerHarness {
  readonly scheduler: Scheduler;
  /** Every firing so far, in arrival order. */
  readonly fires: RecordedFire[];
  /** The firings of one plugin (and one schedule id, when given). */
  firesOf(pluginId: string, scheduleId?: string): RecordedFire[];
}

/** Options of {@link withScheduler}. */
export interface WithSchedulerOptions {
  /** Runs inside the fire handler, before it resolves (e.g. to look at `list` while the handler runs). */
  readonly inHandler?: (fire: ScheduleFire, scheduler: Scheduler) => Promise<void>;
  /** Leave the scheduler unstarted (the case starts it). */
  readonly noStart?: boolean;
}

/** Encodes text as a payload. */
export const payload = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * Runs `body` with a new scheduler whose firings are recorded, started unless asked otherwise, and closes it
 * afterwards whatever happens.
 */
export async function withScheduler(
  factory: SchedulerFactory,
  body: (harness: SchedulerHarness) => Promise<void>,
  options: WithSchedulerOptions = {},
): Promise<void> {
  const scheduler = await factory();
  const fires: RecordedFire[] = [];
  const decoder = new TextDecoder();
  scheduler.onFire(async (fire) => {
    const at = Date.now();
    await options.inHandler?.(fire, scheduler);
    fires.push({ ...fire, text: decoder.decode(fire.payload), at });
  });
  const harness: SchedulerHarness = {
    scheduler,
    fires,
    firesOf: (pluginId, scheduleId) =>
      fires.filter(
        (f) => f.pluginId === pluginId && (scheduleId === undefined || f.scheduleId === scheduleId),
      ),
  };
  try {
    if (!options.noStart) await scheduler.start();
    await body(harness);
  } finally {
    await scheduler.close();
  }
}
