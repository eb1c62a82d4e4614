/** Items per `BatchWriteItem` request: DynamoDB's limit. */
export const BATCH_WRITE_LIMIT = 25;
/** Retries after the first write attempt (unprocessed items, throttling, 5xx, network). */
export const WRITE_MAX_RETRIES = 5;
/** Cap of the first backoff delay, in ms. */
export const WRITE_INITIAL_DELAY_MS = 50;
/** Cap of any backoff delay, in ms. */
export const WRITE_MAX_DELAY_MS = 2_000;
/** Batch-write requests in flight at once. */
export const WRITE_CONCURRENCY = 4;
/** Condition of the first write of a single item: never overwrite a stored reading. */
export const CONDITION_NEW_KEY = 'attribute_not_exists(device_id)';
/** Condition of the fallback write when the old item is not returned: only rewrite the same reading. */
export const CONDITION_SAME_EVENT = 'event_id = :eid';
