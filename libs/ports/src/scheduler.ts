import type {
  ScheduleFireHandler,
  ScheduleInfo,
  ScheduleOnceRequest,
  ScheduleRecurringRequest,
} from './schedule-types.js';

/**
 * Timers for plugins: one-time and recurring schedules that call back into the owning plugin.
 *
 * Guarantees:
 * - Ids are per plugin: the same `scheduleId` in two plugins names two independent schedules.
 * - Scheduling with an id that exists replaces the old schedule, whichever kind either is; the old one never
 *   fires after the call resolves.
 * - An invalid expression rejects with `NdpError` `SCHEDULE_INVALID` and changes nothing.
 * - A one-time schedule is removed before its handler runs (`list` inside the handler no longer shows it);
 *   `delayMs <= 0` fires at once.
 * - After `cancel`, `cancelAll` or `close` resolve, no new firing of the affected schedules starts.
 * - In a cluster (BullMQ adapter) each firing runs on exactly one node and schedules survive a node restart;
 *   the in-process adapter is a single node and keeps nothing across restarts.
 * Does not guarantee: exact timing (firings may be late under load; a recurring schedule does not catch up on
 * firings missed while no node ran), or that two firings of one recurring schedule never overlap when the
 * handler is slower than the period. A handler that rejects is logged by the adapter; the firing is not retried.
 *
 * @example
 * ```ts
 * scheduler.onFire(async (fire) => dispatch.onSchedulerCallback(fire.pluginId, fire));
 * await scheduler.start();
 * await scheduler.scheduleRecurring({ pluginId: 'lb', scheduleId: 'sync', expression: '@every 5m', payload });
 * ```
 */
export interface Scheduler {
  scheduleOnce(request: ScheduleOnceRequest): Promise<void>;
  scheduleRecurring(request: ScheduleRecurringRequest): Promise<void>;
  /** True when a schedule with this id existed and is now cancelled. */
  cancel(pluginId: string, scheduleId: string): Promise<boolean>;
  /** Cancels every schedule of the plugin (removed or disabled plugin). */
  cancelAll(pluginId: string): Promise<void>;
  /** The plugin's pending schedules, in no particular order. */
  list(pluginId: string): Promise<ScheduleInfo[]>;
  /** Sets the one handler of all firings; call it before `start`. A second call replaces the handler. */
  onFire(handler: ScheduleFireHandler): void;
  /** Begins firing. Schedules may be added before; nothing fires until `start` resolves. */
  start(): Promise<void>;
  /** Stops firing and releases timers and connections; idempotent. */
  close(): Promise<void>;
}
