import { DEVICE_ID_FIELDS, isDeviceId, readDispatcherInput, readingIds, readPersisterInput, readWrapperInput } from '@twinflow/core';
import { TIMESTAMP_FIELDS, normalizeTelemetry } from '@twinflow/payload-mappers';

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
    // The same envelope readers as the services themselves: what they would take out of the payload.
    const input = role === 'dispatcher' ? readDispatcherInput(payload) : role === 'persister' ? readPersisterInput(payload) : readWrapperInput(payload);
    const items = input.kind === 'items' ? input.items : [];
    for (const item of items) {
      if (role === 'dispatcher') {
        const raw = parsed(item);
        const deviceId = rawDeviceId(raw);
        if (deviceId) deviceIds.add(deviceId);
        const key = rawReadingKey(raw, options);
        if (key) readings.push(key);
        continue;
      }
      const ids = readingIds(role === 'persister' && isObject(item) ? item['event'] : item);
      if (ids.deviceId !== undefined) deviceIds.add(ids.deviceId);
      if (ids.deviceId !== undefined && ids.timestamp !== undefined && ids.eventId !== undefined) readings.push({ deviceId: ids.deviceId, timestamp: ids.timestamp, eventId: ids.eventId });
    }
  } catch {
    // a value that cannot be inspected names no reading
  }
  for (const reading of readings) deviceIds.add(reading.deviceId);
  return { readings, deviceIds: [...deviceIds] };
}

/** A dispatcher item: a reading object, or its JSON text. */
function parsed(item: unknown): unknown {
  if (typeof item !== 'string') return item;
  try {
    return JSON.parse(item) as unknown;
  } catch {
    return item;
  }
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

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
