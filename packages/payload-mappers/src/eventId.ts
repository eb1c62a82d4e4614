import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue } from '@twinflow/core';

/**
 * JSON with object keys sorted at every level, so equal values always give equal text.
 * Expects a validated JSON value (finite numbers, no cycles); depth is the caller's bound.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }); // '{"a":[{"c":3,"d":2}],"b":1}'
 * ```
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`).join(',')}}`;
}

/** The parts of a reading that identify it. */
export interface EventIdParts {
  twin: string;
  deviceId: string;
  /** ISO-8601 UTC timestamp as normalized. */
  timestamp: string;
  payload: JsonObject;
}

/**
 * The stable id of a reading: the first 32 hex characters of SHA-256 over twin, device,
 * timestamp and the canonical JSON of the payload. The same reading always gets the same id
 * (whatever its key order), which makes it the idempotency key of the whole flow.
 *
 * @example
 * ```ts
 * computeEventId({ twin: 'demo', deviceId: 'thermostat-1', timestamp: '2026-11-24T08:00:00.000Z', payload: { t: 70 } });
 * // → 32 hex characters, identical for { t: 70 } delivered twice
 * ```
 */
export function computeEventId(parts: EventIdParts): string {
  return createHash('sha256')
    .update(`${parts.twin}\n${parts.deviceId}\n${parts.timestamp}\n${canonicalJson(parts.payload)}`)
    .digest('hex')
    .slice(0, 32);
}
