import { describe, expect, it } from 'vitest';
import { parseScheduleExpression } from './schedule-expression.js';

describe('parseScheduleExpression', () => {
  it.each([
    ['*/5 * * * *', '0 */5 * * * *', false],
    ['0 9 * * 1-5', '0 0 9 * * 1-5', false],
    ['0 9 * * MON-FRI', '0 0 9 * * 1-5', false],
    ['15,45 3 1 jan,jul sun', '0 15,45 3 1 1,7 0', false],
    ['0 0 1 JAN *', '0 0 0 1 1 *', false],
    ['0 0 ? * 7', '0 0 0 * * 7', false],
    ['5/15 * * * *', '0 5-59/15 * * * *', false],
    ['0 1-23/2 * * *', '0 0 1-23/2 * * *', false],
    ['  30   2  *  *  *  ', '0 30 2 * * *', false],
    ['0 */2 * * * *', '0 */2 * * * *', true],
    ['*/10 * * * * *', '*/10 * * * * *', true],
    ['59 59 23 31 12 6', '59 59 23 31 12 6', true],
    ['@yearly', '0 0 0 1 1 *', false],
    ['@annually', '0 0 0 1 1 *', false],
    ['@monthly', '0 0 0 1 * *', false],
    ['@weekly', '0 0 0 * * 0', false],
    ['@daily', '0 0 0 * * *', false],
    ['@midnight', '0 0 0 * * *', false],
    ['@hourly', '0 0 * * * *', false],
    ['@HOURLY', '0 0 * * * *', false],
  ])('%j is the cron pattern %j (seconds written: %s)', (text, pattern, hasSeconds) => {
    expect(parseScheduleExpression(text)).toEqual({ ok: true, value: { kind: 'cron', pattern, hasSeconds } });
  });

  it.each([
    ['@every 41s', 41_000],
    ['@every 1m30s', 90_000],
    ['@every 500ms', 500],
    ['@every 1h', 3_600_000],
    ['@every 2h45m', 9_900_000],
    ['@every 1.5s', 1_500],
    ['@every   200ms', 200],
    ['@every 10us', 1],
  ])('%j fires every %d ms', (text, intervalMs) => {
    expect(parseScheduleExpression(text)).toEqual({ ok: true, value: { kind: 'every', intervalMs } });
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['nope', /1 fields/],
    ['* * *', /3 fields/],
    ['* * * * * * *', /7 fields/],
    ['61 * * * *', /"61" is not valid for minutes \(0-59\)/],
    ['* 24 * * *', /hours/],
    ['* * 0 * *', /day of month/],
    ['* * 32 * *', /day of month/],
    ['* * * 13 *', /month/],
    ['* * * * 8', /day of week/],
    ['60 * * * * *', /seconds/],
    ['* * * mon *', /month/],
    ['* * * * jan', /day of week/],
    ['5-1 * * * *', /"5-1"/],
    ['1-2-3 * * * *', /"1-2-3"/],
    ['*/0 * * * *', /bad step/],
    ['*/x * * * *', /bad step/],
    ['1/2/3 * * * *', /"1\/2\/3"/],
    ['? * * * *', /minutes/],
    ['1, * * * *', /"" is not valid/],
    ['L * * * *', /minutes/],
    ['0 0 L * *', /day of month/],
    ['0 0 * * 5#3', /day of week/],
    ['-1 * * * *', /minutes/],
    ['@fortnightly', /not a known descriptor/],
    ['@daily extra', /not a known descriptor/],
    ['@every', /needs a duration/],
    ['@every -1s', /positive/],
    ['@every 0s', /positive/],
    ['@every 0', /positive/],
    ['@every 10 parsecs', /extra text/],
    ['@every parsecs', /not a Go duration/],
    ['@every 5', /not a Go duration/],
    ['CRON_TZ=UTC 0 9 * * *', /"CRON_TZ=UTC" is not valid/],
  ])('%j is refused (%s)', (text, reason) => {
    const parsed = parseScheduleExpression(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(reason);
  });
});
