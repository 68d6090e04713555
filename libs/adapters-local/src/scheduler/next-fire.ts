import { Cron } from 'croner';
import type { ScheduleExpression } from '@ndp/domain';

/** When a recurring schedule fires next, strictly after `after` (ms since the epoch); undefined = never. */
export type NextFire = (after: number) => number | undefined;

/**
 * The calendar of one recurring schedule.
 *
 * `every`: drift-free, anchored at `anchor` (when the schedule was made): the next firing is the first
 * `anchor + k * intervalMs` (k >= 1) after `after`, so a late timer never pushes the later firings back, and
 * firings missed while the process was busy are skipped rather than run in a burst.
 * `cron`: croner's calendar for the normalized 6-field pattern in `timeZone` (undefined = the process's local
 * zone). A pattern that can never match (`0 0 0 31 2 *`) answers undefined.
 */
export function nextFireOf(expression: ScheduleExpression, anchor: number, timeZone?: string): NextFire {
  if (expression.kind === 'every') {
    const interval = expression.intervalMs;
    return (after) => anchor + Math.max(1, Math.floor((after - anchor) / interval) + 1) * interval;
  }
  // Paused and without a callback: only the calendar is used; the scheduler owns the timers.
  const cron = new Cron(expression.pattern, {
    paused: true,
    mode: '6-part',
    ...(timeZone === undefined ? {} : { timezone: timeZone }),
  });
  return (after) => cron.nextRun(new Date(after))?.getTime();
}
