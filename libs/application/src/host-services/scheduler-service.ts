import { NdpError } from '@ndp/domain';
import type { HostServiceContext, HostServiceImpl } from './host-service-types.js';
import { formatRfc3339Nano } from './rfc3339-nano.js';

/**
 * SchedulerService (docs/contract.md §5) over the `Scheduler` port, with per-plugin ids. An empty id gets a generated one.
 * `ScheduleResponse` has no error field, so a refused schedule (invalid expression, backend failure) answers an
 * empty `schedule_id` and is logged; the PDK turns the empty id into an error for the author.
 */
export function schedulerService(context: HostServiceContext): HostServiceImpl<'scheduler'> {
  const { scheduler, pluginId, logger } = context;
  const refused = (scheduleId: string, error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    if (NdpError.is(error, 'SCHEDULE_INVALID'))
      logger.warn('plugin schedule refused', { scheduleId, error: reason });
    else logger.error('plugin schedule failed', { scheduleId, error: reason });
    return { scheduleId: '' };
  };
  return {
    ScheduleOneTime: async (r) => {
      const scheduleId = r.scheduleId || context.generateId();
      try {
        await scheduler.scheduleOnce({
          pluginId,
          scheduleId,
          delayMs: r.delaySeconds * 1000,
          payload: r.payload,
        });
        return { scheduleId };
      } catch (error) {
        return refused(scheduleId, error);
      }
    },
    ScheduleRecurring: async (r) => {
      const scheduleId = r.scheduleId || context.generateId();
      try {
        await scheduler.scheduleRecurring({
          pluginId,
          scheduleId,
          expression: r.cronExpression,
          payload: r.payload,
        });
        return { scheduleId };
      } catch (error) {
        return refused(scheduleId, error);
      }
    },
    CancelSchedule: async (r) =>
      (await scheduler.cancel(pluginId, r.scheduleId))
        ? { success: true }
        : { success: false, error: 'schedule not found' },
    TimeNow: () => {
      const now = context.deps.clock.now();
      const zone = context.deps.clock.timeZone();
      return { rfc3339Nano: formatRfc3339Nano(now, zone), unixMilli: BigInt(now), localTimeZone: zone };
    },
  };
}
