// RFC 3339 / ISO-8601 extended format: a calendar date, optionally a time (minutes, seconds and a
// fraction optional), optionally a zone designator (Z, ±hh, ±hh:mm, ±hhmm). `T`, `t` or a space
// separates date and time. Nothing else: no week dates, no basic format, no words.
const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
const ISO_UTC_MILLIS_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The hint every message about a stored timestamp gives. */
export const ISO_UTC_MILLIS_HINT = 'ISO-8601 UTC with milliseconds, e.g. 2026-11-24T08:00:00.000Z';

/**
 * Strict ISO-8601 parse: epoch ms, or `undefined` for anything that is not a real calendar date
 * and time (`2026-13-45`, `2026-02-30`, `24:00`, `yesterday`). Without a zone designator it is UTC.
 *
 * @example
 * ```ts
 * parseIsoTimestamp('2026-11-24T09:00:00+01:00'); // 1763971200000
 * parseIsoTimestamp('2026-02-30');                // undefined
 * ```
 */
export function parseIsoTimestamp(text: string): number | undefined {
  const match = ISO_PATTERN.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(Number(h), Number(mi), Number(s), millis);
  const ms = date.getTime();
  if (zone === undefined || zone === 'Z' || zone === 'z') return ms;
  const digits = zone.slice(1).replace(':', '');
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMinutes = Number(digits.slice(2) || '0');
  if (offsetHours > 14 || offsetMinutes > 59) return undefined;
  const sign = zone.startsWith('-') ? -1 : 1;
  return ms - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

/**
 * The one timestamp rule of the pipeline: a `TelemetryEvent.timestamp` (and the hot table's
 * RANGE key) is exactly what `new Date(ms).toISOString()` produces for a real instant,
 * `2026-11-24T08:00:00.000Z`. The dispatcher normalizes every raw time to it; the wrapper, the
 * persister, `defineProcessor` and `toHotTableItem` accept nothing else.
 *
 * @example
 * ```ts
 * isIsoUtcMillis('2026-11-24T08:00:00.000Z'); // true
 * isIsoUtcMillis('2026-11-24T08:00:00Z');     // false: no milliseconds
 * ```
 */
export function isIsoUtcMillis(text: unknown): text is string {
  if (typeof text !== 'string' || !ISO_UTC_MILLIS_PATTERN.test(text)) return false;
  const ms = parseIsoTimestamp(text);
  return ms !== undefined && new Date(ms).toISOString() === text;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
