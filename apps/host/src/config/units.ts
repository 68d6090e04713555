import { isOk, parseGoDuration } from '@ndp/domain';

const BYTE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
};

/**
 * Parses a byte size such as `"100MB"`, `"64MiB"`, `"512k"` or a plain number of bytes. KB/MB/GB are decimal
 * (as in Navidrome's `CacheSize`), KiB/MiB/GiB and k/m/g binary. Returns undefined when the text is not a size.
 */
export function parseByteSize(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  if (!m) return undefined;
  const unit = BYTE_UNITS[(m[2] || 'b').toLowerCase()];
  return unit === undefined ? undefined : Math.round(Number(m[1]) * unit);
}

/**
 * Parses a duration: Go syntax (`"10s"`, `"1m30s"`, `"500ms"`) or a plain number of seconds. Returns
 * milliseconds, or undefined when the text is not a non-negative duration.
 */
export function parseDurationMs(value: string | number): number | undefined {
  if (typeof value === 'number') return value >= 0 ? value * 1000 : undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
  const parsed = parseGoDuration(value.trim());
  return isOk(parsed) && parsed.value >= 0 ? parsed.value : undefined;
}
