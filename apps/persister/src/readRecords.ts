import { EnvelopeValidationError } from '@twinflow/payload-mappers';

/** What the persister was asked to do. */
export type PersisterInput =
  | { kind: 'health' }
  | {
      kind: 'records';
      /** Each record as received; expected `{ event: TelemetryEvent, data: JsonObject }`, checked later. */
      records: unknown[];
      /** The envelope's request id, when there was one. */
      requestId?: string;
    }
  | {
      /** Neither records nor a health check: the whole input is parked. */
      kind: 'invalid';
      error: EnvelopeValidationError;
    };

/**
 * Reads the persister's input: an `ExecuteRequest` whose `payload` is `{ records: [...] }`, the
 * bare `{ records: [...] }`, or `{ action: 'health' }`. Never throws.
 *
 * @example
 * ```ts
 * readRecords({ requestId: 'r1', timestamp: '…', trigger: 'telemetry', payload: { records: [{ event, data }] } });
 * // { kind: 'records', records: [{ event, data }], requestId: 'r1' }
 * ```
 */
export function readRecords(input: unknown): PersisterInput {
  try {
    if (!isObject(input)) return invalid(`request: must be an object, got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}`);
    if (input['action'] === 'health' && Object.keys(input).length === 1) return { kind: 'health' };
    const payload = input['payload'];
    if (isObject(payload) && Array.isArray(payload['records'])) {
      const requestId = input['requestId'];
      return typeof requestId === 'string'
        ? { kind: 'records', records: Array.from(payload['records'] as unknown[]), requestId }
        : { kind: 'records', records: Array.from(payload['records'] as unknown[]) };
    }
    if (Array.isArray(input['records'])) return { kind: 'records', records: Array.from(input['records'] as unknown[]) };
    return invalid('payload.records: must be an array (an ExecuteRequest with payload { records }, or { records })', 'payload.records');
  } catch (error) {
    return { kind: 'invalid', error: new EnvelopeValidationError('request: cannot be read', undefined, { cause: error }) };
  }
}

function invalid(message: string, field?: string): PersisterInput {
  return { kind: 'invalid', error: new EnvelopeValidationError(message, field) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
