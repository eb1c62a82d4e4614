import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RetryStrategy } from '@twinflow/health';
import { parked } from '@twinflow/runtime';
import type { Parked, Settled } from '@twinflow/runtime';
import { dynamoErrorReason } from './errors';
import type { PlannedItem } from './planWrites';

/** Where and how items are written. */
export interface WriteTarget {
  client: DynamoDBDocumentClient;
  table: string;
  /** Budget and backoff of every hot-table request (see `writeStrategy`), built once per container. */
  strategy: RetryStrategy;
}

/**
 * A planned item in the hot table: `duplicate` when the same reading was already there (or
 * earlier in the batch). Its log line names the table.
 *
 * @example
 * ```ts
 * stored(planned, false, 'demo-hot'); // { index, status: 'stored', duplicate: false, ids, log: { table: 'demo-hot' } }
 * ```
 */
export function stored(planned: PlannedItem, duplicate: boolean, table: string): Settled {
  return { index: planned.index, status: 'stored', duplicate, ids: planned.ids, log: { table } };
}

/**
 * A planned item that could not be written, parked at stage `persist` with the record as
 * received. The reason comes from the error (a typed persister error) or, for a foreign SDK
 * error, from {@link dynamoErrorReason}. `attempts` is the item's own count — the inserts and
 * the reads of its key made for it — not the retry loop's.
 *
 * @example
 * ```ts
 * failed(planned, new StatementError('demo-hot', 'ValidationError'), 1); // { status: 'parked', reason: 'dynamodb-rejected', attempts: 1, ... }
 * ```
 */
export function failed(planned: PlannedItem, error: unknown, attempts: number): Parked {
  const outcome = parked(planned.index, error, { stage: 'persist', original: planned.record, ids: planned.ids, reason: dynamoErrorReason(error) });
  return { ...outcome, attempts };
}
