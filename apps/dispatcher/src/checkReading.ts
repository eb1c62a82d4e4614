import { UnknownDeviceError } from '@twinflow/core';
import type { DeviceLookup, TelemetryEvent } from '@twinflow/core';
import { normalizeTelemetry, parseRawTelemetry } from '@twinflow/payload-mappers';
import type { ReceiveClock } from '@twinflow/payload-mappers';
import { parked } from '@twinflow/runtime';
import type { Parked } from '@twinflow/runtime';

/** A reading that passed every check and can be handed to the wrapper. */
export interface AcceptedReading {
  index: number;
  /** The reading to park and replay: as received, or stamped (see {@link checkReading}). */
  original: unknown;
  event: TelemetryEvent;
}

/** Options of {@link checkReading}. */
export interface CheckReadingOptions {
  twin: string;
  /** Largest accepted reading, bytes of JSON. */
  maxBytes: number;
  devices: DeviceLookup;
  /** Receive clock, epoch ms: `receivedAt`. */
  now: () => number;
  /** Stamps readings that carry no time: one per container, shared by its invocations. */
  receiveClock: ReceiveClock;
}

/**
 * Parses (JSON text), stamps, normalizes and checks one reading against the device registry.
 * Never throws: every problem, expected or not, is a parked outcome whose reason the error carries.
 *
 * The receive time is assigned once, here, at the first hop that sees the reading, and travels
 * with it: a reading read as an object, with a valid device id and none of `timestamp` | `time` |
 * `ts`, gets `timestamp` = its device's next receive time from `receiveClock` (strictly increasing
 * per device in this container) before it is normalized. Once it is normalized, the reading kept
 * for a failure record (`original`) is that stamped object (the reading's fields plus `timestamp`,
 * even when it arrived as JSON text): `timestamp` is a reserved field, so the payload and hence the
 * event id do not change, and replaying the record through the dispatcher, now or later, in this
 * container or another, yields the same `TelemetryEvent` (same timestamp, event id and payload;
 * only `receivedAt` is the replay's). A reading that carried its time, or that normalization
 * rejects (it has no key to keep), is kept exactly as received. `maxBytes` applies to the reading
 * with its time field, sent or assigned, so a replay meets the same limit as the first pass.
 *
 * @example
 * ```ts
 * const checked = checkReading('{"device_id":"pump-9"}', 0, { twin: 'demo', maxBytes: 65536, devices, now: Date.now, receiveClock });
 * if (checked.status === 'parked') checked.reason;   // 'unknown-device'
 * if (checked.status === 'parked') checked.original; // { device_id: 'pump-9', timestamp: '2026-11-24T08:00:00.000Z' }: replays to the same event
 * ```
 */
export function checkReading(original: unknown, index: number, options: CheckReadingOptions): AcceptedReading | Parked {
  let event: TelemetryEvent;
  let kept = original;
  try {
    const stamped = options.receiveClock.stamp(parseRawTelemetry(original, { maxBytes: options.maxBytes }));
    event = normalizeTelemetry(stamped.reading, { twin: options.twin, maxBytes: options.maxBytes, now: options.now });
    if (stamped.stamped) kept = stamped.reading;
  } catch (error) {
    return parked(index, error, { stage: 'dispatch', original });
  }
  if (!options.devices.has(event.deviceId)) {
    const ids = { deviceId: event.deviceId, eventId: event.eventId, timestamp: event.timestamp };
    return parked(index, new UnknownDeviceError(event.deviceId), { stage: 'dispatch', original: kept, ids });
  }
  return { index, original: kept, event };
}
