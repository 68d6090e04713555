import { describe, expect, it } from 'vitest';
import { SystemClock } from './system-clock.js';

describe('SystemClock', () => {
  it('reads the wall clock in whole milliseconds', () => {
    const before = Date.now();
    const now = new SystemClock().now();
    expect(Number.isInteger(now)).toBe(true);
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('reports the process zone as an IANA name by default', () => {
    const zone = new SystemClock().timeZone();
    expect(zone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(zone).not.toBe('Local');
  });

  it('reports a configured zone and refuses an unknown one', () => {
    expect(new SystemClock({ timeZone: 'Europe/Paris' }).timeZone()).toBe('Europe/Paris');
    expect(() => new SystemClock({ timeZone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
  });
});
