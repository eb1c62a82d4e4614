import { BatchExecuteStatementCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchExecuteStatementCommandOutput } from '@aws-sdk/lib-dynamodb';
import { withRetries } from '@twinflow/health';
import { mapWithConcurrency } from '@twinflow/runtime';
import type { ReadingOutcome } from '@twinflow/runtime';
import { BATCH_WRITE_LIMIT, KEY_TAKEN_CODES, RETRYABLE_STATEMENT_CODES, WRITE_CONCURRENCY } from './constants';
import { KeyConflictError, StatementError, UnprocessedItemsError } from './errors';
import { insertParameters, insertStatement } from './insertStatement';
import { keyOf } from './planWrites';
import type { PlannedItem } from './planWrites';
import { readStored } from './readStored';
import { isSameReading } from './sameReading';
import { failed, stored } from './writeOutcome';
import type { WriteTarget } from './writeOutcome';
import { writeRetries } from './writeRetries';

/** An item to insert again, with the per-statement error that sent it back (none: its key was freed). */
type Retry = { planned: PlannedItem; error?: StatementError };

/** Counts the DynamoDB requests made for each item. */
type Attempts = Map<PlannedItem, number>;

/**
 * Writes items — one or many, the same path — as PartiQL `INSERT` statements, 25 per
 * `BatchExecuteStatement`, at most `WRITE_CONCURRENCY` requests in flight. `INSERT` never
 * replaces an item, so no write overwrites a stored reading. Per statement:
 *
 * - success → stored;
 * - `DuplicateItem` (the key is taken) → one strongly consistent `BatchGetItem` of the taken keys:
 *   the same reading (`event_id` and `content_hash`) → stored as `duplicate`, nothing rewritten;
 *   another reading, or the same event id with another content → `key-conflict`
 *   (`KeyConflictError` with both event ids); no item any more (expired by TTL meanwhile) →
 *   inserted again;
 * - throttling and other transient codes → the round throws an `UnprocessedItemsError`, so only
 *   those statements are sent again, with jittered exponential backoff within the strategy's
 *   budget, then `retries-exhausted`;
 * - any other code (`ValidationError`, `ResourceNotFound`, `AccessDenied`...) → parked at once
 *   (`StatementError`; `table-not-found` or `dynamodb-rejected`).
 *
 * A request failing as a whole is retried when transient (throttling, 5xx, network) until the
 * budget is spent (`dynamodb-unavailable`), else its items are parked at once; whole-request and
 * per-statement retries share one budget per chunk (health's `withRetries`, `writeRetries`).
 * Retrying is always safe: an insert that landed before its answer was lost comes back as a
 * `duplicate`. A parked outcome's `attempts` counts the requests made for the item (inserts and
 * reads). Never throws.
 *
 * @example
 * ```ts
 * const outcomes = await writeItems(plan.items, { client, table: 'demo-hot', strategy });
 * outcomes[0]?.status; // 'stored' | 'parked'
 * ```
 */
export async function writeItems(items: readonly PlannedItem[], target: WriteTarget): Promise<ReadingOutcome[]> {
  const chunks: PlannedItem[][] = [];
  for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) chunks.push(items.slice(start, start + BATCH_WRITE_LIMIT));
  const perChunk = await mapWithConcurrency(chunks, WRITE_CONCURRENCY, (chunk) => writeChunk(chunk, target));
  return perChunk.flat();
}

async function writeChunk(chunk: readonly PlannedItem[], target: WriteTarget): Promise<ReadingOutcome[]> {
  const outcomes: ReadingOutcome[] = [];
  const attempts: Attempts = new Map();
  const statement = insertStatement(target.table);
  let pending = [...chunk];
  try {
    await withRetries(async () => {
      count(attempts, pending, 1);
      const output = await target.client.send(
        new BatchExecuteStatementCommand({ Statements: pending.map(({ item }) => ({ Statement: statement, Parameters: insertParameters(item) })) }),
      );
      const taken: PlannedItem[] = [];
      const again: Retry[] = [];
      pending.forEach((planned, i) => {
        const code = statementCode(output, i);
        if (code === undefined) outcomes.push(stored(planned, false, target.table));
        else if (KEY_TAKEN_CODES.has(code)) taken.push(planned);
        else if (RETRYABLE_STATEMENT_CODES.has(code)) again.push({ planned, error: statementError(output, i, target.table) });
        else outcomes.push(failed(planned, statementError(output, i, target.table), attempts.get(planned) ?? 1));
      });
      if (taken.length > 0) again.push(...(await settleTaken(taken, target, attempts, outcomes)).map((planned) => ({ planned })));
      pending = again.map(({ planned }) => planned);
      if (pending.length > 0) throw new UnprocessedItemsError(target.table, pending.length, { cause: again.find(({ error }) => error !== undefined)?.error });
    }, writeRetries(target.table, target.strategy));
  } catch (error) {
    outcomes.push(...pending.map((planned) => failed(planned, error, attempts.get(planned) ?? 1)));
  }
  return outcomes;
}

/**
 * Reads the items under the taken keys and settles each as `duplicate` or `key-conflict` into
 * `outcomes`; returns the items whose key holds nothing any more (to insert again).
 */
async function settleTaken(taken: readonly PlannedItem[], target: WriteTarget, attempts: Attempts, outcomes: ReadingOutcome[]): Promise<PlannedItem[]> {
  const read = await readStored(taken, target);
  count(attempts, taken, read.attempts);
  if (!read.ok) {
    outcomes.push(...taken.map((planned) => failed(planned, read.error, attempts.get(planned) ?? 1)));
    return [];
  }
  const freed: PlannedItem[] = [];
  for (const planned of taken) {
    const { item } = planned;
    const found = read.value.get(keyOf(item));
    if (found === undefined) {
      freed.push(planned);
    } else if (isSameReading(item, found)) {
      outcomes.push(stored(planned, true, target.table));
    } else {
      const error = new KeyConflictError(item.device_id, item.timestamp, item.event_id, found.eventId);
      outcomes.push(failed(planned, error, attempts.get(planned) ?? 1));
    }
  }
  return freed;
}

/** The per-statement error code of statement `i`, `undefined` when it succeeded; a missing answer is retried. */
function statementCode(output: BatchExecuteStatementCommandOutput, i: number): string | undefined {
  const response = output.Responses?.[i];
  if (response === undefined) return 'InternalServerError';
  if (response.Error === undefined) return undefined;
  return response.Error.Code ?? 'UnknownError';
}

function statementError(output: BatchExecuteStatementCommandOutput, i: number, table: string): StatementError {
  const error = output.Responses?.[i]?.Error;
  return new StatementError(table, statementCode(output, i) ?? 'UnknownError', error?.Message ?? (error === undefined ? 'no answer for the statement' : undefined));
}

function count(attempts: Attempts, items: readonly PlannedItem[], by: number): void {
  for (const planned of items) attempts.set(planned, (attempts.get(planned) ?? 0) + by);
}
