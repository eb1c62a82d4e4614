import { BatchExecuteStatementCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchExecuteStatementCommandOutput } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '@twinflow/runtime';
import { BATCH_WRITE_LIMIT, KEY_TAKEN_CODES, RETRYABLE_STATEMENT_CODES, WRITE_CONCURRENCY } from './constants';
import { KeyConflictError, StatementError, writeFailureReason } from './errors';
import { insertParameters, insertStatement } from './insertStatement';
import { keyOf } from './planWrites';
import type { PlannedItem } from './planWrites';
import { readStored } from './readStored';
import { withWriteRounds } from './retry';
import { isSameReading } from './sameReading';
import type { WriteOutcome, WriteTarget } from './writeOutcome';

/** An item to insert again, with the per-statement error that sent it back (none: its key was freed). */
type Retry = { planned: PlannedItem; error?: StatementError };

/** Counts the DynamoDB requests made for each item. */
type Attempts = Map<PlannedItem, number>;

/**
 * Writes items — one or many, the same path — as PartiQL `INSERT` statements, 25 per
 * `BatchExecuteStatement`, at most `WRITE_CONCURRENCY` requests in flight. `INSERT` never
 * replaces an item, so no write overwrites a stored reading. Per statement:
 *
 * - success → `written`;
 * - `DuplicateItem` (the key is taken) → one strongly consistent `BatchGetItem` of the taken keys:
 *   the same reading (`event_id` and `content_hash`) → `duplicate`, nothing rewritten; another
 *   reading, or the same event id with another content → `key-conflict` (`KeyConflictError` with
 *   both event ids); no item any more (expired by TTL meanwhile) → inserted again;
 * - throttling and other transient codes → only those statements are sent again, with jittered
 *   exponential backoff within the strategy's budget, then `retries-exhausted`;
 * - any other code (`ValidationError`, `ResourceNotFound`, `AccessDenied`...) → failed at once
 *   (`StatementError`; `table-not-found` or `dynamodb-rejected`).
 *
 * A request failing as a whole is retried when transient (throttling, 5xx, network) until the
 * budget is spent (`dynamodb-unavailable`), else its items fail at once; whole-request and
 * per-statement retries share one budget per chunk (`withWriteRounds`). Retrying is always safe:
 * an insert that landed before its answer was lost comes back as a `duplicate`. An outcome's
 * `attempts` counts the requests made for the item (inserts and reads). Never throws.
 *
 * @example
 * ```ts
 * const outcomes = await writeItems(plan.items, { client, table: 'demo-hot', strategy });
 * outcomes[0]?.status; // 'written' | 'duplicate' | 'failed'
 * ```
 */
export async function writeItems(items: readonly PlannedItem[], target: WriteTarget): Promise<WriteOutcome[]> {
  const chunks: PlannedItem[][] = [];
  for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) chunks.push(items.slice(start, start + BATCH_WRITE_LIMIT));
  const perChunk = await mapWithConcurrency(chunks, WRITE_CONCURRENCY, (chunk) => writeChunk(chunk, target));
  return perChunk.flat();
}

async function writeChunk(chunk: readonly PlannedItem[], target: WriteTarget): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = [];
  const attempts: Attempts = new Map();
  const statement = insertStatement(target.table);
  let pending = [...chunk];
  const run = await withWriteRounds(target.strategy, target.table, async () => {
    count(attempts, pending, 1);
    const output = await target.client.send(
      new BatchExecuteStatementCommand({ Statements: pending.map(({ item }) => ({ Statement: statement, Parameters: insertParameters(item) })) }),
    );
    const taken: PlannedItem[] = [];
    const again: Retry[] = [];
    pending.forEach((planned, i) => {
      const code = statementCode(output, i);
      if (code === undefined) outcomes.push({ planned, status: 'written', attempts: attempts.get(planned) ?? 1 });
      else if (KEY_TAKEN_CODES.has(code)) taken.push(planned);
      else if (RETRYABLE_STATEMENT_CODES.has(code)) again.push({ planned, error: statementError(output, i, target.table) });
      else outcomes.push(failed(planned, statementError(output, i, target.table), attempts));
    });
    if (taken.length > 0) again.push(...(await settleTaken(taken, target, attempts, outcomes)).map((planned) => ({ planned })));
    pending = again.map(({ planned }) => planned);
    return pending.length === 0 ? { done: true, value: undefined } : { done: false, cause: again.find(({ error }) => error !== undefined)?.error };
  });
  if (!run.ok) outcomes.push(...pending.map((planned) => failed(planned, run.error, attempts)));
  return outcomes;
}

/**
 * Reads the items under the taken keys and settles each as `duplicate` or `key-conflict` into
 * `outcomes`; returns the items whose key holds nothing any more (to insert again).
 */
async function settleTaken(taken: readonly PlannedItem[], target: WriteTarget, attempts: Attempts, outcomes: WriteOutcome[]): Promise<PlannedItem[]> {
  const read = await readStored(taken, target);
  count(attempts, taken, read.attempts);
  if (!read.ok) {
    outcomes.push(...taken.map((planned) => failed(planned, read.error, attempts)));
    return [];
  }
  const freed: PlannedItem[] = [];
  for (const planned of taken) {
    const { item } = planned;
    const stored = read.value.get(keyOf(item));
    if (stored === undefined) {
      freed.push(planned);
    } else if (isSameReading(item, stored)) {
      outcomes.push({ planned, status: 'duplicate', attempts: attempts.get(planned) ?? 1 });
    } else {
      const error = new KeyConflictError(item.device_id, item.timestamp, item.event_id, stored.eventId);
      outcomes.push({ planned, status: 'failed', error, reason: 'key-conflict', attempts: attempts.get(planned) ?? 1 });
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

function failed(planned: PlannedItem, error: unknown, attempts: Attempts): WriteOutcome {
  return { planned, status: 'failed', error, reason: writeFailureReason(error), attempts: attempts.get(planned) ?? 1 };
}
