import { describeValue, parseIsoTimestamp } from '@twinflow/core';
import { EPOCH_MS_THRESHOLD, MAX_DATE_MS } from './constants';
import { TelemetryValidationError } from './errors';

// A string of digits, optionally with a decimal fraction, is an epoch number like a JSON number.
const EPOCH_TEXT_PATTERN = /^\d{1,16}(?:\.\d{1,9})?$/;

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
