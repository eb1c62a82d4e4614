import { isDeviceId } from '@twinflow/core';
import { DEVICE_ID_FIELDS, TIMESTAMP_FIELDS, isIsoUtcMillis, normalizeTelemetry } from '@twinflow/payload-mappers';

/** The role of a function a failed reading is replayed to. */
export type ReplayRole = 'dispatcher' | 'wrapper' | 'persister' | 'processor';

/** A reading's hot-table key (`device_id`, `timestamp`) and its event id. */
export type ReadingKey = { deviceId: string; timestamp: string; eventId: string };

/** What a payload tells about its readings: their keys, where known, and every device id seen. */
export type PayloadReadings = { readings: ReadingKey[]; deviceIds: string[] };

/**
 * The readings in a payload meant for a function of `role`, as far as they can be told without
 * running the function: a raw reading (dispatcher) has a key when it carries its time (an untimed
 * one gets its receive time at the dispatcher); a `TelemetryEvent` (wrapper, processor) or a
 * `{ event, data }` record (persister) carries its key. Never throws.
 */
export function payloadReadings(role: ReplayRole, payload: unknown, options: { twin: string; now: () => number }): PayloadReadings {
  const readings: ReadingKey[] = [];
  const deviceIds = new Set<string>();
  try {
    const inner = unwrapEnvelope(payload);
    const add = (key: ReadingKey | undefined): void => {
      if (key) readings.push(key);
    };
    if (role === 'dispatcher') {
      for (const raw of rawReadings(inner)) {
        const deviceId = rawDeviceId(raw);
        if (deviceId) deviceIds.add(deviceId);
        add(rawReadingKey(raw, options));
      }
    } else {
      const field = role === 'persister' ? 'records' : 'events';
      const items = isObject(inner) && Array.isArray(inner[field]) ? (inner[field] as unknown[]) : [inner];
      for (const item of items) {
        const event = role === 'persister' && isObject(item) ? item['event'] : item;
        const deviceId = isObject(event) ? event['deviceId'] : undefined;
        if (isDeviceId(deviceId)) deviceIds.add(deviceId);
        add(eventKey(event));
      }
    }
  } catch {
    // a value that cannot be inspected names no reading
  }
  for (const reading of readings) deviceIds.add(reading.deviceId);
  return { readings, deviceIds: [...deviceIds] };
}

/** twinflow's hand-off envelope (`ExecuteRequest`): its payload; anything else as it is. */
function unwrapEnvelope(value: unknown): unknown {
  return isObject(value) && typeof value['requestId'] === 'string' && 'payload' in value && !('deviceId' in value) ? value['payload'] : value;
}

/** The dispatcher's input shapes: one reading, an array, or `{ Records: [...] }` (SQS-style `body` text). */
function rawReadings(value: unknown): unknown[] {
  const items = Array.isArray(value)
    ? value
    : isObject(value) && Array.isArray(value['Records']) && rawDeviceId(value) === undefined
      ? (value['Records'] as unknown[]).map((record) => (isObject(record) && typeof record['body'] === 'string' ? record['body'] : record))
      : [value];
  return items.map((item) => {
    if (typeof item !== 'string') return item;
    try {
      return JSON.parse(item) as unknown;
    } catch {
      return item;
    }
  });
}

function rawDeviceId(raw: unknown): string | undefined {
  if (!isObject(raw)) return undefined;
  const value = DEVICE_ID_FIELDS.map((field) => (Object.hasOwn(raw, field) ? raw[field] : undefined)).find((v) => v !== undefined);
  return isDeviceId(value) ? value : undefined;
}

function rawReadingKey(raw: unknown, options: { twin: string; now: () => number }): ReadingKey | undefined {
  if (!isObject(raw) || !TIMESTAMP_FIELDS.some((field) => Object.hasOwn(raw, field) && raw[field] !== undefined)) return undefined;
  try {
    const event = normalizeTelemetry(raw, { twin: options.twin, now: options.now });
    return { deviceId: event.deviceId, timestamp: event.timestamp, eventId: event.eventId };
  } catch {
    return undefined; // the dispatcher would reject it: it has no key
  }
}

function eventKey(event: unknown): ReadingKey | undefined {
  if (!isObject(event)) return undefined;
  const { deviceId, timestamp, eventId } = event;
  return isDeviceId(deviceId) && isIsoUtcMillis(timestamp) && typeof eventId === 'string' && eventId !== '' ? { deviceId, timestamp, eventId } : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
