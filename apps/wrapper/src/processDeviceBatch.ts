import { describe, ProcessorOutputError, readProcessorBatchResponse, toProcessorBatchRequest } from '@twinflow/core';
import type { JsonValue, Logger, ProcessorBatchResult, TelemetryEvent } from '@twinflow/core';
import { LambdaFunctionError } from '@twinflow/lambda-adapter';
import { TimeBudgetExhaustedError } from './errors';
import { withLogFields } from './logContext';
import { failedOutcome, processReading } from './processReading';
import type { ProcessOutcome } from './processReading';
import type { ProcessorAdapters } from './ProcessorAdapters';
import type { AttemptBudget } from './timeBudget';

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
export async function processDeviceBatch(events: readonly TelemetryEvent[], options: DeviceBatchOptions): Promise<ProcessOutcome[]> {
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
    return events.map(() => ({ ok: false, error, attempts: 0, reason: 'timeout' }));
  }
  let payload: JsonValue | undefined;
  let attempts: number;
  try {
    // A TelemetryEvent is JSON by construction; its interface just lacks JsonObject's index signature.
    const result = await options.processors.get(functionName).invoke(toProcessorBatchRequest(events) as unknown as JsonValue, { timeoutMs: budget.timeoutMs });
    payload = result.payload;
    attempts = result.attempts;
  } catch (error) {
    if (error instanceof LambdaFunctionError) {
      options.logger.warn('processor batch failed as a whole: sending its readings one by one', { functionName, readings: events.length, errorType: error.errorType });
      return oneByOne();
    }
    const failed = failedOutcome(error);
    return events.map(() => failed);
  }

  const answer = readProcessorBatchResponse(payload, events.length);
  if (answer.kind !== 'results') {
    if (answer.kind === 'not-batch') options.processors.markSingleOnly(functionName);
    const why = answer.kind === 'not-batch' ? `answered ${describe(payload)} without the batch protocol` : answer.message;
    options.logger.warn('processor batch answer unusable: sending its readings one by one', { functionName, readings: events.length, why });
    return oneByOne();
  }
  return answer.results.map((result, i) => toOutcome(result, events[i] as TelemetryEvent, functionName, attempts));
}

function toOutcome(result: ProcessorBatchResult, event: TelemetryEvent, functionName: string, attempts: number): ProcessOutcome {
  if (!result.ok) {
    const error = new LambdaFunctionError({ functionName, functionError: 'Handled', errorType: result.error.type, errorMessage: result.error.message, statusCode: 200 });
    return { ok: false, error, attempts };
  }
  const data: unknown = result.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, error: new ProcessorOutputError(`processor "${functionName}" returned ${describe(data as JsonValue)} for reading ${event.eventId}; its output must be a JSON object`), attempts };
  }
  return { ok: true, record: { event, data: result.data }, attempts };
}
