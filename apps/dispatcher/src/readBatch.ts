import { DEVICE_ID_FIELDS } from '@twinflow/payload-mappers';
import { DEFAULT_TRIGGER } from './constants';

/** What the dispatcher was asked to do. */
export type DispatcherInput =
  | { kind: 'health' }
  | {
      kind: 'readings';
      /** Each reading exactly as received: an object, a JSON string, or anything else (parked later). */
      readings: unknown[];
      /** Trigger of the wrapper hand-offs: the envelope's, else `telemetry`. */
      trigger: string;
    };

const ENVELOPE_KEYS: ReadonlySet<string> = new Set(['requestId', 'timestamp', 'trigger', 'source', 'payload']);

/**
 * Unwraps the dispatcher's input into readings. Accepted shapes: one reading (object or JSON
 * string), an array of readings, `{ Records: [...] }` (each record a reading, or SQS-style
 * `{ body: '<json>' }`), an `ExecuteRequest` envelope around any of these (e.g. a replay, whose
 * `trigger` is kept), and `{ action: 'health' }`. Anything else is one reading that
 * normalization will reject. Never throws: a value that cannot even be inspected is one reading.
 *
 * @example
 * ```ts
 * readBatch({ Records: [{ body: '{"device_id":"thermostat-1","t":70}' }] });
 * // { kind: 'readings', readings: ['{"device_id":"thermostat-1","t":70}'], trigger: 'telemetry' }
 * ```
 */
export function readBatch(event: unknown): DispatcherInput {
  try {
    if (isHealthCheck(event)) return { kind: 'health' };
    if (isEnvelope(event)) return { kind: 'readings', readings: unwrap(event['payload']), trigger: event['trigger'] as string };
    return { kind: 'readings', readings: unwrap(event), trigger: DEFAULT_TRIGGER };
  } catch {
    // A hostile value (throwing getter, revoked proxy): keep it whole so it is parked, not lost.
    return { kind: 'readings', readings: [event], trigger: DEFAULT_TRIGGER };
  }
}

function unwrap(value: unknown): unknown[] {
  if (Array.isArray(value)) return Array.from(value);
  if (isRecordsBatch(value)) return Array.from(value['Records'] as unknown[], fromRecord);
  return [value];
}

/** An SQS-style record carries the reading as JSON text in `body`; any other record is the reading. */
function fromRecord(record: unknown): unknown {
  return isObject(record) && typeof record['body'] === 'string' ? record['body'] : record;
}

/** Exactly `{ action: 'health' }`: a reading that happens to carry an `action` field is still a reading. */
function isHealthCheck(value: unknown): boolean {
  return isObject(value) && value['action'] === 'health' && Object.keys(value).length === 1;
}

/** `{ Records: [...] }` without a device id: a reading with a `Records` field stays a reading. */
function isRecordsBatch(value: unknown): value is Record<string, unknown> {
  return isObject(value) && Array.isArray(value['Records']) && !hasDeviceIdField(value);
}

/** A trigger or request id fit to travel in every hand-off (bounded, so the envelope stays small). */
const ENVELOPE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

function isEnvelope(value: unknown): value is Record<string, unknown> {
  return (
    isObject(value) &&
    typeof value['requestId'] === 'string' &&
    ENVELOPE_ID.test(value['requestId']) &&
    typeof value['trigger'] === 'string' &&
    ENVELOPE_ID.test(value['trigger']) &&
    'payload' in value &&
    Object.keys(value).every((key) => ENVELOPE_KEYS.has(key))
  );
}

function hasDeviceIdField(value: Record<string, unknown>): boolean {
  return DEVICE_ID_FIELDS.some((field) => value[field] !== undefined);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
