import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './go-duration.js';

describe('parseGoDuration', () => {
  it.each([
    ['41s', 41_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1h', 3_600_000],
    ['2h45m', 9_900_000],
    ['1.5s', 1_500],
    ['.5s', 500],
    ['1.s', 1_000],
    ['1500us', 1.5],
    ['1500µs', 1.5],
    ['1500μs', 1.5],
    ['2000000ns', 2],
    ['1h1m1s1ms', 3_661_001],
    ['0', 0],
    ['0s', 0],
    ['-0s', 0],
    ['+5s', 5_000],
    ['-1s', -1_000],
    ['-1.5m', -90_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseGoDuration(text)).toEqual({ ok: true, value: ms });
  });

  it.each([
    '',
    '1',
    '1d',
    '1 s',
    's',
    '.s',
    '1s ',
    ' 1s',
    '10 parsecs',
    '--1s',
    '-',
    '1sm',
    '1h-1m',
    '3000000h',
  ])('%j is refused with a reason', (text) => {
    const parsed = parseGoDuration(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/duration/);
  });
});
