import type { JsonObject } from '@twinflow/core';

/**
 * Options of `parseRawTelemetry`.
 *
 * @example
 * ```ts
 * const options: ParseRawTelemetryOptions = { maxBytes: twinConfig.maxReadingBytes };
 * ```
 */
export interface ParseRawTelemetryOptions {
  /** Largest accepted text, UTF-8 bytes; checked before parsing. Default `DEFAULT_MAX_READING_BYTES` (65536) from core. */
  maxBytes?: number;
}

/**
 * Options of `normalizeTelemetry`. Invalid values throw `MapperOptionsError` naming the option
 * (an invalid `twin` throws core's `InvalidTwinNameError`).
 *
 * @example
 * ```ts
 * const options: NormalizeOptions = { twin: 'demo', maxBytes: 65_536, maxFutureSkewMs: 60 * 60 * 1000 };
 * ```
 */
export interface NormalizeOptions {
  /** Twin name, e.g. `demo`; validated with core's `assertTwinName`. Required. */
  twin: string;
  /** Receive clock, epoch milliseconds; also the time of readings that carry none. Default `Date.now`. */
  now?: () => number;
  /** Largest accepted reading, UTF-8 bytes of its JSON (all fields). Positive integer. Default `DEFAULT_MAX_READING_BYTES` (65536). */
  maxBytes?: number;
  /** Deepest accepted nesting, the reading itself being level 1 (`{"a":{"b":1}}` is 2). Integer ≥ 1. Default 16. */
  maxDepth?: number;
  /** How far past `now()` a timestamp may be (device clock skew), ms. ≥ 0. Default 24 h (86 400 000). */
  maxFutureSkewMs?: number;
  /** Earliest accepted timestamp, epoch ms. Default `Date.UTC(2000, 0, 1)`. */
  minTimestampMs?: number;
}

/**
 * The parts of a reading that identify it (input of `computeEventId`).
 *
 * @example
 * ```ts
 * const parts: EventIdParts = { twin: 'demo', deviceId: 'pump-1', timestamp: '2026-11-24T08:00:00.000Z', payload: { rpm: 900 } };
 * ```
 */
export interface EventIdParts {
  /** Twin name. */
  twin: string;
  /** Device id. */
  deviceId: string;
  /** Measurement time exactly as normalized (ISO-8601 UTC with milliseconds). */
  timestamp: string;
  /** The reading's payload; key order does not matter. */
  payload: JsonObject;
}

/**
 * Options of `toHotTableItem`. Invalid values throw `MapperOptionsError` naming the option.
 *
 * @example
 * ```ts
 * const options: HotTableItemOptions = { retentionDays: twinConfig.retentionDays };
 * ```
 */
export interface HotTableItemOptions {
  /** Days the item stays in the table before DynamoDB TTL expires it. Integer 1..3650. Required. */
  retentionDays: number;
  /** Processing clock, epoch milliseconds; gives `processed_at` and the base of `ttl`. Default `Date.now`. */
  now?: () => number;
}

/**
 * Options of `createReceiveClock`. Invalid values throw `MapperOptionsError` naming the option.
 *
 * @example
 * ```ts
 * const options: ReceiveClockOptions = { now: deps.now, retainMs: 5_000, maxDevices: 10_000 };
 * ```
 */
export interface ReceiveClockOptions {
  /** Receive clock, epoch milliseconds (fractions are dropped). Default `Date.now`. */
  now?: () => number;
  /** How long a device's last stamp is remembered once the clock has passed it, ms. Integer ≥ 0. Default 5 000. */
  retainMs?: number;
  /** Most devices remembered at once; the least recently stamped is forgotten first. Integer ≥ 1. Default 10 000. */
  maxDevices?: number;
}

/**
 * What `ReceiveClock.stamp` did with a reading.
 *
 * @example
 * ```ts
 * const stamped = receiveClock.stamp(raw);
 * const toPark = stamped.stamped ? stamped.reading : original; // what a replay must see
 * ```
 */
export type StampedReading =
  | {
      /** The reading carried its time, or is not an object with a valid device id: left as it was. */
      stamped: false;
      /** The input itself (same reference). */
      reading: unknown;
    }
  | {
      stamped: true;
      /** A new plain object: the reading's own fields plus `timestamp`. */
      reading: Record<string, unknown>;
      /** The assigned receive time, `new Date(ms).toISOString()` (ISO-8601 UTC with milliseconds). */
      timestamp: string;
    };

/**
 * A receive clock from `createReceiveClock`: one per container, shared by all its invocations.
 *
 * @example
 * ```ts
 * const event = normalizeTelemetry(receiveClock.stamp(raw).reading, { twin: 'demo' });
 * ```
 */
export interface ReceiveClock {
  /**
   * Adds `timestamp` (this device's next receive time) to a plain-object reading whose first
   * device-id alias holds a valid device id and that has none of `timestamp` | `time` | `ts`;
   * any other value is returned unchanged (a reading with a time is never touched).
   */
  stamp(raw: unknown): StampedReading;
  /** Devices remembered now (bounded by `maxDevices`). */
  readonly size: number;
}

/**
 * Options of `toModuleLambdaPayload`. Invalid values throw `MapperOptionsError` naming the option.
 *
 * @example
 * ```ts
 * const options: ModulePayloadOptions = { now: () => Date.UTC(2026, 10, 24, 8) };
 * ```
 */
export interface ModulePayloadOptions {
  /** Clock of the payload's `timestamp`, epoch milliseconds, read once per payload. Default `Date.now`. */
  now?: () => number;
}
