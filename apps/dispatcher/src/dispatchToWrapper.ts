import { batchShell, encodeItems } from '@twinflow/core';
import type { ExecuteRequest, JsonValue, TelemetryEvent } from '@twinflow/core';
import type { LambdaAdapter } from '@twinflow/lambda-adapter';
import { chunkBySize, mapWithConcurrency, parked, TimeBudgetExhaustedError } from '@twinflow/runtime';
import type { AttemptBudget, ReadingOutcome } from '@twinflow/runtime';
import type { AcceptedReading } from './checkReading';
import { DISPATCH_CONCURRENCY, MAX_WRAPPER_PAYLOAD_BYTES, WRAPPER_UNAVAILABLE } from './constants';

/** Options of {@link dispatchToWrapper}. */
export interface DispatchOptions {
  /** The wrapper's adapter (`Event` invocations). */
  adapter: Pick<LambdaAdapter, 'invoke' | 'functionName'>;
  /** Readings per wrapper invocation. */
  batchSize: number;
  /** Base of the request ids: `${requestIdBase}:${n}` for the n-th invocation. */
  requestIdBase: string;
  /** `ExecuteRequest.trigger`. */
  trigger: string;
  /** `ExecuteRequest.source`: the dispatcher's function name. */
  source: string;
  /** Clock for `ExecuteRequest.timestamp`, epoch ms. */
  now: () => number;
  /**
   * The per-attempt timeout available right now (read before each invocation; see
   * `attemptBudget`). Default the adapter's own timeout, without a deadline.
   */
  budget?: () => AttemptBudget;
}

/** Room for the request id's index (`:n`) beyond the first invocation's. */
const REQUEST_ID_SLACK_BYTES = 16;

/**
 * Hands accepted readings to the wrapper as `ExecuteRequest`s with payload `{ events }`: at most
 * `batchSize` events and {@link MAX_WRAPPER_PAYLOAD_BYTES} per invocation, a few invocations in
 * flight at once. Each event is encoded once; the groups are sized from those bytes and the same
 * bytes are sent. A failed invocation parks every reading it carried with the adapter's typed
 * error (its reason and attempts). Each invocation's attempts are bounded by `budget`, so that the
 * dispatcher answers before its own Lambda deadline however slow the Lambda API is: an
 * invocation there is no time left for parks its readings as `timeout` (`TimeBudgetExhaustedError`)
 * without being tried. Never throws.
 *
 * @example
 * ```ts
 * const outcomes = await dispatchToWrapper(accepted, { adapter, batchSize: 25, requestIdBase: 'r1', trigger: 'telemetry', source: 'demo-dispatcher', now: Date.now });
 * ```
 */
export async function dispatchToWrapper(readings: readonly AcceptedReading[], options: DispatchOptions): Promise<ReadingOutcome[]> {
  if (readings.length === 0) return [];
  const timestamp = new Date(options.now()).toISOString();
  const shellOf = (n: number) =>
    batchShell((events: JsonValue): ExecuteRequest => ({ requestId: `${options.requestIdBase}:${n}`, timestamp, trigger: options.trigger, source: options.source, payload: { events } }));
  const encoded = encodeItems(readings.map((reading) => reading.event));
  const groups = chunkBySize(
    encoded.map((item, i) => ({ item, reading: readings[i] as AcceptedReading })),
    ({ item }) => item.bytes + 1,
    { maxItems: options.batchSize, maxBytes: MAX_WRAPPER_PAYLOAD_BYTES - shellOf(0).overheadBytes - REQUEST_ID_SLACK_BYTES },
  );

  const perGroup = await mapWithConcurrency(groups, DISPATCH_CONCURRENCY, async (group, n): Promise<ReadingOutcome[]> => {
    const requestId = `${options.requestIdBase}:${n}`;
    const park = (error: unknown) =>
      group.map(({ reading }) => parked(reading.index, error, { stage: 'dispatch', original: reading.original, ids: idsOf(reading.event), reason: WRAPPER_UNAVAILABLE }));
    const budget = options.budget?.();
    if (budget !== undefined && !budget.enough) return park(new TimeBudgetExhaustedError(options.adapter.functionName, budget.timeoutMs));
    try {
      await options.adapter.invoke(shellOf(n).encode(group.map(({ item }) => item)), budget === undefined ? { requestId } : { requestId, timeoutMs: budget.timeoutMs });
      return group.map(({ reading }) => ({ index: reading.index, status: 'dispatched', ids: idsOf(reading.event), log: { requestId, function: options.adapter.functionName } }));
    } catch (error) {
      return park(error);
    }
  });
  return perGroup.flat();
}

function idsOf(event: TelemetryEvent): { deviceId: string; eventId: string; timestamp: string } {
  return { deviceId: event.deviceId, eventId: event.eventId, timestamp: event.timestamp };
}
