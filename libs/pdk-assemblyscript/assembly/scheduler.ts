// Conveniences over the generated SchedulerService client (permission `scheduler`).
import {
  CancelRequest,
  ScheduleOneTimeRequest,
  ScheduleRecurringRequest,
  TimeNowRequest,
  TimeNowResponse,
} from '@ndp/protocol/assembly/gen/host/scheduler/scheduler';
import { SchedulerService } from './gen/host/scheduler';

/** The outcome of scheduling: the plugin-visible id, or an error. */
export class Scheduled {
  constructor(
    /** The schedule's id ("" when it failed). */
    public readonly scheduleId: string,
    /** Why scheduling failed; "" on success. */
    public readonly error: string,
  ) {}

  /** True when the host accepted the schedule. */
  get ok(): bool {
    return this.error.length == 0;
  }
}

/**
 * The error of a schedule the host refused: `ScheduleResponse` has no error field, so the host answers an
 * empty id (docs/contract.md §5) and the PDK turns that into this text.
 */
export const SCHEDULE_REFUSED = 'the host refused the schedule (invalid cron expression?): see the host log';

/** Turns the host's answer into a `Scheduled`: an empty id is an error. */
export function scheduledFrom(scheduleId: string): Scheduled {
  return scheduleId.length == 0 ? new Scheduled('', SCHEDULE_REFUSED) : new Scheduled(scheduleId, '');
}

/**
 * Schedules callbacks to this plugin's SchedulerCallback. Ids are per plugin; an empty id gets a generated
 * one; scheduling with an existing id replaces that schedule.
 */
export class Scheduler {
  /** Calls back once after `delaySeconds` (≤ 0: at once) with `payload`. */
  static oneTime(delaySeconds: i32, payload: Uint8Array, scheduleId: string = ''): Scheduled {
    const req = new ScheduleOneTimeRequest();
    req.delaySeconds = delaySeconds;
    req.payload = payload;
    req.scheduleId = scheduleId;
    return scheduledFrom(SchedulerService.scheduleOneTime(req).scheduleId);
  }

  /** Calls back on every tick of `cron` (5 fields, 6 with seconds, `@daily`, `@every 41s` ...). */
  static recurring(cron: string, payload: Uint8Array, scheduleId: string = ''): Scheduled {
    const req = new ScheduleRecurringRequest();
    req.cronExpression = cron;
    req.payload = payload;
    req.scheduleId = scheduleId;
    return scheduledFrom(SchedulerService.scheduleRecurring(req).scheduleId);
  }

  /** Cancels a schedule; returns "" on success, else the host's error (e.g. `schedule not found`). */
  static cancel(scheduleId: string): string {
    const req = new CancelRequest();
    req.scheduleId = scheduleId;
    const res = SchedulerService.cancelSchedule(req);
    return res.success ? '' : res.error.length > 0 ? res.error : 'cancel failed';
  }

  /** The host's clock. */
  static now(): TimeNowResponse {
    return SchedulerService.timeNow(new TimeNowRequest());
  }
}
