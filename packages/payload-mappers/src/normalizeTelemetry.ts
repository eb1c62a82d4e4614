import { DEFAULT_MAX_READING_BYTES, assertTwinName, isDeviceId, type TelemetryEvent } from '@twinflow/core';
import {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_FUTURE_SKEW_MS,
  DEFAULT_MIN_TIMESTAMP_MS,
  DEVICE_ID_FIELDS,
  EVENT_ID_FIELDS,
  EVENT_ID_PATTERN,
  FORBIDDEN_KEYS,
  TIMESTAMP_FIELDS,
} from './constants';
import { TelemetryValidationError } from './errors';
import { computeEventId } from './eventId';
import { isPlainObject, preview, utf8Length } from './json';
import { parseTimestamp } from './timestamp';
import { validatePayload } from './validatePayload';

/** Options of {@link normalizeTelemetry}. */
export interface NormalizeOptions {
  /** Twin name (validated). Required. */
  twin: string;
  /** Receive clock, epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Largest accepted reading, bytes of JSON. Default `DEFAULT_MAX_READING_BYTES` (64 KiB). */
  maxBytes?: number;
  /** Deepest accepted payload nesting. Default 16. */
  maxDepth?: number;
  /** How far in the future a timestamp may be (device clock skew). Default 24 h. */
  maxFutureSkewMs?: number;
  /** Earliest accepted timestamp, epoch ms. Default 2000-01-01T00:00:00Z. */
  minTimestampMs?: number;
}

const RESERVED_FIELDS: ReadonlySet<string> = new Set<string>([...DEVICE_ID_FIELDS, ...TIMESTAMP_FIELDS, ...EVENT_ID_FIELDS]);

/**
 * Turns a raw reading into a {@link TelemetryEvent}: finds the device id (`device_id` |
 * `deviceId` | `iotDeviceId` | `IoTDeviceId`) and validates it; reads the time (`timestamp` |
 * `time` | `ts`: ISO-8601, epoch seconds, or epoch ms above 1e12; missing → receive time); keeps
 * every other field as the payload after checking it is plain, bounded JSON; assigns the stable
 * `eventId` (a caller's `eventId`/`event_id` is kept so replays keep their identity).
 *
 * @throws TelemetryValidationError with a `reason` for every rejection
 * @example
 * ```ts
 * const event = normalizeTelemetry({ deviceId: 'thermostat-1', ts: 1764000000, temperature: 70 }, { twin: 'demo' });
 * // { twin: 'demo', deviceId: 'thermostat-1', timestamp: '2025-11-24T16:00:00.000Z', eventId: '…', payload: { temperature: 70 }, receivedAt: '…' }
 * ```
 */
export function normalizeTelemetry(raw: unknown, options: NormalizeOptions): TelemetryEvent {
  assertTwinName(options.twin);
  const now = (options.now ?? Date.now)();
  if (!isPlainObject(raw)) {
    const kind = raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw;
    throw new TelemetryValidationError('not-an-object', `a reading must be a JSON object, got ${kind}`);
  }

  const deviceId = readDeviceId(raw);
  const timestampMs = readTimestamp(raw, now, options);
  const payload: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    if (FORBIDDEN_KEYS.has(key)) throw new TelemetryValidationError('forbidden-key', `${key}: the key "${key}" is not allowed`, key);
    if (!RESERVED_FIELDS.has(key)) payload[key] = raw[key];
  }
  validatePayload(payload, options.maxDepth ?? DEFAULT_MAX_DEPTH);

  const maxBytes = options.maxBytes ?? DEFAULT_MAX_READING_BYTES;
  const size = utf8Length(JSON.stringify(raw));
  if (size > maxBytes) {
    throw new TelemetryValidationError('payload-too-large', `reading is ${size} bytes, more than the limit of ${maxBytes} bytes`);
  }

  const twin = options.twin;
  const timestamp = new Date(timestampMs).toISOString();
  const eventId = readEventId(raw) ?? computeEventId({ twin, deviceId, timestamp, payload });
  return { twin, deviceId, timestamp, eventId, payload, receivedAt: new Date(now).toISOString() };
}

function readDeviceId(raw: Record<string, unknown>): string {
  let found: { field: string; value: unknown } | undefined;
  for (const field of DEVICE_ID_FIELDS) {
    if (raw[field] === undefined) continue;
    if (found === undefined) found = { field, value: raw[field] };
    else if (found.value !== raw[field]) {
      throw new TelemetryValidationError('invalid-device-id', `${found.field} and ${field} disagree on the device id`, field);
    }
  }
  if (found === undefined) {
    throw new TelemetryValidationError('missing-device-id', `no device id: expected one of ${DEVICE_ID_FIELDS.join(', ')}`);
  }
  if (!isDeviceId(found.value)) {
    const shown = typeof found.value === 'string' ? preview(found.value) : typeof found.value;
    throw new TelemetryValidationError(
      'invalid-device-id',
      `${found.field}: ${shown} is not a valid device id (1-48 of a-z, 0-9, '-', not starting with '-')`,
      found.field,
    );
  }
  return found.value;
}

function readTimestamp(raw: Record<string, unknown>, now: number, options: NormalizeOptions): number {
  const field = TIMESTAMP_FIELDS.find((name) => raw[name] !== undefined);
  if (field === undefined) return now;
  const ms = parseTimestamp(raw[field], field);
  const min = options.minTimestampMs ?? DEFAULT_MIN_TIMESTAMP_MS;
  const max = now + (options.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS);
  if (!(ms >= min && ms <= max)) {
    throw new TelemetryValidationError(
      'timestamp-out-of-range',
      `${field}: ${Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms)} is outside ${new Date(min).toISOString()} .. ${new Date(max).toISOString()}`,
      field,
    );
  }
  return ms;
}

function readEventId(raw: Record<string, unknown>): string | undefined {
  for (const field of EVENT_ID_FIELDS) {
    const value = raw[field];
    if (value === undefined) continue;
    if (typeof value === 'string' && EVENT_ID_PATTERN.test(value)) return value;
    throw new TelemetryValidationError('invalid-payload', `${field}: must match ${EVENT_ID_PATTERN.source}`, field);
  }
  return undefined;
}
