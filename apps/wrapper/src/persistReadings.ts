import type { Adapter, ExecuteRequest, JsonObject } from '@twinflow/core';
import { chunkBySize, handOffFailure, mapWithConcurrency, type HandOffFailure } from '@twinflow/runtime';
import { MAX_PERSIST_PAYLOAD_BYTES, PERSIST_CONCURRENCY, PERSISTER_RETRY } from './constants';
import { withLogFields } from './logContext';
import type { PersistRecord } from './processReading';

/** Room left in each chunk for the request id's varying length and anything else not measured. */
const ENVELOPE_SLACK_BYTES = 256;

/** Options of {@link persistReadings}. */
export interface PersistOptions {
  /** The persister (a `LambdaAdapter` with `invocationType: 'Event'`, or any `Adapter`). */
  persister: Adapter;
  /** The envelope of chunk `index`: `{ requestId, timestamp, trigger, source, payload }`. */
  request: (records: JsonObject[], index: number) => ExecuteRequest;
  /** Largest payload in bytes (the whole request as JSON). Default 200 KB. */
  maxPayloadBytes?: number;
}

/** Readings whose hand-off failed, with why. */
export interface ParkedChunk extends HandOffFailure {
  records: PersistRecord[];
}

/**
 * Hands processed readings to the persister as `{ records: [{ event, data }] }`, in chunks whose
 * request stays under `maxPayloadBytes`. Never throws: returns the chunks that could not be handed off.
 *
 * @example
 * ```ts
 * const parked = await persistReadings(records, { persister, request: (records, i) => envelope(records, i) });
 * ```
 */
export async function persistReadings(records: readonly PersistRecord[], options: PersistOptions): Promise<ParkedChunk[]> {
  if (records.length === 0) return [];
  const overhead = byteLength(options.request([], 0)) + ENVELOPE_SLACK_BYTES;
  // Each record costs its JSON and a comma inside the records array.
  const chunks = chunkBySize(records, (record) => byteLength(toJson(record)) + 1, {
    maxItems: Number.POSITIVE_INFINITY,
    maxBytes: (options.maxPayloadBytes ?? MAX_PERSIST_PAYLOAD_BYTES) - overhead,
  });
  const parked = await mapWithConcurrency(chunks, PERSIST_CONCURRENCY, async (chunk, index) => {
    const request = options.request(chunk.map(toJson), index);
    const fields = { requestId: request.requestId, eventIds: chunk.map((record) => record.event.eventId) };
    const response = await withLogFields(fields, () => options.persister.execute(request));
    return response.success ? undefined : { records: chunk, ...handOffFailure(response, { maxRetries: PERSISTER_RETRY.maxRetries, fallbackReason: 'persister-unavailable' }) };
  });
  return parked.filter((chunk): chunk is ParkedChunk => chunk !== undefined);
}

function toJson(record: PersistRecord): JsonObject {
  return { event: { ...record.event }, data: record.data };
}

function byteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}
