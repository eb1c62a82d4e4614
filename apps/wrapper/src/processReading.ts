import { dataIssues, describeValue, ProcessorOutputError } from '@twinflow/core';
import type { JsonObject, JsonValue, PersistRecord, TelemetryEvent } from '@twinflow/core';
import { TimeBudgetExhaustedError } from '@twinflow/runtime';
import type { AttemptBudget } from '@twinflow/runtime';
import type { ProcessorAdapters } from './ProcessorAdapters';

/**
 * Outcome of a processor call: the record to persist, or the error that parks the reading. The
 * error carries its own reason and attempts (an adapter error, `TimeBudgetExhaustedError`,
 * `ProcessorOutputError`), so nothing is guessed here.
 */
export type ProcessOutcome = { ok: true; record: PersistRecord } | { ok: false; error: unknown };

/**
 * Runs one validated reading through its device's processor (`{twin}-{device}-processor`,
 * `RequestResponse`, the event itself as payload). Never throws.
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
    if (!budget.enough) return { ok: false, error: new TimeBudgetExhaustedError(functionName, budget.timeoutMs) };
    const result = await processors.get(functionName).invoke(event, { timeoutMs: budget.timeoutMs });
    return outputOf(event, result.payload, functionName, result.attempts);
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * A processor's output for `event`, checked with the contract's rule for `data` (what the hot
 * table stores): the record to persist, or a `ProcessorOutputError` (reason `invalid-output`), so a
 * reading that could only be parked at the persister is parked here, before the hand-off.
 *
 * @example
 * ```ts
 * outputOf(event, [1, 2], 'demo-thermostat-1-processor', 1); // { ok: false, error: ProcessorOutputError }
 * ```
 */
export function outputOf(event: TelemetryEvent, data: JsonValue | undefined, functionName: string, attempts: number): ProcessOutcome {
  const [issue] = dataIssues(data);
  if (issue === undefined) return { ok: true, record: { event, data: data as JsonObject } };
  const got = data === undefined ? 'an empty response' : describeValue(data);
  const why = issue.path === 'data' ? 'its output must be a JSON object' : issue.message;
  return { ok: false, error: new ProcessorOutputError(`processor "${functionName}" returned ${got} for reading ${event.eventId}; ${why}`, { attempts }) };
}
