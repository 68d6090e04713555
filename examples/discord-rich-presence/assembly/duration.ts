// Go-style durations ("41s", "200ms", "1m30s") for the `heartbeat` and `close_delay` settings; a bare number
// means seconds, which is what people write in a TOML file when they do not think of units.

function unitMs(unit: string): f64 {
  if (unit == 'ms') return 1;
  if (unit == 's' || unit == '') return 1000;
  if (unit == 'm') return 60_000;
  if (unit == 'h') return 3_600_000;
  return -1;
}

function isDigit(c: i32): bool {
  return c >= 0x30 && c <= 0x39;
}

/** `text` in milliseconds (rounded up), or -1 when it is not a non-negative duration. */
export function parseDurationMs(text: string): i64 {
  const s = text.trim();
  if (s == '') return -1;
  let total: f64 = 0;
  let i = 0;
  while (i < s.length) {
    const start = i;
    while (i < s.length && (isDigit(s.charCodeAt(i)) || s.charCodeAt(i) == 0x2e)) i++;
    if (i == start) return -1;
    const amount = parseFloat(s.substring(start, i));
    if (isNaN(amount)) return -1;
    const unitStart = i;
    while (i < s.length && !isDigit(s.charCodeAt(i)) && s.charCodeAt(i) != 0x2e) i++;
    const factor = unitMs(s.substring(unitStart, i));
    // A bare number is only accepted on its own: "1m30" is more likely a typo than 1 min 30 s.
    if (factor < 0 || (unitStart == i && start != 0)) return -1;
    total += amount * factor;
  }
  return <i64>Math.ceil(total);
}
