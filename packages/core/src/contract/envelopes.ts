import { ValidationError } from '../errors';
import type { TwinflowErrorOptions } from '../errors';
import { isPlainObject } from './json';
import { DEFAULT_TRIGGER, DEVICE_ID_FIELDS, ENVELOPE_ID_PATTERN } from './protocol';

/**
 * A service's input that is neither work nor a health check it can read (the persister's input
 * without `records`). The whole input is parked with reason `invalid-envelope`.
 *
 * @example
 * ```ts
 * new EnvelopeValidationError('payload.records: must be an array', 'payload.records');
 * ```
 */
export class EnvelopeValidationError extends ValidationError {
  public override readonly name: string = 'EnvelopeValidationError';
  public constructor(message: string, field?: string, options: TwinflowErrorOptions = {}) {
    super(message, field, 'ENVELOPE_INVALID', { reason: 'invalid-envelope', ...options });
  }
}

/** The hand-off envelope (`ExecuteRequest`) as read: its ids and what it carries. */
export interface Envelope {
  requestId: string;
  /** The envelope's trigger, else `telemetry`. */
  trigger: string;
  payload: unknown;
}

/** What a service was asked to do: answer its health, or work on `items` (unread, each checked by the service). */
export type ServiceInput =
  | { kind: 'health' }
  | {
      kind: 'items';
      items: unknown[];
      /** Trigger of the hand-offs this work makes: the envelope's, else `telemetry`. */
      trigger: string;
      /** The envelope's request id, when the input came in one. */
      requestId?: string;
    }
  | { kind: 'invalid'; error: EnvelopeValidationError };

const ENVELOPE_KEYS: ReadonlySet<string> = new Set(['requestId', 'timestamp', 'trigger', 'source', 'payload']);

/**
 * The one rule for a hand-off envelope `{ requestId, timestamp?, trigger?, source?, payload }`:
 * no other keys (so a reading that happens to carry a `requestId` stays a reading), `requestId`
 * and `trigger` bounded ids (letters, digits, `._:-`), a `payload` present. Never throws.
 *
 * @example
 * ```ts
 * readEnvelope({ requestId: 'r1', trigger: 'replay', payload: { events: [] } }); // { requestId: 'r1', trigger: 'replay', payload: { events: [] } }
 * readEnvelope({ device_id: 'pump-1', requestId: 'r1', payload: 1 });           // undefined
 * ```
 */
export function readEnvelope(value: unknown): Envelope | undefined {
  if (!isPlainObject(value) || !('payload' in value)) return undefined;
  const { requestId, trigger } = value;
  if (typeof requestId !== 'string' || !ENVELOPE_ID_PATTERN.test(requestId)) return undefined;
  if (trigger !== undefined && (typeof trigger !== 'string' || !ENVELOPE_ID_PATTERN.test(trigger))) return undefined;
  if (!Object.keys(value).every((key) => ENVELOPE_KEYS.has(key))) return undefined;
  return { requestId, trigger: trigger ?? DEFAULT_TRIGGER, payload: value['payload'] };
}

/**
 * Exactly `{ action: 'health' }`: a reading that happens to carry an `action` field is still a reading.
 *
 * @example
 * ```ts
 * isHealthCheck({ action: 'health' }); // true
 * ```
 */
export function isHealthCheck(value: unknown): boolean {
  return isPlainObject(value) && value['action'] === 'health' && Object.keys(value).length === 1;
}

/**
 * The dispatcher's input: one reading (object or JSON text), an array of readings,
 * `{ Records: [...] }` (each a reading, or SQS-style `{ body: '<json>' }`), an envelope around any
 * of these (a replay, whose trigger is kept) or a health check. Anything else is one reading that
 * normalization will reject. Never throws: a value that cannot even be inspected is one reading.
 *
 * @example
 * ```ts
 * readDispatcherInput({ Records: [{ body: '{"device_id":"thermostat-1","t":70}' }] });
 * // { kind: 'items', items: ['{"device_id":"thermostat-1","t":70}'], trigger: 'telemetry' }
 * ```
 */
