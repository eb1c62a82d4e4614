import { describe, ProcessorOutputError } from '@twinflow/core';
import type { JsonObject, JsonValue, TelemetryEvent } from '@twinflow/core';
import { CircuitOpenError } from '@twinflow/health';
import { LambdaRetriesExhaustedError, LambdaTimeoutError, PayloadTooLargeError } from '@twinflow/lambda-adapter';
import { TimeBudgetExhaustedError } from './errors';
import type { ProcessorAdapters } from './ProcessorAdapters';
import type { AttemptBudget } from './timeBudget';

/** A processed reading, as handed to the persister. */
export interface PersistRecord {
  event: TelemetryEvent;
  /** The processor's output, stored as the hot-table item's `data`. */
  data: JsonObject;
}

/** Outcome of {@link processReading}. */
export type ProcessOutcome =
  | { ok: true; record: PersistRecord; attempts: number }
  | {
      ok: false;
      error: unknown;
      /** Processor invocations made (0 when none was sent: open circuit, no time left). */
      attempts: number;
      /** Explicit reason, when `failureReasonOf(error)` would not give the right one. */
      reason?: string;
    };

/**
 * Runs one validated reading through its device's processor (`{twin}-{device}-processor`,
 * `RequestResponse`, the event itself as payload). Never throws: failures come back with the
 * error, whose `failureReasonOf` is the failure-store reason.
 *
 * @param budget per-attempt timeout available now (see `attemptBudget`)
 * @example
 * ```ts
 * const outcome = await processReading(event, processors, { timeoutMs: 20_000, enough: true });
 * if (outcome.ok) records.push(outcome.record);
 * ```
 */
export async function processReading(event: TelemetryEvent, processors: ProcessorAdapters, budget: AttemptBudget): Promise<ProcessOutcome> {
  try {
    const functionName = processors.nameOf(event);
    if (!budget.enough) {
      return { ok: false, error: new TimeBudgetExhaustedError(functionName, budget.timeoutMs), attempts: 0, reason: 'timeout' };
    }
    const result = await processors.get(functionName).invoke(toJsonObject(event), { timeoutMs: budget.timeoutMs });
    if (!isJsonObject(result.payload)) {
      const got = result.payload === undefined ? 'an empty response' : describe(result.payload);
      return { ok: false, error: new ProcessorOutputError(`processor "${functionName}" returned ${got}; its output must be a JSON object`), attempts: result.attempts };
    }
    return { ok: true, record: { event, data: result.payload }, attempts: result.attempts };
  } catch (error) {
    return failedOutcome(error);
  }
}

/**
 * The outcome of a processor call that threw `error`, with the invocations it made as far as the
 * error tells.
 *
 * @example
 * ```ts
 * failedOutcome(new CircuitOpenError('demo-thermostat-1-processor', retryAt)); // { ok: false, error, attempts: 0 }
 * ```
 */
export function failedOutcome(error: unknown): ProcessOutcome {
  return { ok: false, error, attempts: attemptsOf(error) };
}

/** Invocations made before `error`, as far as the error tells. */
function attemptsOf(error: unknown): number {
  if (error instanceof LambdaRetriesExhaustedError) return error.attempts;
  if (error instanceof LambdaTimeoutError) return error.attempt;
  if (error instanceof CircuitOpenError || error instanceof PayloadTooLargeError) return 0;
  return 1;
}

function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toJsonObject(event: TelemetryEvent): JsonObject {
  return { ...event };
}
