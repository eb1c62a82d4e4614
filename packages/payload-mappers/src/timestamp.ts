import { describeValue } from './describeValue';
import { EPOCH_MS_THRESHOLD, MAX_DATE_MS } from './constants';
import { TelemetryValidationError } from './errors';

// RFC 3339 / ISO-8601 extended format: a calendar date, optionally a time (minutes, seconds and a
// fraction optional), optionally a zone designator (Z, ±hh, ±hh:mm, ±hhmm). `T`, `t` or a space
// separates date and time. Nothing else: no week dates, no basic format, no words.
const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
// A string of digits, optionally with a decimal fraction, is an epoch number like a JSON number.
const EPOCH_TEXT_PATTERN = /^\d{1,16}(?:\.\d{1,9})?$/;
const ISO_UTC_MILLIS_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Parses a raw time value to epoch milliseconds:
 * - a number: epoch seconds, or epoch milliseconds when above 1e12 (fractions kept, rounded to ms);
 * - a string of digits (optionally with a fraction): read as that number;
 * - an ISO-8601 date or date-time string; without a zone designator it is UTC.
 *
 * @throws TelemetryValidationError `invalid-timestamp` naming `field`
 */
export function parseTimestamp(value: unknown, field: string): number {
  if (typeof value === 'number') return fromEpoch(value, field);
  if (typeof value === 'string') {
    if (EPOCH_TEXT_PATTERN.test(value)) return fromEpoch(Number(value), field);
    const ms = parseIsoTimestamp(value);
    if (ms !== undefined) return ms;
    throw new TelemetryValidationError(
      'invalid-timestamp',
      `${field}: ${describeValue(value)} is not an ISO-8601 date-time (e.g. 2026-11-24T08:00:00Z) nor an epoch number`,
      field,
    );
  }
  throw new TelemetryValidationError(
    'invalid-timestamp',
    `${field}: expected an ISO-8601 string or an epoch number, got ${describeValue(value)}`,
    field,
  );
}

/**
 * Strict ISO-8601 parse (see the pattern above): epoch ms, or `undefined` for anything that is not
 * a real calendar date and time (`2026-13-45`, `2026-02-30`, `24:00`, `yesterday`).
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
 * Whether `text` is exactly what `new Date(ms).toISOString()` produces for a real instant
 * (`2026-11-24T08:00:00.000Z`): the form of every stored timestamp.
 */
export function isIsoUtcMillis(text: unknown): text is string {
  if (typeof text !== 'string' || !ISO_UTC_MILLIS_PATTERN.test(text)) return false;
  const ms = parseIsoTimestamp(text);
  return ms !== undefined && new Date(ms).toISOString() === text;
}

/** `new Date(ms).toISOString()`, or a plain number for instants a Date cannot hold. */
export function formatInstant(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? new Date(ms).toISOString() : String(ms);
}

function fromEpoch(value: number, field: string): number {
  if (!Number.isFinite(value)) {
    throw new TelemetryValidationError('invalid-timestamp', `${field}: an epoch time must be a finite number, got ${String(value)}`, field);
  }
  return Math.round(value > EPOCH_MS_THRESHOLD ? value : value * 1000);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
