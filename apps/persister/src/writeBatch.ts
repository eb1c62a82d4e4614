import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '@twinflow/runtime';
import { BATCH_WRITE_LIMIT, WRITE_CONCURRENCY } from './constants';
import { WriteRetriesExhaustedError, writeFailureReason } from './errors';
import { keyOf } from './planWrites';
import type { PlannedItem } from './planWrites';
import { isTransientWriteError } from './retry';
import type { WriteOutcome, WriteTarget } from './writeOutcome';

/**
 * Writes items with `BatchWriteItem`, 25 per request. Items returned as `UnprocessedItems` and
 * requests failing with throttling, 5xx or network errors are retried with jittered exponential
 * backoff within the strategy's budget; what is still unwritten then fails with
 * `retries-exhausted` (unprocessed) or `dynamodb-unavailable` (errors). A non-retryable error
 * (missing table, access denied, validation) fails the request's items at once. Never throws.
 *
 * Idempotent by key, not conditional: `BatchWriteItem` takes no condition, so a redelivered
 * batch rewrites the same items (same key, `event_id` and `data`), which changes nothing but
 * `processed_at`/`ttl` — and a different reading already stored under one of the keys would be
 * replaced. Keys are unique within the batch (see `planWrites`); the single-item path is the
 * conditional one.
 *
 * @example
 * ```ts
 * const outcomes = await writeBatch(plan.items, { client, table: 'demo-hot', strategy });
 * ```
 */
export async function writeBatch(items: readonly PlannedItem[], target: WriteTarget): Promise<WriteOutcome[]> {
  const chunks: PlannedItem[][] = [];
  for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) chunks.push(items.slice(start, start + BATCH_WRITE_LIMIT));
  const perChunk = await mapWithConcurrency(chunks, WRITE_CONCURRENCY, (chunk) => writeChunk(chunk, target));
  return perChunk.flat();
}

async function writeChunk(chunk: readonly PlannedItem[], target: WriteTarget): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = [];
  let pending = [...chunk];
  for (let retries = 0; ; retries += 1) {
    const attempts = retries + 1;
    let output: BatchWriteCommandOutput;
    try {
      output = await target.client.send(
        new BatchWriteCommand({ RequestItems: { [target.table]: pending.map((planned) => ({ PutRequest: { Item: planned.item } })) } }),
      );
    } catch (error) {
      if (!isTransientWriteError(error)) return [...outcomes, ...failAll(pending, error, attempts)];
      if (!target.strategy.shouldRetry(true, retries)) {
        return [...outcomes, ...failAll(pending, new WriteRetriesExhaustedError(target.table, attempts, { unprocessed: false, cause: error }), attempts)];
      }
      await target.strategy.wait(target.strategy.delayMs(retries));
      continue;
    }

    const unprocessed = unprocessedKeys(output, target.table);
    const stillPending: PlannedItem[] = [];
    for (const planned of pending) {
      if (unprocessed.has(keyOf(planned.item))) stillPending.push(planned);
      else outcomes.push({ planned, status: 'written', attempts });
    }
    pending = stillPending;
    if (pending.length === 0) return outcomes;
    if (!target.strategy.shouldRetry(true, retries)) {
      return [...outcomes, ...failAll(pending, new WriteRetriesExhaustedError(target.table, attempts, { unprocessed: true }), attempts)];
    }
    await target.strategy.wait(target.strategy.delayMs(retries));
  }
}

/** Keys of the items DynamoDB returned as unprocessed (the document client unmarshalls them). */
function unprocessedKeys(output: BatchWriteCommandOutput, table: string): Set<string> {
  const keys = new Set<string>();
  for (const request of output.UnprocessedItems?.[table] ?? []) {
    const item = request.PutRequest?.Item;
    if (item !== undefined && typeof item['device_id'] === 'string' && typeof item['timestamp'] === 'string') {
      keys.add(keyOf({ device_id: item['device_id'], timestamp: item['timestamp'] }));
    }
  }
  return keys;
}

function failAll(items: readonly PlannedItem[], error: unknown, attempts: number): WriteOutcome[] {
  const reason = writeFailureReason(error);
  return items.map((planned) => ({ planned, status: 'failed', error, reason, attempts }));
}
