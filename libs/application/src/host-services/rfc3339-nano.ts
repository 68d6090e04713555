/**
 * Formats `epochMs` like Go's `time.RFC3339Nano` in `timeZone` (an IANA name): local date and time, a fraction
 * with trailing zeros removed (none when whole seconds), and `Z` for UTC or the `±hh:mm` offset.
 * The clock has millisecond resolution, so at most 3 fraction digits appear.
 *
 * @example
 * ```ts
 * formatRfc3339Nano(Date.UTC(2025, 0, 2, 3, 4, 5, 120), 'Europe/Paris'); // '2025-01-02T04:04:05.12+01:00'
 * ```
 */
export function formatRfc3339Nano(epochMs: number, timeZone: string): string {
  const offsetMinutes = zoneOffsetMinutes(epochMs, timeZone);
  const local = new Date(epochMs + offsetMinutes * 60_000);
  const date = local.toISOString().slice(0, 19);
  const ms = local.getUTCMilliseconds();
  const fraction = ms === 0 ? '' : `.${String(ms).padStart(3, '0').replace(/0+$/, '')}`;
  return `${date}${fraction}${formatOffset(offsetMinutes)}`;
}

function formatOffset(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'Z'; // as Go's Z07:00 layout does, whatever the zone's name
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

// Intl gives the wall-clock fields in the zone; their difference from UTC is the offset at that instant.
function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(epochMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const wholeSeconds = epochMs - (((epochMs % 1000) + 1000) % 1000);
  return Math.round((asUtc - wholeSeconds) / 60_000);
}
