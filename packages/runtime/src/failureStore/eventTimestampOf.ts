import { isIsoUtcMillis } from '@twinflow/core';

/**
 * The hot-table timestamp a parked reading of the wrapper or persister stage carries: the
 * `timestamp` of a `TelemetryEvent` (a `process` failure's `original`) or of the `event` of a
 * `{ event, data }` record (a `persist` failure's `original`), when it is ISO-8601 UTC with
 * milliseconds, the only form the hot table stores; otherwise `undefined`. Never throws.
 *
 * For a stage that holds the normalized event itself, its `event.timestamp` says the same thing
 * more directly; this reads an item that may be anything (an invalid event, a foreign record).
 *
 * @example
 * ```ts
 * eventTimestampOf({ event: { deviceId: 'pump-1', timestamp: '2026-11-24T08:00:00.000Z' }, data: {} }); // '2026-11-24T08:00:00.000Z'
 * eventTimestampOf({ timestamp: 1764000000 }); // undefined
 * ```
 */
export function eventTimestampOf(original: unknown): string | undefined {
  try {
    const own = (value: unknown, key: string): unknown =>
      typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    const direct = own(original, 'timestamp');
    const timestamp = direct === undefined ? own(own(original, 'event'), 'timestamp') : direct;
    return isIsoUtcMillis(timestamp) ? timestamp : undefined;
  } catch {
    return undefined; // a hostile value (throwing getter, revoked proxy) has no readable timestamp
  }
}
