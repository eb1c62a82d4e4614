import type { FailureRecord } from '@twinflow/core';

/**
 * Where readings that cannot be processed or persisted are kept, with their reason, so they
 * can be listed and replayed. On AWS an SQS queue; in tests and the local twin, embedded.
 */
export interface FailureStore {
  /** Keeps the records; rejects with `FailureStoreError` when they could not all be kept. */
  put(records: readonly FailureRecord[]): Promise<void>;
}
