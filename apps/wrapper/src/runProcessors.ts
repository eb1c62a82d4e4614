import { encodeItems } from '@twinflow/core';
import type { EncodedItem, Logger, TelemetryEvent } from '@twinflow/core';
import { chunkBySize, mapWithConcurrency } from '@twinflow/runtime';
import type { AttemptBudget } from '@twinflow/runtime';
import { MAX_PROCESSOR_BATCH_BYTES } from './constants';
import { withLogFields } from './logContext';
import { BATCH_SHELL, processDeviceBatch } from './processDeviceBatch';
import type { ProcessOutcome } from './processReading';
import type { ProcessorAdapters } from './ProcessorAdapters';

/** A validated reading and its place in the wrapper's input. */
export interface IndexedEvent {
  index: number;
  event: TelemetryEvent;
}

/** Options of {@link runProcessors}. */
export interface RunProcessorsOptions {
  processors: ProcessorAdapters;
  /** Most readings of one device per invocation (`PROCESSOR_BATCH_SIZE`); 1 sends each alone. */
  batchSize: number;
  /** Processor invocations in flight at once (`PROCESSOR_CONCURRENCY`). */
  concurrency: number;
  /** The per-attempt budget right now. */
  budget: () => AttemptBudget;
  logger: Logger;
}

/**
 * The wrapper's process stage: every reading through its device's processor. Readings of the same
 * device go together, in input order, in invocations of at most `batchSize` readings and
 * {@link MAX_PROCESSOR_BATCH_BYTES} (each event encoded once: those bytes size the batch and are
 * what is sent); at most `concurrency` invocations are in flight. Never throws; the outcomes keep
 * the input's order.
 *
 * @example
 * ```ts
 * const outcomes = await runProcessors(valid, { processors, batchSize: 25, concurrency: 8, budget, logger });
 * ```
 */
export async function runProcessors(readings: readonly IndexedEvent[], options: RunProcessorsOptions): Promise<Array<IndexedEvent & { outcome: ProcessOutcome }>> {
  const byDevice = new Map<string, Array<{ reading: IndexedEvent; item: EncodedItem<TelemetryEvent> }>>();
  const encoded = encodeItems(readings.map((reading) => reading.event));
  readings.forEach((reading, i) => {
    const entry = { reading, item: encoded[i] as EncodedItem<TelemetryEvent> };
    const group = byDevice.get(reading.event.deviceId);
    if (group === undefined) byDevice.set(reading.event.deviceId, [entry]);
    else group.push(entry);
  });
  const invocations = [...byDevice.values()].flatMap((group) =>
    chunkBySize(group, ({ item }) => item.bytes + 1, { maxItems: options.batchSize, maxBytes: MAX_PROCESSOR_BATCH_BYTES - BATCH_SHELL.overheadBytes }),
  );
  const done = await mapWithConcurrency(invocations, options.concurrency, async (group) => {
    const items = group.map(({ item }) => item);
    const first = items[0]?.value as TelemetryEvent;
    // A lone reading gets its own { deviceId, eventId } inside processDeviceBatch; a batch is named here.
    const outcomes =
      items.length === 1
        ? await processDeviceBatch(items, options)
        : await withLogFields({ deviceId: first.deviceId, eventIds: items.map(({ value }) => value.eventId) }, () => processDeviceBatch(items, options));
    return group.map(({ reading }, i) => ({ ...reading, outcome: outcomes[i] as ProcessOutcome }));
  });
  return done.flat().sort((a, b) => a.index - b.index);
}
