import { NdpError, parseScheduleExpression } from '@ndp/domain';
import type {
  Clock,
  Logger,
  ScheduleFire,
  ScheduleFireHandler,
  ScheduleInfo,
  ScheduleOnceRequest,
  Scheduler,
  ScheduleRecurringRequest,
} from '@ndp/ports';
import { nextFireOf, type NextFire } from './next-fire.js';
import {
  MAX_TIMER_DELAY_MS,
  systemTimers,
  type SchedulerTimers,
  type TimerHandle,
} from './scheduler-timers.js';

/** Options of {@link InProcessScheduler}. Every field has a default. */
export interface InProcessSchedulerOptions {
  /**
   * IANA time zone of cron and descriptor schedules (`@daily` is midnight there). Default: the process's local
   * zone, as the original host did. An unknown zone throws `CONFIG_INVALID` in the constructor.
   */
  readonly timeZone?: string;
  /** Receives the errors of fire handlers (the firing is not retried). Default: `logger.error`, when given. */
  readonly onError?: (error: unknown, fire: ScheduleFire) => void;
  /** Logs failed and skipped firings. Default: none (silent). */
  readonly logger?: Logger;
  /** The time source. Default: `Date.now`. */
  readonly clock?: Pick<Clock, 'now'>;
  /** The timers. Default: unref'd `setTimeout`. */
  readonly timers?: SchedulerTimers;
}

interface Entry {
  readonly pluginId: string;
  readonly scheduleId: string;
  readonly payload: Uint8Array;
  /** The expression as the plugin wrote it; absent for one-time schedules. */
  readonly expression?: string;
  readonly next?: NextFire;
  dueAt: number | undefined;
  timer?: TimerHandle;
  running: boolean;
}

/**
 * The single-node {@link Scheduler}: timers in this process, croner's calendar for cron patterns and a drift-free
 * loop of our own for `@every` (each firing due at `start + k * interval`).
 *
 * Guarantees (beyond the port's): firings of a recurring schedule never overlap: a tick that comes while the
 * previous firing's handler is still running is skipped (logged at debug), not queued, so a slow plugin gets at
 * most one firing at a time and no backlog. A handler error goes to `onError` and never stops the schedule.
 * Waits longer than `setTimeout` allows (about 24.8 days, e.g. `@yearly`) are armed in steps. A one-time
 * schedule made before `start` whose time has passed fires as soon as `start` runs; a recurring one fires at its
 * next due time after `start`. After `close` resolves no new firing starts (a handler already running is not
 * awaited); scheduling after `close` throws.
 * Does not guarantee: persistence (nothing survives the process), or catching up missed firings.
 *
 * @example
 * ```ts
 * const scheduler = new InProcessScheduler({ logger, timeZone: 'Europe/Paris' });
 * scheduler.onFire((fire) => dispatch.onSchedulerCallback(fire));
 * await scheduler.start();
 * ```
 */
export class InProcessScheduler implements Scheduler {
  private readonly plugins = new Map<string, Map<string, Entry>>();
  private readonly timers: SchedulerTimers;
  private readonly clock: Pick<Clock, 'now'>;
  private handler: ScheduleFireHandler | undefined;
  private started = false;
  private closed = false;

