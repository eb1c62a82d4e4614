import type { Logger, TelemetryEvent } from '@twinflow/core';
import { chunkBySize, mapWithConcurrency } from '@twinflow/runtime';
import { MAX_PROCESSOR_BATCH_BYTES } from './constants';
import { withLogFields } from './logContext';
import { processDeviceBatch } from './processDeviceBatch';
import type { ProcessOutcome } from './processReading';
import type { ProcessorAdapters } from './ProcessorAdapters';
import type { AttemptBudget } from './timeBudget';

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

/** Room in each batch request for the envelope (`{"protocol":…,"events":[…]}`). */
const ENVELOPE_BYTES = 256;

/**
 * Runs every reading through its device's processor: readings of the same device go together,
 * in input order, in invocations of at most `batchSize` readings and
 * {@link MAX_PROCESSOR_BATCH_BYTES}; at most `concurrency` invocations are in flight. Never
 * throws; the outcomes keep the input's order.
 *
 * @example
 * ```ts
 * const outcomes = await runProcessors(valid, { processors, batchSize: 25, concurrency: 8, budget, logger });
 * ```
 */
export async function runProcessors(readings: readonly IndexedEvent[], options: RunProcessorsOptions): Promise<Array<IndexedEvent & { outcome: ProcessOutcome }>> {
  const byDevice = new Map<string, IndexedEvent[]>();
  for (const reading of readings) {
    const group = byDevice.get(reading.event.deviceId);
    if (group === undefined) byDevice.set(reading.event.deviceId, [reading]);
    else group.push(reading);
  }
  const invocations = [...byDevice.values()].flatMap((group) =>
    chunkBySize(group, (reading) => Buffer.byteLength(JSON.stringify(reading.event), 'utf8') + 1, {
      maxItems: options.batchSize,
      maxBytes: MAX_PROCESSOR_BATCH_BYTES - ENVELOPE_BYTES,
    }),
  );
  const done = await mapWithConcurrency(invocations, options.concurrency, async (group) => {
    const events = group.map((reading) => reading.event);
    const first = events[0] as TelemetryEvent;
    // A lone reading gets its own { deviceId, eventId } inside processDeviceBatch; a batch is named here.
    const outcomes =
      events.length === 1
        ? await processDeviceBatch(events, options)
        : await withLogFields({ deviceId: first.deviceId, eventIds: events.map((event) => event.eventId) }, () => processDeviceBatch(events, options));
    return group.map((reading, i) => ({ ...reading, outcome: outcomes[i] as ProcessOutcome }));
  });
  return done.flat().sort((a, b) => a.index - b.index);
}
