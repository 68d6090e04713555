import { describe, expect, it } from 'vitest';
import { INVALID_SCHEDULE_EXPRESSIONS, VALID_SCHEDULE_EXPRESSIONS } from '../scheduler-contract-recurring.js';
import { parseGoDuration, parseScheduleExpression } from './schedule-expression.js';

describe('the fake scheduler’s expression validator', () => {
  it('accepts what the contract requires and rejects what it forbids', () => {
    for (const e of VALID_SCHEDULE_EXPRESSIONS) expect(parseScheduleExpression(e).ok, e).toBe(true);
    for (const e of INVALID_SCHEDULE_EXPRESSIONS) expect(parseScheduleExpression(e).ok, e).toBe(false);
  });

  it('reads Go durations', () => {
    expect(parseGoDuration('1m30s')).toBe(90_000);
    expect(parseGoDuration('500ms')).toBe(500);
    expect(parseGoDuration('1.5h')).toBe(5_400_000);
    expect(parseGoDuration('2h45m')).toBe(9_900_000);
    expect(parseGoDuration('-1s')).toBeUndefined();
    expect(parseGoDuration('10')).toBeUndefined();
    expect(parseGoDuration('1x')).toBeUndefined();
  });

  it('gives @every its interval and rejects out-of-range fields with a reason', () => {
    expect(parseScheduleExpression('@every 100ms')).toEqual({
      ok: true,
      expression: { kind: 'every', intervalMs: 100 },
    });
    const bad = parseScheduleExpression('0 24 * * *');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/hours/);
    expect(parseScheduleExpression('5-1 * * * *').ok).toBe(false);
    expect(parseScheduleExpression('*/0 * * * *').ok).toBe(false);
    expect(parseScheduleExpression('? * * * *').ok).toBe(false);
    expect(parseScheduleExpression('0 0 ? * mon').ok).toBe(true);
  });
});
