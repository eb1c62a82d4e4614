import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RetryStrategy } from '@twinflow/lambda-adapter';
import type { PlannedItem } from './planWrites';

/** Where and how items are written. */
export interface WriteTarget {
  client: DynamoDBDocumentClient;
  table: string;
  /** Budget and backoff of every write (see `createWriteRetry`). */
  strategy: RetryStrategy;
}

/**
 * What happened to one planned item. `attempts`: the DynamoDB requests made for it — inserts
 * (retries included) and the reads that checked its key when it was taken.
 */
export type WriteOutcome =
  | { planned: PlannedItem; status: 'written' | 'duplicate'; attempts: number }
  | { planned: PlannedItem; status: 'failed'; error: unknown; reason: string; attempts: number };
