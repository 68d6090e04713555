import { isOk, NdpError, parseScheduleExpression } from '@ndp/domain';
import type { Scheduler } from '../../scheduler.js';
import type {
  ScheduleFireHandler,
  ScheduleInfo,
  ScheduleOnceRequest,
  ScheduleRecurringRequest,
} from '../../schedule-types.js';

interface Entry {
  readonly pluginId: string;
  readonly scheduleId: string;
  readonly payload: Uint8Array;
  readonly expression?: string;
  /** Milliseconds between firings of an `@every` schedule; undefined for one-time and cron schedules. */
  readonly intervalMs?: number;
  nextFireAt?: number;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * A small, honest {@link Scheduler} for tests: a map per plugin and `setTimeout`.
 *
 * Guarantees: passes the scheduler contract suite. Accepts and rejects expressions like the real adapters, but
 * only `@every` schedules fire: cron and descriptor schedules are kept and listed and never fire (the fake has
 * no cron calendar). A handler that rejects is ignored. Nothing survives `close`.
 *
 * @example
 * ```ts
 * const scheduler = new InMemoryScheduler();
 * scheduler.onFire(async (fire) => fired.push(fire));
 * await scheduler.start();
 * await scheduler.scheduleOnce({ pluginId: 'p', scheduleId: 'a', delayMs: 0, payload: new Uint8Array() });
 * ```
 */
export class InMemoryScheduler implements Scheduler {
  private readonly plugins = new Map<string, Map<string, Entry>>();
  private handler: ScheduleFireHandler | undefined;
  private started = false;
  private closed = false;

  async scheduleOnce(request: ScheduleOnceRequest): Promise<void> {
    this.assertOpen();
    const entry: Entry = {
      pluginId: request.pluginId,
      scheduleId: request.scheduleId,
      payload: request.payload.slice(),
      nextFireAt: Date.now() + Math.max(0, request.delayMs),
    };
    this.replace(entry);
  }

  async scheduleRecurring(request: ScheduleRecurringRequest): Promise<void> {
    this.assertOpen();
    const parsed = parseScheduleExpression(request.expression);
    if (!isOk(parsed)) {
      throw new NdpError('SCHEDULE_INVALID', `invalid schedule expression: ${parsed.error}`, {
        details: { pluginId: request.pluginId, scheduleId: request.scheduleId },
      });
    }
    const intervalMs = parsed.value.kind === 'every' ? Math.max(1, parsed.value.intervalMs) : undefined;
    this.replace({
      pluginId: request.pluginId,
      scheduleId: request.scheduleId,
      payload: request.payload.slice(),
      expression: request.expression,
      intervalMs,
      nextFireAt: intervalMs === undefined ? undefined : Date.now() + intervalMs,
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
      ...(e.nextFireAt === undefined ? {} : { nextFireAt: e.nextFireAt }),
    }));
  }

  onFire(handler: ScheduleFireHandler): void {
    this.handler = handler;
  }

  async start(): Promise<void> {
    this.assertOpen();
    this.started = true;
    for (const entries of this.plugins.values()) for (const entry of entries.values()) this.arm(entry);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entries of this.plugins.values())
      for (const entry of entries.values()) clearTimeout(entry.timer);
    this.plugins.clear();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('InMemoryScheduler is closed');
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
    clearTimeout(entry.timer);
    const entries = this.plugins.get(entry.pluginId);
    // Only the current entry for the id is deleted: a replaced entry must not remove its successor.
    if (entries?.get(entry.scheduleId) === entry) entries.delete(entry.scheduleId);
  }

  private arm(entry: Entry): void {
    if (entry.nextFireAt === undefined) return;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.fire(entry), Math.max(0, entry.nextFireAt - Date.now()));
  }

  private fire(entry: Entry): void {
    if (this.closed || this.plugins.get(entry.pluginId)?.get(entry.scheduleId) !== entry) return;
    const isRecurring = entry.expression !== undefined;
    if (isRecurring && entry.intervalMs !== undefined) {
      entry.nextFireAt = Date.now() + entry.intervalMs;
      this.arm(entry);
    } else {
      this.remove(entry);
    }
    const fire = {
      pluginId: entry.pluginId,
      scheduleId: entry.scheduleId,
      payload: entry.payload.slice(),
      isRecurring,
    };
    // A failing handler is the caller's concern; the fake has no logger, so it neither retries nor reports.
    this.handler?.(fire).catch(() => undefined);
  }
}
