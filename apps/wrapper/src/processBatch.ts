import { InvalidEventError, readTelemetryEvent } from '@twinflow/core';
import type { PersistRecord, ReadingIds, TelemetryEvent } from '@twinflow/core';
import { attemptBudget, parked } from '@twinflow/runtime';
import type { ReadingOutcome, ServiceWork } from '@twinflow/runtime';
import { persistReadings } from './persistReadings';
import type { PersisterInvoker } from './persistReadings';
import type { ProcessorAdapters } from './ProcessorAdapters';
import { runProcessors } from './runProcessors';
import type { IndexedEvent } from './runProcessors';

/** What a batch runs with: built once per container by `createWrapper`. */
export interface BatchRuntime {
  twin: string;
  /** The wrapper's own function name, the `source` of its hand-offs. */
  service: string;
  processors: ProcessorAdapters;
  persister: PersisterInvoker;
  now: () => number;
  processorTimeoutMs: number;
  processorConcurrency: number;
  /** Most readings of one device per processor invocation. */
  processorBatchSize: number;
}

/**
 * The wrapper's work, in its three stages: validate (core's event reader, the same the persister
 * uses, so no processor runs on a reading the persister would refuse) → process (each device's
 * processor, batched) → persist (the hand-off to the persister). Every reading ends `dispatched`
 * (handed to the persister) or parked: at `process` with the `TelemetryEvent` (or, for
 * `invalid-event`, the item as received) as `original`, replayed to the wrapper; at `persist` with
 * `{ event, data }`, replayed to the persister without running the processor again.
 *
 * @example
 * ```ts
 * const outcomes = await processBatch(runtime, work); // one per item
 * ```
 */
export async function processBatch(runtime: BatchRuntime, work: ServiceWork): Promise<ReadingOutcome[]> {
  const { valid, invalid } = validateItems(work.items, runtime.twin, work.receivedAt);
  const processed = await runProcessors(valid, {
    processors: runtime.processors,
    batchSize: runtime.processorBatchSize,
    concurrency: runtime.processorConcurrency,
    budget: () => attemptBudget(runtime.processorTimeoutMs, work.context),
    logger: work.logger,
  });

  const outcomes: ReadingOutcome[] = [...invalid];
  const toPersist: Array<{ index: number; record: PersistRecord }> = [];
  for (const { index, event, outcome } of processed) {
    if (outcome.ok) toPersist.push({ index, record: outcome.record });
    else outcomes.push(parked(index, outcome.error, { stage: 'process', original: event, ids: idsOf(event) }));
  }

  const parkedChunks = await persistReadings(
    toPersist.map((entry) => entry.record),
    {
      persister: runtime.persister,
      request: (records, index) => ({
        requestId: `${work.requestId}:persist-${index}`,
        timestamp: new Date(runtime.now()).toISOString(),
        trigger: work.trigger,
        source: runtime.service,
        payload: { records },
      }),
    },
  );
  const failedHandOff = new Map(parkedChunks.flatMap((chunk) => chunk.records.map((record) => [record, chunk.error] as const)));
  for (const { index, record } of toPersist) {
    const ids = idsOf(record.event);
    if (!failedHandOff.has(record)) outcomes.push({ index, status: 'dispatched', ids });
    else outcomes.push(parked(index, failedHandOff.get(record), { stage: 'persist', original: record, ids, reason: 'persister-unavailable' }));
  }
  return outcomes;
}

/** The validate stage: core's event reader on every item; an item it refuses is parked before any processor runs. */
function validateItems(items: readonly unknown[], twin: string, receivedAt: string): { valid: IndexedEvent[]; invalid: ReadingOutcome[] } {
  const valid: IndexedEvent[] = [];
  const invalid: ReadingOutcome[] = [];
  items.forEach((item, index) => {
    const read = readTelemetryEvent(item, { twin, receivedAt });
    if (read.ok) valid.push({ index, event: read.value });
    else invalid.push({ ...parked(index, new InvalidEventError(read.issues), { stage: 'process', original: item, ids: read.ids, attempts: 0 }), shown: shownIds(item) });
  });
  return { valid, invalid };
}

function idsOf(event: TelemetryEvent): ReadingIds {
  return { deviceId: event.deviceId, eventId: event.eventId, timestamp: event.timestamp };
}

/** An invalid item's ids as text for its result (bounded; never used in a name). */
function shownIds(item: unknown): { deviceId: string; eventId: string } {
  const fields = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
  const text = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 128) : '');
  return { deviceId: text(fields['deviceId']), eventId: text(fields['eventId']) };
}
