import { randomUUID } from 'node:crypto';
import type { Adapter, FailureRecord, JsonObject, Logger, TelemetryEvent } from '@twinflow/core';
import { createFailureRecord, eventTimestampOf, failureReasonOf } from '@twinflow/runtime';
import type { FailureStore } from '@twinflow/runtime';
import { persistReadings } from './persistReadings';
import type { ParkedChunk } from './persistReadings';
import { runProcessors } from './runProcessors';
import type { PersistRecord } from './processReading';
import type { ProcessorAdapters } from './ProcessorAdapters';
import { attemptBudget } from './timeBudget';
import type { ReadingResult, WrapperContext, WrapperResult } from './types';
import type { EventValidator } from './validateEvent';

/** What a batch runs with: built once per container by `createWrapper`. */
export interface BatchRuntime {
  twin: string;
  /** The wrapper's own function name, the `source` of its hand-offs. */
  service: string;
  logger: Logger;
  validate: EventValidator;
  processors: ProcessorAdapters;
  persister: Adapter;
  failureStore: FailureStore;
  now: () => number;
  processorTimeoutMs: number;
  processorConcurrency: number;
  /** Most readings of one device per processor invocation. */
  processorBatchSize: number;
}

/** The readings of one invocation. */
export interface Batch {
  items: unknown[];
  requestId?: string;
  trigger: string;
}

/**
 * Validates, processes and persists one batch; every reading ends `processed` (handed to the
 * persister) or `failed` (in the failure store, with one `put` for the whole batch).
 *
 * Replay: a `process` failure keeps the `TelemetryEvent` (or, for `invalid-event`, the item as
 * received) as `original`, to be sent to the wrapper again as `{ events: [original] }`; a `persist`
 * failure keeps `{ event, data }`, to be sent to the persister as `{ records: [original] }` without
 * running the processor again. Every record carries the reading's `timestamp` with its `deviceId`
 * and `eventId` (for `invalid-event`, only when the item's is ISO-8601 UTC with milliseconds).
 *
 * @throws whatever the failure store throws (e.g. `FailureStoreError`): the invocation must fail so Lambda keeps it
 */
export async function processBatch(runtime: BatchRuntime, batch: Batch, context?: WrapperContext): Promise<Omit<WrapperResult, 'health'>> {
  const { twin, logger, now } = runtime;
  const receivedAt = new Date(now()).toISOString();
  // Names this batch in the batch-level log lines and the persister hand-offs (`<id>:persist-<n>`).
  const requestId = batch.requestId ?? context?.awsRequestId ?? randomUUID();
  const results = new Array<ReadingResult>(batch.items.length);
  const failures: FailureRecord[] = [];
  const park = (index: number, record: FailureRecord, deviceId: string, eventId: string): void => {
    failures.push(record);
    results[index] = { eventId, deviceId, status: 'failed', reason: record.reason };
    logger.warn('reading failed', { deviceId, eventId, stage: record.stage, reason: record.reason, attempts: record.attempts, error: record.message });
  };

  const valid: Array<{ index: number; event: TelemetryEvent }> = [];
  batch.items.forEach((item, index) => {
    const checked = runtime.validate(item, receivedAt);
    if (checked.ok) {
      valid.push({ index, event: checked.event });
      return;
    }
    const ids = rawIds(item);
    const record = createFailureRecord({
      twin, stage: 'process', error: checked.error, reason: 'invalid-event', original: item, attempts: 0, now,
      ...(checked.deviceId === undefined ? {} : { deviceId: checked.deviceId }),
      ...(checked.eventId === undefined ? {} : { eventId: checked.eventId }),
      timestamp: eventTimestampOf(item),
    });
    park(index, record, ids.deviceId, ids.eventId);
  });

  const outcomes = await runProcessors(valid, {
    processors: runtime.processors,
    batchSize: runtime.processorBatchSize,
    concurrency: runtime.processorConcurrency,
    budget: () => attemptBudget(runtime.processorTimeoutMs, context),
    logger,
  });

  const processed: Array<{ index: number; record: PersistRecord }> = [];
  for (const { index, event, outcome } of outcomes) {
    if (outcome.ok) {
      processed.push({ index, record: outcome.record });
      continue;
    }
    const record = createFailureRecord({
      twin, stage: 'process', error: outcome.error, reason: outcome.reason ?? failureReasonOf(outcome.error),
      original: event, attempts: outcome.attempts, deviceId: event.deviceId, eventId: event.eventId, timestamp: event.timestamp, now,
    });
    park(index, record, event.deviceId, event.eventId);
  }

  const parkedChunks = await persistReadings(
    processed.map((p) => p.record),
    {
      persister: runtime.persister,
      request: (records: JsonObject[], index: number) => ({
        requestId: `${requestId}:persist-${index}`,
        timestamp: new Date(now()).toISOString(),
        trigger: batch.trigger,
        source: runtime.service,
        payload: { records },
      }),
    },
  );
  const notPersisted = new Map<PersistRecord, ParkedChunk>();
  for (const chunk of parkedChunks) for (const record of chunk.records) notPersisted.set(record, chunk);

  for (const { index, record } of processed) {
    const { deviceId, eventId, timestamp } = record.event;
    const failure = notPersisted.get(record);
    if (failure === undefined) {
      results[index] = { eventId, deviceId, status: 'processed' };
      logger.info('reading processed', { deviceId, eventId });
      continue;
    }
    const { error, reason, attempts } = failure;
    park(index, createFailureRecord({ twin, stage: 'persist', error, reason, attempts, original: record, deviceId, eventId, timestamp, now }), deviceId, eventId);
  }

  if (failures.length > 0) {
    try {
      await runtime.failureStore.put(failures);
    } catch (error) {
      logger.error('failure store unavailable: invocation fails so Lambda keeps it', { requestId, failed: failures.length, error });
      throw error;
    }
  }
  const summary = { received: batch.items.length, processed: batch.items.length - failures.length, failed: failures.length, results };
  logger.info('batch done', { requestId, received: summary.received, processed: summary.processed, failed: summary.failed });
  return summary;
}

/** An invalid item's ids as strings for the result and the log (JSON-escaped there, never used in a name). */
function rawIds(item: unknown): { deviceId: string; eventId: string } {
  const fields = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
  const text = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 128) : '');
  return { deviceId: text(fields['deviceId']), eventId: text(fields['eventId']) };
}
