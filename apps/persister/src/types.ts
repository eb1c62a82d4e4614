import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HealthReport } from '@twinflow/health';
import type { LambdaContextLike, ServiceDeps } from '@twinflow/runtime';
import type { PersisterEnv } from './persisterEnv';

/**
 * The part of the Lambda context the persister reads: `awsRequestId` names the invocation when
 * the input carries no request id; the service logger logs the rest.
 */
export type PersisterContext = LambdaContextLike;

/** Dependencies of {@link createPersister}: the shared ones (runtime `ServiceDeps`) and its own. */
export interface PersisterDeps extends ServiceDeps<PersisterEnv> {
  /**
   * DynamoDB document client. Default `createDocumentClient({ region, endpoint: DYNAMODB_ENDPOINT })`
   * (`maxAttempts: 1`: the persister runs its own retry loop).
   */
  documentClient?: DynamoDBDocumentClient;
}

/** Outcome of one input record, in input order. */
export interface PersistResult {
  /** The reading's event id (`''` when the record had none). */
  eventId: string;
  /** The reading's device id (`''` when the record had none). */
  deviceId: string;
  /** `duplicate`: the same reading (same key, event id and content hash) is already stored; nothing was written. */
  status: 'written' | 'duplicate' | 'failed';
  /** Failure reason, as stored in the failure store. */
  reason?: string;
}

/** What the persister returns for a batch of records. */
export interface PersisterResult {
  /** Records in the input. */
  received: number;
  /** Items written. */
  written: number;
  /** Records already stored (redeliveries), not counted as written. */
  duplicates: number;
  /** Records parked in the failure store. */
  failed: number;
  results: PersistResult[];
  /** Health of the hot table as seen by this container. */
  health: HealthReport;
}

/**
 * The persister's Lambda handler: a {@link PersisterResult} for records, a `HealthReport` for
 * `{ action: 'health' }`. Rejects only when the failure store itself fails.
 */
export type PersisterHandler = (event: unknown, context?: PersisterContext) => Promise<PersisterResult | HealthReport>;
