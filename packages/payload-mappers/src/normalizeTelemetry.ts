import { DEVICE_ID_PATTERN, isDeviceId, type JsonObject, type JsonValue, type TelemetryEvent } from '@twinflow/core';
import { DEVICE_ID_FIELDS, EVENT_ID_FIELDS, EVENT_ID_PATTERN, FORBIDDEN_KEYS, MAX_DATE_MS, TIMESTAMP_FIELDS } from './constants';
import { TelemetryValidationError, type TelemetryRejectReason } from './errors';
import { computeEventId } from './eventId';
import { describeKind, describeValue, findJsonIssue, isPlainObject, type JsonIssueKind } from '@twinflow/core';
import { readClock, resolveNormalizeOptions, type ResolvedNormalizeOptions } from './options';
import { formatInstant, parseTimestamp } from './timestamp';
import type { NormalizeOptions } from './types';

/** Fields that are not payload: they identify the reading. */
const RESERVED_FIELDS: ReadonlySet<string> = new Set<string>([...DEVICE_ID_FIELDS, ...TIMESTAMP_FIELDS, ...EVENT_ID_FIELDS]);

const ISSUE_REASONS: Record<JsonIssueKind, TelemetryRejectReason> = {
  'too-large': 'payload-too-large',
  'too-deep': 'payload-too-deep',
  'forbidden-key': 'forbidden-key',
  'not-json': 'invalid-payload',
};

/**
 * Turns a raw reading into a {@link TelemetryEvent}. Checks run in this order, the first failure
 * wins: the reading is a plain object → device id (`device_id` | `deviceId` | `iotDeviceId` |
 * `IoTDeviceId`, aliases that disagree are rejected) → time (`timestamp` | `time` | `ts`, the first
 * present wins: ISO-8601, epoch seconds, epoch ms above 1e12, or a digit string read as an epoch
 * number; missing → receive time) → caller event id → one bounded pass over the whole reading (size,
 * depth, forbidden keys, JSON values). Only own properties are read.
 *
 * The payload is a new plain object holding every other field (nested values are shared with
 * `raw`, not copied; they passed the same checks); an `eventId`/`event_id` matching
 * `EVENT_ID_PATTERN` is kept as the event id (replays keep their identity); a malformed one is
 * rejected (`invalid-payload`) rather than replaced, because replacing it would silently drop the
 * identity the sender chose; without one the id is {@link computeEventId}.
 *
 * @param raw - the reading, e.g. from {@link parseRawTelemetry} or the IoT rule event
 * @param options - `twin` (required), `now`, `maxBytes`, `maxDepth`, `maxFutureSkewMs`, `minTimestampMs`
 * @throws TelemetryValidationError with a `reason` and `field` for every bad reading
 * @throws InvalidTwinNameError / MapperOptionsError for bad options (not the reading's fault)
 * @example
 * ```ts
 * const event = normalizeTelemetry({ deviceId: 'thermostat-1', ts: 1764000000, temperature: 70 }, { twin: 'demo' });
 * // { twin: 'demo', deviceId: 'thermostat-1', timestamp: '2025-11-24T16:00:00.000Z',
 * //   eventId: '…32 hex…', payload: { temperature: 70 }, receivedAt: '…' }
 * ```
 */
export function normalizeTelemetry(raw: unknown, options: NormalizeOptions): TelemetryEvent {
  const settings = resolveNormalizeOptions(options);
  const now = readClock(settings.now);
  if (!isPlainObject(raw)) {
    throw new TelemetryValidationError('not-an-object', `a reading must be a JSON object, got ${describeKind(raw)}`);
  }

  const deviceId = readDeviceId(raw);
  const timestamp = formatInstant(readTimestamp(raw, now, settings));
  const givenEventId = readEventId(raw);
  const issue = findJsonIssue(raw, {
    maxBytes: settings.maxBytes,
    maxDepth: settings.maxDepth,
    forbiddenKeys: FORBIDDEN_KEYS,
    optionalRootKeys: RESERVED_FIELDS,
  });
  if (issue !== undefined) {
    const where = issue.path === '' ? 'the reading' : issue.path;
    const message = issue.kind === 'too-large' ? `reading ${issue.problem} (the limit is reached at ${where})` : `${where}: ${issue.problem}`;
    throw new TelemetryValidationError(ISSUE_REASONS[issue.kind], message, issue.path === '' ? undefined : issue.path);
  }

  // Only validated own keys are copied into a fresh plain object: forbidden keys were rejected above.
  const payload: JsonObject = {};
  for (const key of Object.keys(raw)) {
    if (!RESERVED_FIELDS.has(key)) payload[key] = raw[key] as JsonValue;
  }
  const eventId = givenEventId ?? computeEventId({ twin: settings.twin, deviceId, timestamp, payload });
  return { twin: settings.twin, deviceId, timestamp, eventId, payload, receivedAt: new Date(now).toISOString() };
}

