import { assertDeviceId } from './naming';
import type { JsonObject, JsonValue } from './types/json';

/** How far {@link simulatedReading} moves a sample's number: up to this share of its magnitude, either way. */
export const SAMPLE_JITTER_RATIO = 0.1;

/** Most decimals a jittered number keeps (a sample number with more keeps this many). */
const MAX_DECIMALS = 6;

/** The identity of one simulated reading. */
export type SimulatedReadingIds = {
  /** The device sending it (a valid device id). */
  deviceId: string;
  /** Measurement time, epoch ms; written as ISO-8601 UTC. */
  timestampMs: number;
  /** The sender's sequence number. */
  seq: number;
  /** The sender's own event id, when it assigns one. */
  eventId?: string;
};

/**
 * A raw reading as a device of `sample`'s shape would send it: `device_id`, `timestamp` (ISO-8601
 * UTC), `seq` and `eventId` (when given) set from `ids`, then every field of the sample (at any
 * depth) with each number moved by up to {@link SAMPLE_JITTER_RATIO} of its magnitude and rounded to
 * the sample's decimals (so integers stay integers, a positive value stays non-negative, 0 stays 0),
 * and every other value copied. Pure: `random` (in [0, 1), called once per number, in document
 * order) is the only source of variation, and the result shares nothing with `sample`.
 *
 * @throws InvalidDeviceIdError for an invalid `ids.deviceId`; RangeError for a `timestampMs` that is not a date
 * @example
 * ```ts
 * simulatedReading({ temperature: 71.6, status: 'ok' }, { deviceId: 'thermostat-1', timestampMs: Date.UTC(2026, 10, 24), seq: 7, eventId: 'sim-1-7' }, () => 0.75);
 * // { device_id: 'thermostat-1', timestamp: '2026-11-24T00:00:00.000Z', seq: 7, eventId: 'sim-1-7', temperature: 75.2, status: 'ok' }
 * ```
 */
export function simulatedReading(sample: JsonObject, ids: SimulatedReadingIds, random: () => number = Math.random): JsonObject {
  assertDeviceId(ids.deviceId);
  const reading: JsonObject = {
    device_id: ids.deviceId,
    timestamp: new Date(ids.timestampMs).toISOString(),
    seq: ids.seq,
    ...(ids.eventId === undefined ? {} : { eventId: ids.eventId }),
  };
  for (const [key, value] of Object.entries(sample)) {
    if (!Object.hasOwn(reading, key)) reading[key] = jittered(value, random);
  }
  return reading;
}

function jittered(value: JsonValue, random: () => number): JsonValue {
  if (typeof value === 'number') return jitteredNumber(value, random);
  if (Array.isArray(value)) return value.map((item) => jittered(item, random));
  if (value !== null && typeof value === 'object') {
    const copy: JsonObject = {};
    for (const [key, item] of Object.entries(value)) copy[key] = jittered(item, random);
    return copy;
  }
  return value;
}

function jitteredNumber(value: number, random: () => number): number {
  const moved = value + (random() * 2 - 1) * Math.abs(value) * SAMPLE_JITTER_RATIO;
  const decimals = decimalsOf(value);
  if (decimals === undefined) return moved;
  const factor = 10 ** decimals;
  const rounded = Math.round(moved * factor) / factor;
  return rounded === 0 ? 0 : rounded; // never -0
}

/** Decimals written in the sample (`71.6` → 1, `40` → 0); `undefined` for exponent notation. */
function decimalsOf(value: number): number | undefined {
  const text = String(value);
  if (/e/i.test(text)) return undefined;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : Math.min(text.length - dot - 1, MAX_DECIMALS);
}
