import type { JsonObject } from './types/json';
import type { TelemetryEvent } from './types/telemetry';

import { PROCESSOR_BATCH_PROTOCOL } from './contract/protocol';

/** Longest error message kept per reading of a batch response. */
export const MAX_BATCH_ERROR_MESSAGE_LENGTH = 1_000;

/**
 * Several readings of one device in one processor invocation (the wrapper sends it when a batch
 * holds more than one reading for the device). `defineProcessor` runs the device team's function
 * once per event, in order.
 */
export type ProcessorBatchRequest = {
  protocol: typeof PROCESSOR_BATCH_PROTOCOL;
  events: TelemetryEvent[];
};

/** The outcome of one reading of a batch: its `data`, or the error the processor function threw. */
export type ProcessorBatchResult = { ok: true; data: JsonObject } | { ok: false; error: { type: string; message: string } };

/** The answer to a {@link ProcessorBatchRequest}: one result per event, in the request's order. */
export type ProcessorBatchResponse = {
  protocol: typeof PROCESSOR_BATCH_PROTOCOL;
  results: ProcessorBatchResult[];
};

/** What {@link readProcessorBatchResponse} made of a processor's answer. */
export type ProcessorBatchReading =
  | { kind: 'results'; results: ProcessorBatchResult[] }
  /** The answer does not carry the protocol: the processor does not speak batches. */
  | { kind: 'not-batch' }
  /** It carries the protocol but its results are wrong (count, shape): a processor bug. */
  | { kind: 'malformed'; message: string };

/**
 * The request for several readings of one device.
 *
 * @example
 * ```ts
 * await adapter.invoke(toProcessorBatchRequest([first, second])); // one invocation, two readings
 * ```
 */
export function toProcessorBatchRequest(events: readonly TelemetryEvent[]): ProcessorBatchRequest {
  return { protocol: PROCESSOR_BATCH_PROTOCOL, events: [...events] };
}

/**
 * Whether a processor's input is a batch request (else it is one reading).
 *
 * @example
 * ```ts
 * isProcessorBatchRequest({ protocol: 'twinflow.processor-batch/1', events: [] }); // true
 * isProcessorBatchRequest({ deviceId: 'thermostat-1', payload: {} });              // false
 * ```
 */
export function isProcessorBatchRequest(value: unknown): value is ProcessorBatchRequest {
  return isObject(value) && value['protocol'] === PROCESSOR_BATCH_PROTOCOL && Array.isArray(value['events']);
}

/**
 * Checks a processor's answer to a batch of `expected` readings. Each result must be
 * `{ ok: true, data }` or `{ ok: false, error: { type, message } }` (strings); whether `data`
 * is a JSON object is left to the caller, which parks that one reading as `invalid-output`.
 *
 * @example
 * ```ts
 * const answer = readProcessorBatchResponse(result.payload, events.length);
 * if (answer.kind === 'results') answer.results.forEach((r, i) => r.ok ? store(events[i], r.data) : park(events[i], r.error));
 * ```
 */
export function readProcessorBatchResponse(value: unknown, expected: number): ProcessorBatchReading {
  if (!isObject(value) || value['protocol'] !== PROCESSOR_BATCH_PROTOCOL) return { kind: 'not-batch' };
  const results = value['results'];
  if (!Array.isArray(results)) return { kind: 'malformed', message: 'batch response has no results array' };
  if (results.length !== expected) return { kind: 'malformed', message: `batch response has ${results.length} results for ${expected} readings` };
  for (let i = 0; i < results.length; i += 1) {
    if (!isResult(results[i])) return { kind: 'malformed', message: `batch response result ${i} is neither { ok: true, data } nor { ok: false, error: { type, message } }` };
  }
  return { kind: 'results', results: results as ProcessorBatchResult[] };
}

/**
 * The error part of a failed reading: its name and (bounded) message.
 *
 * @example
 * ```ts
 * batchError(new TypeError('no temperature')); // { type: 'TypeError', message: 'no temperature' }
 * ```
 */
export function batchError(error: unknown): { type: string; message: string } {
  const fields = isObject(error) ? error : {};
  const type = typeof fields['name'] === 'string' && fields['name'] !== '' ? fields['name'] : 'Error';
  const raw = typeof fields['message'] === 'string' ? fields['message'] : String(error);
  return { type, message: raw.length > MAX_BATCH_ERROR_MESSAGE_LENGTH ? `${raw.slice(0, MAX_BATCH_ERROR_MESSAGE_LENGTH)}…` : raw };
}

function isResult(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (value['ok'] === true) return 'data' in value;
  if (value['ok'] !== false || !isObject(value['error'])) return false;
  return typeof value['error']['type'] === 'string' && typeof value['error']['message'] === 'string';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