/** An own property, `undefined` when absent (an inherited or polluted prototype value is never read). */
function own(raw: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(raw, key) ? raw[key] : undefined;
}

function readDeviceId(raw: Record<string, unknown>): string {
  let field: string | undefined;
  let value: unknown;
  for (const alias of DEVICE_ID_FIELDS) {
    const candidate = own(raw, alias);
    if (candidate === undefined) continue;
    if (field === undefined) {
      field = alias;
      value = candidate;
    } else if (candidate !== value) {
      throw new TelemetryValidationError(
        'invalid-device-id',
        `${field} and ${alias} disagree on the device id (${describeValue(value)} vs ${describeValue(candidate)})`,
        alias,
      );
    }
  }
  if (field === undefined) {
    throw new TelemetryValidationError('missing-device-id', `no device id: expected one of ${DEVICE_ID_FIELDS.join(', ')}`);
  }
  if (!isDeviceId(value)) {
    throw new TelemetryValidationError('invalid-device-id', `${field}: ${describeValue(value)} is not a valid device id: ${whyNotDeviceId(value)}`, field);
  }
  return value;
}

/** The first thing wrong with a would-be device id, pointing out look-alike characters by code point. */
function whyNotDeviceId(value: unknown): string {
  const rule = `expected 1-48 characters of a-z, 0-9 and '-' (pattern ${DEVICE_ID_PATTERN.source})`;
  if (typeof value !== 'string') return `it must be a string; ${rule}`;
  if (value.length === 0) return `it is empty; ${rule}`;
  if (value.length > 48) return `it is ${value.length} characters long, the limit is 48`;
  if (value.startsWith('-')) return "it must not start with '-'";
  const index = value.search(/[^a-z0-9-]/u);
  if (index < 0) return rule;
  const char = String.fromCodePoint(value.codePointAt(index) ?? 0);
  const codePoint = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `character ${index + 1} ${JSON.stringify(char)} (${codePoint}) is not allowed${characterHint(char)}; ${rule}`;
}

function characterHint(char: string): string {
  if (/^[A-Z]$/.test(char)) return ' (device ids are lowercase)';
  if (/^\s$/u.test(char)) return ' (no whitespace)';
  if (!/^[\x21-\x7e]$/.test(char)) return ' (only ASCII is allowed: look-alike letters are rejected)';
  return '';
}

function readTimestamp(raw: Record<string, unknown>, now: number, settings: ResolvedNormalizeOptions): number {
  const field = TIMESTAMP_FIELDS.find((name) => own(raw, name) !== undefined);
  if (field === undefined) return now;
  const ms = parseTimestamp(raw[field], field);
  const min = settings.minTimestampMs;
  const max = Math.min(now + settings.maxFutureSkewMs, MAX_DATE_MS);
  if (ms < min) {
    throw new TelemetryValidationError(
      'timestamp-out-of-range',
      `${field}: ${formatInstant(ms)} is before the earliest accepted time ${formatInstant(min)}`,
      field,
    );
  }
  if (ms > max) {
    throw new TelemetryValidationError(
      'timestamp-out-of-range',
      `${field}: ${formatInstant(ms)} is after the latest accepted time ${formatInstant(max)} (receive time + ${settings.maxFutureSkewMs} ms)`,
      field,
    );
  }
  return ms;
}

function readEventId(raw: Record<string, unknown>): string | undefined {
  let found: { field: string; value: string } | undefined;
  for (const field of EVENT_ID_FIELDS) {
    const value = own(raw, field);
    if (value === undefined) continue;
    if (typeof value !== 'string' || !EVENT_ID_PATTERN.test(value)) {
      throw new TelemetryValidationError(
        'invalid-payload',
        `${field}: ${describeValue(value)} is not a valid event id: expected 1-128 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'`,
        field,
      );
    }
    if (found !== undefined && found.value !== value) {
      throw new TelemetryValidationError('invalid-payload', `${found.field} and ${field} disagree on the event id`, field);
    }
    found ??= { field, value };
  }
  return found?.value;
}
