import { err, ok, type Result } from '../result.js';

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3, // U+00B5 micro sign, as Go accepts
  μs: 1e-3, // U+03BC Greek mu, as Go accepts
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

// One `<number><unit>` term; Go allows `1.`, `.5` and `1.5` but not a bare `.`.
const TERM = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

// Go's time.Duration is an int64 of nanoseconds: about 292 years.
const MAX_MS = 9_223_372_036_854.775;

/**
 * Parses a Go duration string (`time.ParseDuration` syntax: `41s`, `1m30s`, `500ms`, `1.5h`, `-2m`, `0`) into
 * milliseconds, possibly fractional (`1500us` is 1.5).
 *
 * Guarantees: accepts exactly Go's grammar (an optional sign, then one or more `<decimal><unit>` terms with units
 * `ns us µs μs ms s m h`, or the bare `0`), and refuses anything Go would refuse (`1`, `1d`, `1 s`, empty text) or
 * anything longer than Go's 290-year maximum, with a reason. Does not guarantee nanosecond exactness: the result
 * is a JavaScript number of milliseconds.
 *
 * @example
 * ```ts
 * parseGoDuration('1m30s'); // { ok: true, value: 90000 }
 * parseGoDuration('10 parsecs'); // { ok: false, error: '"10 parsecs" is not a Go duration ...' }
 * ```
 */
export function parseGoDuration(text: string): Result<number, string> {
  const bad = err(`"${text}" is not a Go duration (e.g. "41s", "1m30s", "500ms", "2h45m")`);
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return ok(0);
  if (rest === '') return bad;
  let total = 0;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < rest.length) {
    const match = TERM.exec(rest);
    if (!match) return bad;
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN);
  }
  if (!Number.isFinite(total) || total > MAX_MS) return err(`"${text}" is longer than the maximum duration`);
  // `-0s` must not come out as -0: callers compare with 0 and print it.
  return ok(total === 0 ? 0 : sign * total);
}
