import { batchShell, encodeItems } from '@twinflow/core';
import type { EncodedItem, ExecuteRequest, JsonValue, PersistRecord } from '@twinflow/core';
import type { InvokeOptions } from '@twinflow/lambda-adapter';
import { chunkBySize, mapWithConcurrency } from '@twinflow/runtime';
import { MAX_PERSIST_PAYLOAD_BYTES, PERSIST_CONCURRENCY } from './constants';
import { withLogFields } from './logContext';

/** Room for the request id's chunk index (`:persist-n`) beyond the first chunk's. */
const REQUEST_ID_SLACK_BYTES = 16;

/** What the persister hand-off needs of its adapter: `invoke` of encoded bytes (`Event`), throwing typed errors. */
export interface PersisterInvoker {
  invoke(payload: Uint8Array, options?: InvokeOptions): Promise<unknown>;
}

/** Options of {@link persistReadings}. */
export interface PersistOptions {
  /** The persister's adapter (`invocationType: 'Event'`). */
  persister: PersisterInvoker;
  /** The envelope of chunk `index` around its `records`. */
  request: (records: JsonValue, index: number) => ExecuteRequest;
  /** Largest payload in bytes (the whole request as JSON). Default 200 KB. */
  maxPayloadBytes?: number;
}

/** Records whose hand-off failed, and the adapter's typed error (its reason and attempts). */
export interface ParkedChunk {
  records: PersistRecord[];
  error: unknown;
}

/**
 * The wrapper's persist stage: hands processed readings to the persister as
 * `{ records: [{ event, data }] }`, in chunks whose request stays under `maxPayloadBytes` (each
 * record encoded once: those bytes size the chunks and are what is sent). Never throws: returns
 * the chunks that could not be handed off, each with the error that stopped it.
 *
 * @example
 * ```ts
 * const parked = await persistReadings(records, { persister, request: (records, i) => envelope(records, i) });
 * ```
 */
export async function persistReadings(records: readonly PersistRecord[], options: PersistOptions): Promise<ParkedChunk[]> {
  if (records.length === 0) return [];
  const shellOf = (index: number) => batchShell((items) => options.request(items, index));
  const encoded = encodeItems(records);
  const chunks = chunkBySize(encoded, (item) => item.bytes + 1, {
    maxItems: Number.POSITIVE_INFINITY,
    maxBytes: (options.maxPayloadBytes ?? MAX_PERSIST_PAYLOAD_BYTES) - shellOf(0).overheadBytes - REQUEST_ID_SLACK_BYTES,
  });
  const parked = await mapWithConcurrency(chunks, PERSIST_CONCURRENCY, async (chunk: Array<EncodedItem<PersistRecord>>, index): Promise<ParkedChunk | undefined> => {
    const requestId = options.request([], index).requestId;
    const fields = { requestId, eventIds: chunk.map((item) => item.value.event.eventId) };
    try {
      await withLogFields(fields, () => options.persister.invoke(shellOf(index).encode(chunk), { requestId }));
      return undefined;
    } catch (error) {
      return { records: chunk.map((item) => item.value), error };
    }
  });
  return parked.filter((chunk): chunk is ParkedChunk => chunk !== undefined);
}
