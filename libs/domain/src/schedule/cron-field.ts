import { err, ok, type Result } from '../result.js';

/** What one cron field accepts. Not exported by the package. */
export interface CronFieldRule {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  /** Names accepted for values, lower-case, the first standing for `nameBase`. */
  readonly names?: readonly string[];
  readonly nameBase?: number;
  /** Whether `?` (any) is accepted, as in day-of-month and day-of-week. */
  readonly question?: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The seconds field of the 6-field form. */
export const SECONDS_RULE: CronFieldRule = { label: 'seconds', min: 0, max: 59 };

/** The five standard fields, in order: minute, hour, day of month, month, day of week (0 and 7 are Sunday). */
export const STANDARD_RULES: readonly CronFieldRule[] = [
  { label: 'minutes', min: 0, max: 59 },
  { label: 'hours', min: 0, max: 23 },
  { label: 'day of month', min: 1, max: 31, question: true },
  { label: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { label: 'day of week', min: 0, max: 7, names: DAYS, nameBase: 0, question: true },
];

function valueOf(token: string, rule: CronFieldRule): number | undefined {
  const named = rule.names?.indexOf(token.toLowerCase()) ?? -1;
  if (named >= 0) return named + (rule.nameBase ?? 0);
  if (!/^\d{1,2}$/.test(token)) return undefined;
  const n = Number(token);
  return n >= rule.min && n <= rule.max ? n : undefined;
}

function normalizeItem(item: string, rule: CronFieldRule): Result<string, string> {
  const invalid = err(`"${item}" is not valid for ${rule.label} (${rule.min}-${rule.max})`);
  const parts = item.split('/');
  if (parts.length > 2) return invalid;
  const [range = '', stepText] = parts;
  let step = '';
  if (stepText !== undefined) {
    if (!/^\d{1,2}$/.test(stepText) || Number(stepText) < 1)
      return err(`bad step in "${item}" for ${rule.label}`);
    step = `/${Number(stepText)}`;
  }
  if (range === '*' || (range === '?' && rule.question)) return ok(`*${step}`);
  const bounds = range.split('-');
  if (bounds.length > 2) return invalid;
  const low = valueOf(bounds[0] ?? '', rule);
  if (low === undefined) return invalid;
  if (bounds.length === 1) {
    // `5/15` means "from 5 to the end, every 15" (Vixie cron, robfig/cron); croner wants it spelled as a range.
    return ok(step === '' ? `${low}` : `${low}-${rule.max}${step}`);
  }
  const high = valueOf(bounds[1] ?? '', rule);
  if (high === undefined || high < low) return invalid;
  return ok(`${low}-${high}${step}`);
}

/**
 * Validates one cron field (a comma list of `*`, `?`, `N`, `N-M`, each with an optional `/step`; names for months
 * and days) and returns it in a canonical spelling: numbers instead of names, `?` as `*`, `N/step` as
 * `N-max/step`. `*` stays `*`, so the day-of-month/day-of-week "either matches" rule of cron is kept.
 * Not exported by the package.
 */
export function normalizeCronField(field: string, rule: CronFieldRule): Result<string, string> {
  const items: string[] = [];
  for (const item of field.split(',')) {
    const normalized = normalizeItem(item, rule);
    if (!normalized.ok) return normalized;
    items.push(normalized.value);
  }
  return ok(items.join(','));
}