  constructor(private readonly options: InProcessSchedulerOptions = {}) {
    this.timers = options.timers ?? systemTimers;
    this.clock = options.clock ?? { now: () => Date.now() };
    if (options.timeZone !== undefined) {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: options.timeZone });
      } catch (cause) {
        throw new NdpError('CONFIG_INVALID', `unknown time zone "${options.timeZone}" for the scheduler`, {
          cause,
        });
      }
    }
  }

  async scheduleOnce(request: ScheduleOnceRequest): Promise<void> {
    this.assertOpen();
    this.replace({
      pluginId: request.pluginId,
      scheduleId: request.scheduleId,
      payload: request.payload.slice(),
      dueAt: this.clock.now() + Math.max(0, request.delayMs),
      running: false,
    });
  }

  async scheduleRecurring(request: ScheduleRecurringRequest): Promise<void> {
    this.assertOpen();
    const parsed = parseScheduleExpression(request.expression);
    if (!parsed.ok) {
      throw new NdpError('SCHEDULE_INVALID', `invalid schedule expression: ${parsed.error}`, {
        details: { pluginId: request.pluginId, scheduleId: request.scheduleId },
      });
    }
    const now = this.clock.now();
    const next = nextFireOf(parsed.value, now, this.options.timeZone);
    this.replace({
      pluginId: request.pluginId,
      scheduleId: request.scheduleId,
      payload: request.payload.slice(),
      expression: request.expression,
      next,
      dueAt: next(now),
      running: false,
    });
  }

  async cancel(pluginId: string, scheduleId: string): Promise<boolean> {
    const entry = this.plugins.get(pluginId)?.get(scheduleId);
    if (!entry) return false;
    this.remove(entry);
    return true;
  }

  async cancelAll(pluginId: string): Promise<void> {
    for (const entry of [...(this.plugins.get(pluginId)?.values() ?? [])]) this.remove(entry);
  }

  async list(pluginId: string): Promise<ScheduleInfo[]> {
    return [...(this.plugins.get(pluginId)?.values() ?? [])].map((e) => ({
      scheduleId: e.scheduleId,
      isRecurring: e.expression !== undefined,
      ...(e.expression === undefined ? {} : { expression: e.expression }),
      ...(e.dueAt === undefined ? {} : { nextFireAt: e.dueAt }),
    }));
  }

  onFire(handler: ScheduleFireHandler): void {
    this.handler = handler;
  }

  async start(): Promise<void> {
    this.assertOpen();
    if (this.started) return;
    this.started = true;
    const now = this.clock.now();
    for (const entries of this.plugins.values()) {
      for (const entry of entries.values()) {
        // Recurring firings missed before start are not caught up (the port promises no catch-up).
        if (entry.next && entry.dueAt !== undefined && entry.dueAt <= now) entry.dueAt = entry.next(now);
        this.arm(entry);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entries of this.plugins.values()) for (const entry of entries.values()) this.disarm(entry);
    this.plugins.clear();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the in-process scheduler is closed');
  }

  private replace(entry: Entry): void {
    const existing = this.plugins.get(entry.pluginId)?.get(entry.scheduleId);
    if (existing) this.remove(existing);
    let entries = this.plugins.get(entry.pluginId);
    if (!entries) this.plugins.set(entry.pluginId, (entries = new Map()));
    entries.set(entry.scheduleId, entry);
    if (this.started) this.arm(entry);
  }

  private remove(entry: Entry): void {
    this.disarm(entry);
    const entries = this.plugins.get(entry.pluginId);
    // Only the current entry for the id goes: a replaced entry must never remove its successor.
    if (entries?.get(entry.scheduleId) !== entry) return;
    entries.delete(entry.scheduleId);
    if (entries.size === 0) this.plugins.delete(entry.pluginId);
  }

  private isCurrent(entry: Entry): boolean {
    return !this.closed && this.plugins.get(entry.pluginId)?.get(entry.scheduleId) === entry;
  }

  private disarm(entry: Entry): void {
    if (entry.timer === undefined) return;
    this.timers.clear(entry.timer);
    entry.timer = undefined;
  }

  private arm(entry: Entry): void {
    this.disarm(entry);
    if (entry.dueAt === undefined) return;
    const delay = Math.min(MAX_TIMER_DELAY_MS, Math.max(0, Math.ceil(entry.dueAt - this.clock.now())));
    entry.timer = this.timers.set(() => this.onTimer(entry), delay);
  }

  private onTimer(entry: Entry): void {
    entry.timer = undefined;
    if (!this.isCurrent(entry) || entry.dueAt === undefined) return;
    const now = this.clock.now();
    // A long wait is armed in steps, and a timer may wake a little early: wait for the rest.
    if (now < entry.dueAt) return this.arm(entry);
    if (!entry.next) {
      this.remove(entry); // before the handler runs, so `list` inside it no longer shows the schedule
      void this.run(entry);
      return;
    }
    entry.dueAt = entry.next(Math.max(now, entry.dueAt));
    this.arm(entry);
    if (entry.running) {
      this.options.logger?.debug('recurring schedule skipped a firing: the previous one is still running', {
        plugin: entry.pluginId,
        scheduleId: entry.scheduleId,
      });
      return;
    }
    void this.run(entry);
  }

  private async run(entry: Entry): Promise<void> {
    const fire: ScheduleFire = {
      pluginId: entry.pluginId,
      scheduleId: entry.scheduleId,
      payload: entry.payload.slice(),
      isRecurring: entry.next !== undefined,
    };
    const handler = this.handler;
    if (!handler) {
      this.options.logger?.warn('schedule fired with no handler set', { plugin: fire.pluginId });
      return;
    }
    entry.running = true;
    try {
      await handler(fire);
    } catch (error) {
      this.report(error, fire);
    } finally {
      entry.running = false;
    }
  }

  private report(error: unknown, fire: ScheduleFire): void {
    try {
      if (this.options.onError) this.options.onError(error, fire);
      else
        this.options.logger?.error('schedule handler failed', {
          plugin: fire.pluginId,
          scheduleId: fire.scheduleId,
          isRecurring: fire.isRecurring,
          error: error instanceof Error ? error.message : String(error),
        });
    } catch {
      // A broken error reporter must not take the timer loop down with it.
    }
  }
}
