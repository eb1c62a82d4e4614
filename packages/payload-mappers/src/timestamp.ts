import { EPOCH_MS_THRESHOLD } from './constants';
import { TelemetryValidationError } from './errors';
import { preview } from './json';

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const EPOCH_TEXT_PATTERN = /^\d{1,16}(?:\.\d+)?$/;

/**
 * Parses a raw time value to epoch milliseconds: an ISO-8601 date or date-time (no zone
 * designator means UTC), epoch seconds, or epoch milliseconds (numbers above 1e12); a string of
 * digits is read as an epoch number.
 *
 * @throws TelemetryValidationError `invalid-timestamp`
 */
export function parseTimestamp(value: unknown, field: string): number {
  if (typeof value === 'number') return fromEpoch(value, field);
  if (typeof value === 'string') {
    if (EPOCH_TEXT_PATTERN.test(value)) return fromEpoch(Number(value), field);
    const ms = parseIso(value);
    if (ms !== undefined) return ms;
    throw new TelemetryValidationError('invalid-timestamp', `${field}: ${preview(value)} is not an ISO-8601 date-time or epoch number`, field);
  }
  const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  throw new TelemetryValidationError('invalid-timestamp', `${field}: expected an ISO-8601 string or epoch number, got ${kind}`, field);
}

function fromEpoch(value: number, field: string): number {
  if (!Number.isFinite(value)) {
    throw new TelemetryValidationError('invalid-timestamp', `${field}: epoch value must be a finite number`, field);
  }
  return Math.round(value > EPOCH_MS_THRESHOLD ? value : value * 1000);
}

function parseIso(text: string): number | undefined {
  const match = ISO_PATTERN.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const millis = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  let ms = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s), millis);
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetH = Number(digits.slice(0, 2));
    const offsetM = Number(digits.slice(2, 4));
    if (offsetH > 14 || offsetM > 59) return undefined;
    ms -= sign * (offsetH * 60 + offsetM) * 60_000;
  }
  return ms;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
