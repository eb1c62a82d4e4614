import type { Adapter, ExecuteRequest, JsonValue, TelemetryEvent } from '@twinflow/core';
import { chunkBySize, handOffFailure, mapWithConcurrency, type HandOffFailure } from '@twinflow/runtime';
import type { AcceptedReading } from './checkReading';
import { DISPATCH_CONCURRENCY, MAX_WRAPPER_PAYLOAD_BYTES, WRAPPER_UNAVAILABLE } from './constants';

/** Options of {@link dispatchToWrapper}. */
export interface DispatchOptions {
  /** The wrapper's adapter (`Event` invocations). */
  adapter: Adapter;
  /** Readings per wrapper invocation. */
  batchSize: number;
  /** Retries the adapter makes, for the failure records' attempt count. */
  maxRetries: number;
  /** Base of the request ids: `${requestIdBase}:${n}` for the n-th invocation. */
  requestIdBase: string;
  /** `ExecuteRequest.trigger`. */
  trigger: string;
  /** `ExecuteRequest.source`: the dispatcher's function name. */
  source: string;
  /** Clock for `ExecuteRequest.timestamp`, epoch ms. */
  now: () => number;
}

/** What happened to one accepted reading. */
export interface HandOffOutcome {
  reading: AcceptedReading;
  /** Request id of the wrapper invocation that carried it. */
  requestId: string;
  /** Set when that invocation could not be queued. */
  failure?: HandOffFailure;
}

/**
 * Hands accepted readings to the wrapper as `ExecuteRequest`s with payload `{ events }`: at most
 * `batchSize` events and {@link MAX_WRAPPER_PAYLOAD_BYTES} per invocation, a few invocations in
 * flight at once. `execute` never throws; a failed invocation marks every reading it carried.
 * Outcomes keep the readings' order.
 *
 * @example
 * ```ts
 * const outcomes = await dispatchToWrapper(accepted, { adapter, batchSize: 10, maxRetries: 3, requestIdBase: 'r1', trigger: 'telemetry', source: 'demo-dispatcher', now: Date.now });
 * outcomes.filter((o) => o.failure).length; // readings to park
 * ```
 */
export async function dispatchToWrapper(readings: readonly AcceptedReading[], options: DispatchOptions): Promise<HandOffOutcome[]> {
  if (readings.length === 0) return [];
  const timestamp = new Date(options.now()).toISOString();
  const requestFor = (n: number, events: TelemetryEvent[]): ExecuteRequest => ({
    requestId: `${options.requestIdBase}:${n}`,
    timestamp,
    trigger: options.trigger,
    source: options.source,
    // A TelemetryEvent is JSON by construction; its interface just lacks JsonObject's index signature.
    payload: { events: events as unknown as JsonValue[] },
  });
  // The envelope without events, measured once; each event then adds its JSON and a comma.
  const envelopeBytes = byteLength(requestFor(0, []));
  const groups = chunkBySize(readings, (reading) => byteLength(reading.event) + 1, {
    maxItems: options.batchSize,
    maxBytes: MAX_WRAPPER_PAYLOAD_BYTES - envelopeBytes,
  });

  const perGroup = await mapWithConcurrency(groups, DISPATCH_CONCURRENCY, async (group, n) => {
    const request = requestFor(n, group.map((reading) => reading.event));
    const response = await options.adapter.execute(request);
    const failure = response.success ? undefined : handOffFailure(response, { maxRetries: options.maxRetries, fallbackReason: WRAPPER_UNAVAILABLE });
    return group.map((reading): HandOffOutcome => (failure ? { reading, requestId: request.requestId, failure } : { reading, requestId: request.requestId }));
  });
  return perGroup.flat();
}

function byteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
