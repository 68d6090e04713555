// Named scheduler callbacks: several independent callbacks in one plugin share
// its single SchedulerCallback export. Ids travel as `name + U+200B + id`; the router below splits them.
import { SchedulerCallbackRequest, SchedulerCallbackResponse } from '@ndp/protocol/assembly/gen/api/api';
import { fail } from './errors';
import { SchedulerCallback, registerSchedulerCallback } from './gen/capabilities/scheduler_callback';
import { Scheduled, Scheduler } from './scheduler';

/** Separates a callback's name from the id its scheduler was given (a zero-width space). */
export const NAME_SEPARATOR = '\u200B';

/**
 * A scheduler whose schedules call back one named callback. Its ids are the author's own: the prefix is
 * added on the way to the host and removed from what comes back. An empty id is the same id every time
 * (`name + U+200B`), so pass one when several schedules of a name must coexist.
 */
export class NamedScheduler {
  private readonly prefix: string;

  constructor(
    /** The callback name this scheduler routes to. */
    public readonly name: string,
  ) {
    this.prefix = name + NAME_SEPARATOR;
  }

  private strip(s: Scheduled): Scheduled {
    if (!s.ok) return s;
    const id = s.scheduleId.startsWith(this.prefix)
      ? s.scheduleId.substring(this.prefix.length)
      : s.scheduleId;
    return new Scheduled(id, '');
  }

  /** Like `Scheduler.oneTime`, routed to this name. */
  scheduleOneTime(delaySeconds: i32, payload: Uint8Array, scheduleId: string = ''): Scheduled {
    return this.strip(Scheduler.oneTime(delaySeconds, payload, this.prefix + scheduleId));
  }

  /** Like `Scheduler.recurring`, routed to this name. */
  scheduleRecurring(cron: string, payload: Uint8Array, scheduleId: string = ''): Scheduled {
    return this.strip(Scheduler.recurring(cron, payload, this.prefix + scheduleId));
  }

  /** Like `Scheduler.cancel`, for an id of this name. */
  cancelSchedule(scheduleId: string): string {
    return Scheduler.cancel(this.prefix + scheduleId);
  }
}

/** The SchedulerCallback installed by `registerNamedSchedulerCallback`: dispatches on the id's name. */
class NamedSchedulerRouter extends SchedulerCallback {
  readonly callbacks: Map<string, SchedulerCallback> = new Map();

  onSchedulerCallback(request: SchedulerCallbackRequest): SchedulerCallbackResponse | null {
    const id = request.scheduleId;
    const at = id.indexOf(NAME_SEPARATOR);
    if (at < 0) {
      fail('schedule "' + id + '" has no callback name: schedule it through a NamedScheduler');
      return null;
    }
    const name = id.substring(0, at);
    if (!this.callbacks.has(name)) {
      fail('no scheduler callback named "' + name + '" is registered');
      return null;
    }
    request.scheduleId = id.substring(at + NAME_SEPARATOR.length);
    return this.callbacks.get(name).onSchedulerCallback(request);
  }
}

let router: NamedSchedulerRouter | null = null;

/**
 * Registers `callback` under `name` and returns the scheduler whose schedules reach it with their bare ids.
 * The first call installs a router as the plugin's SchedulerCallback (so do not also call
 * `registerSchedulerCallback`: the last registration wins). Re-export the SchedulerCallback exports from the
 * entry file as for any capability.
 *
 * ```ts
 * const heartbeat = registerNamedSchedulerCallback("heartbeat", new Heartbeat());
 * heartbeat.scheduleRecurring("@every 41s", new Uint8Array(0), username);
 * ```
 */
export function registerNamedSchedulerCallback(name: string, callback: SchedulerCallback): NamedScheduler {
  let r = router;
  if (r == null) {
    r = new NamedSchedulerRouter();
    router = r;
  }
  // Re-registering keeps the router in place even if something replaced it in between.
  registerSchedulerCallback(r);
  r.callbacks.set(name, callback);
  return new NamedScheduler(name);
}
