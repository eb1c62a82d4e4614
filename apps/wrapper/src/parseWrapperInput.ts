import { DEFAULT_TRIGGER } from './constants';

/** What the wrapper was asked to do. */
export type WrapperInput =
  | { kind: 'health' }
  | {
      kind: 'events';
      /** The items to process, unvalidated (each is checked by `validateEvent`). */
      items: unknown[];
      /** The incoming `ExecuteRequest.requestId`, when the input was an envelope. */
      requestId?: string;
      /** The incoming trigger (e.g. `replay`), passed on to the persister. Default `telemetry`. */
      trigger: string;
    };

/**
 * Classifies the wrapper's input. Accepted shapes:
 * - an `ExecuteRequest` whose `payload` is `{ events }`, `{ action: 'health' }` or a single event;
 * - a bare `{ events: [...] }`;
 * - `{ action: 'health' }`;
 * - anything else is taken as one bare `TelemetryEvent`, so that even garbage is validated and
 *   parked (`invalid-event`) rather than dropped.
 *
 * @example
 * ```ts
 * parseWrapperInput({ requestId: 'r1', timestamp, trigger: 'replay', payload: { events: [e] } });
 * // { kind: 'events', items: [e], requestId: 'r1', trigger: 'replay' }
 * ```
 */
export function parseWrapperInput(input: unknown): WrapperInput {
  if (isEnvelope(input)) {
    const trigger = typeof input['trigger'] === 'string' && input['trigger'] !== '' ? input['trigger'] : DEFAULT_TRIGGER;
    const inner = parseInner(input['payload']);
    return inner.kind === 'health' ? inner : { ...inner, requestId: input['requestId'] as string, trigger };
  }
  return parseInner(input);
}

function parseInner(value: unknown): WrapperInput {
  if (isRecord(value) && value['action'] === 'health') return { kind: 'health' };
  if (isRecord(value) && Array.isArray(value['events'])) return { kind: 'events', items: value['events'], trigger: DEFAULT_TRIGGER };
  return { kind: 'events', items: [value], trigger: DEFAULT_TRIGGER };
}

/** An ExecuteRequest envelope: a request id and a payload, and not itself a reading (readings carry `deviceId`). */
function isEnvelope(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && typeof value['requestId'] === 'string' && 'payload' in value && !('deviceId' in value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
