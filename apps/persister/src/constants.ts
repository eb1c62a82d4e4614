/** Statements per `BatchExecuteStatement` request: DynamoDB's limit. */
export const BATCH_WRITE_LIMIT = 25;
/** Retries after the first write attempt (per-statement throttling, whole-request throttling, 5xx, network). */
export const WRITE_MAX_RETRIES = 5;
/** Cap of the first backoff delay, in ms. */
export const WRITE_INITIAL_DELAY_MS = 50;
/** Cap of any backoff delay, in ms. */
export const WRITE_MAX_DELAY_MS = 2_000;
/** Write requests in flight at once. */
export const WRITE_CONCURRENCY = 4;
/**
 * The hot-table attributes an insert sets, in the order of its `?` parameters. `INSERT` fails a
 * statement whose key exists (`DuplicateItem`), so a stored reading is never replaced.
 */
export const INSERT_ATTRIBUTES = ['device_id', 'timestamp', 'event_id', 'content_hash', 'data', 'processed_at', 'ttl'] as const;
/** Per-statement codes saying the key is already taken (`INSERT`; a conditional write's failure). */
export const KEY_TAKEN_CODES: ReadonlySet<string> = new Set(['DuplicateItem', 'ConditionalCheckFailed']);
/** Per-statement codes worth retrying: the statement was not applied and may succeed later. */
export const RETRYABLE_STATEMENT_CODES: ReadonlySet<string> = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
  'InternalServerError',
  'TransactionConflict',
]);
