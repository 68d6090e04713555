import { err, ok, type Result } from '../result.js';
import { normalizeCronField, SECONDS_RULE, STANDARD_RULES } from './cron-field.js';
import { parseGoDuration } from './go-duration.js';

/**
 * The meaning of a valid recurring-schedule expression, normalized so that adapters need no parsing of their own:
 * - `every`: fire every `intervalMs` milliseconds (whole, at least 1), counted from when the schedule starts;
 * - `cron`: a 6-field pattern (`sec min hour dom month dow`) with numbers only (no names, no `?`), which croner
 *   and other 6-field cron libraries read the same way. `hasSeconds` tells whether the author wrote seconds.
 */
export type ScheduleExpression =
  | { readonly kind: 'every'; readonly intervalMs: number }
  | { readonly kind: 'cron'; readonly pattern: string; readonly hasSeconds: boolean };

const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

const EXAMPLES = '"*/5 * * * *", "0 */2 * * * *", "@hourly" or "@every 1m30s"';

function parseEvery(text: string, argument: string): Result<ScheduleExpression, string> {
  if (argument === '') return err(`"${text}" needs a duration, e.g. "@every 1m30s"`);
  const duration = parseGoDuration(argument);
  if (!duration.ok) return duration;
  if (duration.value <= 0) return err(`"${text}" needs a positive duration, e.g. "@every 41s"`);
  // Timers count whole milliseconds; a sub-millisecond interval would be a busy loop anyway.
  return ok({ kind: 'every', intervalMs: Math.max(1, Math.ceil(duration.value)) });
}

function parseCron(text: string, fields: readonly string[]): Result<ScheduleExpression, string> {
  if (fields.length !== 5 && fields.length !== 6) {
    return err(`"${text}" has ${fields.length} fields; expected 5 (or 6 with seconds first), or ${EXAMPLES}`);
  }
  const hasSeconds = fields.length === 6;
  const rules = hasSeconds ? [SECONDS_RULE, ...STANDARD_RULES] : STANDARD_RULES;
  const normalized = hasSeconds ? [] : ['0'];
  for (const [i, field] of fields.entries()) {
    const rule = rules[i];
    if (rule === undefined) return err(`"${text}" has too many fields`);
    const one = normalizeCronField(field, rule);
    if (!one.ok) return err(`"${text}": ${one.error}`);
    normalized.push(one.value);
  }
  return ok({ kind: 'cron', pattern: normalized.join(' '), hasSeconds });
}

/**
 * Parses a recurring-schedule expression (docs/contract.md §5): a standard 5-field cron (`min hour dom month dow`), a 6-field
 * cron with seconds first, a descriptor (`@yearly @annually @monthly @weekly @daily @midnight @hourly`) or
 * `@every <positive Go duration>`.
 *
 * Guarantees: pure; every field is range-checked (`61 * * * *` is refused); lists, ranges, steps, `?` and
 * month/day names (any case) are accepted; the error text says what is wrong and shows valid forms. Does not
 * accept the `L`, `W` and `#` extensions, a year field, or a `CRON_TZ=` prefix (the time zone is the host's).
 *
 * @example
 * ```ts
 * parseScheduleExpression('@every 1m30s'); // { ok: true, value: { kind: 'every', intervalMs: 90000 } }
 * parseScheduleExpression('0 9 * * MON-FRI'); // { ok: true, value: { kind: 'cron', pattern: '0 0 9 * * 1-5', hasSeconds: false } }
 * ```
 */
export function parseScheduleExpression(text: string): Result<ScheduleExpression, string> {
  const trimmed = text.trim();
  if (trimmed === '') return err(`the schedule expression is empty; use ${EXAMPLES}`);
  if (trimmed.startsWith('@')) {
    const [keyword = '', ...rest] = trimmed.split(/\s+/);
    const name = keyword.toLowerCase();
    if (name === '@every')
      return rest.length > 1
        ? err(`"${text}" has extra text after the duration`)
        : parseEvery(text, rest[0] ?? '');
    const pattern = DESCRIPTORS[name];
    if (pattern === undefined || rest.length > 0) {
      return err(`"${keyword}" is not a known descriptor (${Object.keys(DESCRIPTORS).join(' ')} @every)`);
    }
    return ok({ kind: 'cron', pattern, hasSeconds: false });
  }
  return parseCron(text, trimmed.split(/\s+/));
}
