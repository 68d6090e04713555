import { NdpError, isOk, parseScheduleExpression } from '@ndp/domain';
import type {
  ScheduleFireHandler,
  ScheduleInfo,
  ScheduleOnceRequest,
  ScheduleRecurringRequest,
  Scheduler,
} from '@ndp/ports';

/** One schedule a plugin made and has not cancelled. */
export interface RecordedSchedule {
  readonly id: string;
  readonly recurring: boolean;
  /** The delay of a one-time schedule, in ms. */
  readonly delayMs?: number;
  /** The expression of a recurring schedule (`@every 41s`, a cron line, ...). */
  readonly expression?: string;
  readonly payload: Uint8Array;
}

/**
 * The scheduler port of a plugin under test: it records schedules and never fires one by itself, so a test
 * decides when a schedule fires (`plugin.fire(id)`) and nothing depends on the clock. Expressions are parsed
 * with the host's parser, so an expression the host refuses is refused here too.
 */
export class RecordingScheduler implements Scheduler {
  private readonly schedules = new Map<string, Map<string, RecordedSchedule>>();
  /** Every cancel the plugin asked for, as schedule ids, in order. */
  readonly cancelled: string[] = [];

  async scheduleOnce(request: ScheduleOnceRequest): Promise<void> {
    this.of(request.pluginId).set(request.scheduleId, {
      id: request.scheduleId,
      recurring: false,
      delayMs: Math.max(0, request.delayMs),
      payload: request.payload.slice(),
    });
  }

  async scheduleRecurring(request: ScheduleRecurringRequest): Promise<void> {
    const parsed = parseScheduleExpression(request.expression);
    if (!isOk(parsed)) {
      throw new NdpError('SCHEDULE_INVALID', `invalid schedule expression: ${parsed.error}`, {
        details: { pluginId: request.pluginId, scheduleId: request.scheduleId },
      });
    }
    this.of(request.pluginId).set(request.scheduleId, {
      id: request.scheduleId,
      recurring: true,
      expression: request.expression,
      payload: request.payload.slice(),
    });
  }

  async cancel(pluginId: string, scheduleId: string): Promise<boolean> {
    this.cancelled.push(scheduleId);
    return this.of(pluginId).delete(scheduleId);
  }

  async cancelAll(pluginId: string): Promise<void> {
    this.schedules.delete(pluginId);
  }

  async list(pluginId: string): Promise<ScheduleInfo[]> {
    return [...this.of(pluginId).values()].map((s) => ({
      scheduleId: s.id,
      isRecurring: s.recurring,
      ...(s.expression === undefined ? {} : { expression: s.expression }),
    }));
  }

  /** Firing is the test's call (`plugin.fire`), so the handler is not kept. */
  onFire(_handler: ScheduleFireHandler): void {}

  async start(): Promise<void> {}

  async close(): Promise<void> {
    this.schedules.clear();
  }

  /** The plugin's live schedules, in the order they were (last) made. */
  scheduled(pluginId: string): RecordedSchedule[] {
    return [...this.of(pluginId).values()];
  }

  /** Takes a schedule for firing: a one-time schedule is gone afterwards, as on the host. */
  take(pluginId: string, scheduleId: string): RecordedSchedule | undefined {
    const schedule = this.of(pluginId).get(scheduleId);
    if (schedule && !schedule.recurring) this.of(pluginId).delete(scheduleId);
    return schedule;
  }

  private of(pluginId: string): Map<string, RecordedSchedule> {
    let map = this.schedules.get(pluginId);
    if (!map) this.schedules.set(pluginId, (map = new Map()));
    return map;
  }
}
