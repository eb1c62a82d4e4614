import { PROCESSOR_BATCH_PROTOCOL } from './contract/protocol';
import { readTelemetryEvent } from './contract/telemetryEvent';
import { ProcessorOutputError, ValidationError } from './errors';
import { batchError, isProcessorBatchRequest } from './processorBatch';
import type { ProcessorBatchRequest, ProcessorBatchResponse, ProcessorBatchResult } from './processorBatch';
import type { JsonObject } from './types/json';
import type { TelemetryEvent } from './types/telemetry';

/** The function a device team writes: one normalized reading in, one JSON object out. */
export type ProcessorFunction<TOutput extends JsonObject = JsonObject> = (
  event: TelemetryEvent,
  context?: unknown,
) => Promise<TOutput> | TOutput;

/**
 * The Lambda handler produced by {@link defineProcessor}: one reading in, its output out; or a
 * {@link ProcessorBatchRequest} in, one result per reading out.
 */
export interface ProcessorHandler<TOutput extends JsonObject = JsonObject> {
  (event: ProcessorBatchRequest, context?: unknown): Promise<ProcessorBatchResponse>;
  (event: unknown, context?: unknown): Promise<TOutput>;
}

/**
 * Wraps a processor function as a Lambda handler. The handler checks that it received a
 * {@link TelemetryEvent} and that the function returned a plain JSON object (stored as the
 * reading's `data`); anything else throws a typed error, which the wrapper records in the
 * failure store with the reading.
 *
 * Given a {@link ProcessorBatchRequest} (several readings of the device in one invocation, as
 * the wrapper sends them), it runs the function once per reading, in order, one at a time, and
 * answers one result per reading: a reading that throws or returns something else than a JSON
 * object fails alone, the others keep their data. The function itself never sees a batch.
 *
 * @example
 * ```ts
 * export const handler = defineProcessor(async (event) => {
 *   const fahrenheit = Number(event.payload.temperature);
 *   return { temperatureC: Math.round(((fahrenheit - 32) * 5) / 9 * 10) / 10 };
 * });
 * ```
 */
export function defineProcessor<TOutput extends JsonObject>(fn: ProcessorFunction<TOutput>): ProcessorHandler<TOutput> {
  if (typeof fn !== 'function') throw new TypeError('defineProcessor expects a function');
  const runOne = async (input: unknown, context?: unknown): Promise<TOutput> => {
    const output = await fn(telemetryEvent(input), context);
    assertJsonObject(output);
    return output;
  };
  const runBatch = async (request: ProcessorBatchRequest, context?: unknown): Promise<ProcessorBatchResponse> => {
    const results: ProcessorBatchResult[] = [];
    for (const event of request.events) {
      try {
        results.push({ ok: true, data: await runOne(event, context) });
      } catch (error) {
        results.push({ ok: false, error: batchError(error) });
      }
    }
    return { protocol: PROCESSOR_BATCH_PROTOCOL, results };
  };
  const handler = (event: unknown, context?: unknown): Promise<TOutput | ProcessorBatchResponse> =>
    isProcessorBatchRequest(event) ? runBatch(event, context) : runOne(event, context);
  return handler as ProcessorHandler<TOutput>;
}

/** The contract's event reader (the same the wrapper and the persister use); its first issue names the field. */
function telemetryEvent(input: unknown): TelemetryEvent {
  const read = readTelemetryEvent(input);
  if (read.ok) return read.value;
  const [first] = read.issues;
  throw new ValidationError(`processor input: ${read.issues.map((issue) => issue.message).join('; ')}`, first?.path, 'PROCESSOR_INPUT_INVALID');
}

function assertJsonObject(output: unknown): asserts output is JsonObject {
  const kind = output === null ? 'null' : Array.isArray(output) ? 'array' : typeof output;
  if (kind !== 'object') throw new ProcessorOutputError(`processor output must be a JSON object, got ${kind}`);
  try {
    JSON.stringify(output);
  } catch (err) {
    throw new ProcessorOutputError('processor output is not serializable to JSON', { cause: err });
  }
}
