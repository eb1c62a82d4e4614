import type { JsonObject } from './json';

/**
 * A reading as it arrives from the IoT rule or a client, before normalization.
 * Device id under `device_id` | `deviceId` | `iotDeviceId` | `IoTDeviceId`; time under
 * `timestamp` | `time` | `ts` (ISO string, epoch seconds, or epoch milliseconds); everything
 * else is the payload.
 */
export type RawTelemetry = Record<string, unknown>;

/**
 * A normalized reading: what processors receive and what the pipeline carries.
 */
export type TelemetryEvent = {
  /** Twin name, e.g. `demo`. */
  twin: string;
  /** Validated device id, e.g. `thermostat-1`. */
  deviceId: string;
  /** Measurement time, ISO-8601 UTC with milliseconds, e.g. `2026-11-24T08:00:00.000Z`. */
  timestamp: string;
  /** Stable id of this reading (the idempotency key): the same reading always gets the same id. */
  eventId: string;
  /** The device's measurements (every raw field other than the id and time fields). */
  payload: JsonObject;
  /** When twinflow received the reading, ISO-8601 UTC. */
  receivedAt: string;
};

/**
 * One item of the hot table `{twin}-hot`.
 */
export type HotTableItem = {
  /** HASH key. */
  device_id: string;
  /** RANGE key, ISO-8601 UTC. */
  timestamp: string;
  /** The reading's {@link TelemetryEvent.eventId}. */
  event_id: string;
  /**
   * What the reading says: `computeEventId` over `[twin, deviceId, timestamp, payload]` (32 hex
   * characters; equal to `event_id` for readings without a sender-assigned id). Tells a
   * redelivery (same `event_id` and `content_hash`) from an event id reused for another reading.
   * Absent on items written before twinflow stored it.
   */
  content_hash?: string;
  /** The processor's output. */
  data: JsonObject;
  /** When the persister wrote the item, ISO-8601 UTC. */
  processed_at: string;
  /** Expiry, epoch seconds (DynamoDB TTL attribute). */
  ttl: number;
};
