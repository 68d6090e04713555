/** What a valid expression means, as far as the fake scheduler cares. */
export type ScheduleExpression =
  | { readonly kind: 'every'; readonly intervalMs: number }
  | { readonly kind: 'cron'; readonly fieldCount: 5 | 6 }
  | { readonly kind: 'descriptor'; readonly name: string };

/** Either the meaning of the expression or why it is invalid. */
export type ScheduleExpressionParse =
  | { readonly ok: true; readonly expression: ScheduleExpression }
  | { readonly ok: false; readonly reason: string };

const DESCRIPTORS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);
const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldRule {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly question?: boolean;
}

const SECONDS: FieldRule = { label: 'seconds', min: 0, max: 59 };
const FIVE_FIELDS: readonly FieldRule[] = [
  { label: 'minutes', min: 0, max: 59 },
  { label: 'hours', min: 0, max: 23 },
  { label: 'day of month', min: 1, max: 31, question: true },
  { label: 'month', min: 1, max: 12, names: MONTHS },
  { label: 'day of week', min: 0, max: 7, names: DAYS, question: true },
];

/** Parses a Go-style duration (`1m30s`, `500ms`); undefined when it is not one. Signs are not accepted. */
export function parseGoDuration(text: string): number | undefined {
  if (text === '') return undefined;
  let total = 0;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < text.length) {
    const at = DURATION_PART.lastIndex;
    const match = DURATION_PART.exec(text);
    if (!match || match.index !== at) return undefined;
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? NaN);
  }
  return Number.isFinite(total) ? total : undefined;
}

function valueOf(token: string, rule: FieldRule): number | undefined {
  const named = rule.names?.indexOf(token.toLowerCase()) ?? -1;
  if (named >= 0) return named + (rule.names === MONTHS ? 1 : 0);
  if (!/^\d+$/.test(token)) return undefined;
  const n = Number(token);
  return n >= rule.min && n <= rule.max ? n : undefined;
}

function fieldProblem(field: string, rule: FieldRule): string | undefined {
  for (const item of field.split(',')) {
    const [range = '', step, extra] = item.split('/');
    if (extra !== undefined || (step !== undefined && !/^[1-9]\d*$/.test(step)))
      return `bad step in "${item}"`;
    if (range === '*' || (range === '?' && rule.question)) continue;
    const [from = '', to, more] = range.split('-');
    const low = valueOf(from, rule);
    const high = to === undefined ? low : valueOf(to, rule);
    if (more !== undefined || low === undefined || high === undefined || high < low) {
      return `"${item}" is not valid for ${rule.label} (${rule.min}-${rule.max})`;
    }
  }
  return undefined;
}

/**
 * Validates a schedule expression per the `Scheduler` port's grammar: 5-field cron, 6-field cron with seconds
 * first, descriptors, and `@every <positive Go duration>`.
 *
 * A fake's validator: good enough to accept and reject what the contract suite tries, not a full cron parser
 * (no `L`, `W`, `#`), and it computes no firing times for cron.
 *
 * @example
 * ```ts
 * parseScheduleExpression('@every 1m30s'); // { ok: true, expression: { kind: 'every', intervalMs: 90000 } }
 * ```
 */
export function parseScheduleExpression(text: string): ScheduleExpressionParse {
  const trimmed = text.trim();
  if (trimmed.startsWith('@every')) {
    const rest = trimmed.slice('@every'.length);
    const ms = /^\s+\S+$/.test(rest) ? parseGoDuration(rest.trim()) : undefined;
    if (ms === undefined || ms <= 0)
      return { ok: false, reason: `"${text}" needs a positive duration like "@every 1m30s"` };
    return { ok: true, expression: { kind: 'every', intervalMs: ms } };
  }
  if (trimmed.startsWith('@')) {
    if (DESCRIPTORS.has(trimmed)) return { ok: true, expression: { kind: 'descriptor', name: trimmed } };
    return { ok: false, reason: `unknown descriptor "${trimmed}"` };
  }
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    return { ok: false, reason: `"${text}" has ${fields.length} fields; expected 5 (or 6 with seconds)` };
  }
  const rules = fields.length === 6 ? [SECONDS, ...FIVE_FIELDS] : FIVE_FIELDS;
  for (const [i, field] of fields.entries()) {
    const problem = fieldProblem(field, rules[i] as FieldRule);
    if (problem) return { ok: false, reason: problem };
  }
  return { ok: true, expression: { kind: 'cron', fieldCount: fields.length === 6 ? 6 : 5 } };
}
