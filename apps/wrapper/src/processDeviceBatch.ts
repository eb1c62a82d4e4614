import { batchShell, describeValue, PROCESSOR_BATCH_PROTOCOL, readProcessorBatchResponse } from '@twinflow/core';
import type { EncodedItem, JsonValue, Logger, ProcessorBatchRequest, ProcessorBatchResult, TelemetryEvent } from '@twinflow/core';
import { LambdaFunctionError } from '@twinflow/lambda-adapter';
import { TimeBudgetExhaustedError } from '@twinflow/runtime';
import type { AttemptBudget } from '@twinflow/runtime';
import { withLogFields } from './logContext';
import { outputOf, processReading } from './processReading';
import type { ProcessOutcome } from './processReading';
import type { ProcessorAdapters } from './ProcessorAdapters';

/** Options of {@link processDeviceBatch}. */
export interface DeviceBatchOptions {
  processors: ProcessorAdapters;
  /** The per-attempt budget right now (read again before each call). */
  budget: () => AttemptBudget;
  logger: Logger;
}

/**
 * Runs several readings of one device through its processor in one `RequestResponse`
 * invocation (`twinflow.processor-batch/1`), one outcome per reading, in order. Never throws.
 *
 * - Each reading gets its own result: the processor's data, or its error (`function-error`), or
 *   `invalid-output` when that reading's data is not a JSON object.
 * - A batch that fails as a whole with a `FunctionError`, or whose answer is not a valid batch
 *   answer, is sent again one reading per invocation, so a reading that crashes the processor
 *   costs only itself. A processor that answers a batch as if it were one reading (it does not
 *   use `defineProcessor`) is remembered and sent single readings from then on.
 * - Any other failure (timeout, throttling past the retries, open circuit, no time left) parks
 *   every reading of the batch with that reason; a replay sends them one at a time.
 *
 * @example
 * ```ts
 * const outcomes = await processDeviceBatch(events, { processors, budget: () => attemptBudget(20_000, context), logger });
 * outcomes.filter((o) => !o.ok).length; // readings to park
 * ```
 */
export async function processDeviceBatch(encoded: ReadonlyArray<EncodedItem<TelemetryEvent>>, options: DeviceBatchOptions): Promise<ProcessOutcome[]> {
  const events = encoded.map((item) => item.value);
  const first = events[0];
  if (first === undefined) return [];
  const functionName = options.processors.nameOf(first);
  const one = (event: TelemetryEvent): Promise<ProcessOutcome> =>
    withLogFields({ deviceId: event.deviceId, eventId: event.eventId }, () => processReading(event, options.processors, options.budget()));
  const oneByOne = async (): Promise<ProcessOutcome[]> => {
    const outcomes: ProcessOutcome[] = [];
    for (const event of events) outcomes.push(await one(event));
    return outcomes;
  };
  if (events.length === 1 || !options.processors.speaksBatches(functionName)) return oneByOne();

  const budget = options.budget();
  if (!budget.enough) {
    const error = new TimeBudgetExhaustedError(functionName, budget.timeoutMs);
    return events.map(() => ({ ok: false, error }));
  }
  let payload: JsonValue | undefined;
  let attempts: number;
  try {
    // The events' JSON, encoded once when the batch was sized, is what is sent.
    const result = await options.processors.get(functionName).invoke(BATCH_SHELL.encode(encoded), { timeoutMs: budget.timeoutMs });
    payload = result.payload;
    attempts = result.attempts;
  } catch (error) {
    if (error instanceof LambdaFunctionError) {
      options.logger.warn('processor batch failed as a whole: sending its readings one by one', { functionName, readings: events.length, errorType: error.errorType });
      return oneByOne();
    }
    return events.map(() => ({ ok: false, error }));
  }

  const answer = readProcessorBatchResponse(payload, events.length);
  if (answer.kind !== 'results') {
    if (answer.kind === 'not-batch') options.processors.markSingleOnly(functionName);
    const why = answer.kind === 'not-batch' ? `answered ${describeValue(payload)} without the batch protocol` : answer.message;
    options.logger.warn('processor batch answer unusable: sending its readings one by one', { functionName, readings: events.length, why });
    return oneByOne();
  }
  return answer.results.map((result, i) => toOutcome(result, events[i] as TelemetryEvent, functionName, attempts));
}

function toOutcome(result: ProcessorBatchResult, event: TelemetryEvent, functionName: string, attempts: number): ProcessOutcome {
  if (result.ok) return outputOf(event, result.data, functionName, attempts);
  const error = new LambdaFunctionError({ functionName, functionError: 'Handled', errorType: result.error.type, errorMessage: result.error.message, statusCode: 200 }, { attempts });
  return { ok: false, error };
}

/** `{ protocol, events }`: the batch request, with the events' own JSON spliced in. */
export const BATCH_SHELL = batchShell((events: JsonValue): JsonValue => ({ protocol: PROCESSOR_BATCH_PROTOCOL, events } satisfies Omit<ProcessorBatchRequest, 'events'> & { events: JsonValue }));