export function readDispatcherInput(event: unknown): ServiceInput {
  try {
    return unwrapped(event, (value): unknown[] => {
      if (Array.isArray(value)) return Array.from(value as unknown[]);
      if (isPlainObject(value) && Array.isArray(value['Records']) && !DEVICE_ID_FIELDS.some((field) => value[field] !== undefined)) {
        return Array.from(value['Records'] as unknown[], (record) => (isPlainObject(record) && typeof record['body'] === 'string' ? record['body'] : record));
      }
      return [value];
    }) as ServiceInput;
  } catch {
    // A hostile value (throwing getter, revoked proxy): keep it whole so it is parked, not lost.
    return { kind: 'items', items: [event], trigger: DEFAULT_TRIGGER };
  }
}

/**
 * The wrapper's input: `{ events: [...] }`, bare or in an envelope; a health check; anything else
 * is one item (a bare event, or garbage the event reader parks as `invalid-event`). Never throws.
 *
 * @example
 * ```ts
 * readWrapperInput({ requestId: 'r1', trigger: 'replay', payload: { events: [event] } });
 * // { kind: 'items', items: [event], requestId: 'r1', trigger: 'replay' }
 * ```
 */
export function readWrapperInput(event: unknown): ServiceInput {
  try {
    return unwrapped(event, (value): unknown[] => (isPlainObject(value) && Array.isArray(value['events']) ? Array.from(value['events'] as unknown[]) : [value])) as ServiceInput;
  } catch {
    return { kind: 'items', items: [event], trigger: DEFAULT_TRIGGER };
  }
}

/**
 * The persister's input: `{ records: [...] }`, bare or in an envelope, or a health check.
 * Anything else is `invalid` (an {@link EnvelopeValidationError}: the whole input is parked).
 * Never throws.
 *
 * @example
 * ```ts
 * readPersisterInput({ requestId: 'r1', trigger: 'telemetry', payload: { records: [{ event, data }] } });
 * // { kind: 'items', items: [{ event, data }], requestId: 'r1', trigger: 'telemetry' }
 * ```
 */
export function readPersisterInput(event: unknown): ServiceInput {
  try {
    if (!isPlainObject(event)) {
      const got = event === null ? 'null' : Array.isArray(event) ? 'an array' : typeof event;
      return { kind: 'invalid', error: new EnvelopeValidationError(`request: must be an object, got ${got}`) };
    }
    const input = unwrapped(event, (value) => (isPlainObject(value) && Array.isArray(value['records']) ? Array.from(value['records'] as unknown[]) : undefined));
    if (input !== undefined) return input;
    return {
      kind: 'invalid',
      error: new EnvelopeValidationError('payload.records: must be an array (an ExecuteRequest with payload { records }, or { records })', 'payload.records'),
    };
  } catch (error) {
    return { kind: 'invalid', error: new EnvelopeValidationError('request: cannot be read', undefined, { cause: error }) };
  }
}

/**
 * Health check, envelope or bare: `items` reads the (inner) value's work, `undefined` when it
 * holds none; `undefined` when neither the envelope's payload nor the bare value holds work.
 */
function unwrapped(event: unknown, items: (value: unknown) => unknown[] | undefined): ServiceInput | undefined {
  if (isHealthCheck(event)) return { kind: 'health' };
  const envelope = readEnvelope(event);
  if (envelope !== undefined) {
    if (isHealthCheck(envelope.payload)) return { kind: 'health' };
    const inner = items(envelope.payload);
    if (inner !== undefined) return { kind: 'items', items: inner, trigger: envelope.trigger, requestId: envelope.requestId };
  }
  const bare = items(event);
  return bare === undefined ? undefined : { kind: 'items', items: bare, trigger: DEFAULT_TRIGGER };
}
