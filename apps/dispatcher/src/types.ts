import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { DeviceLookup } from '@twinflow/core';
import type { HealthReport } from '@twinflow/health';
import type { MetricsSink } from '@twinflow/lambda-adapter';
import type { ServiceDeps } from '@twinflow/runtime';
import type { DispatcherEnv } from './dispatcherEnv';

/** The part of the Lambda context the dispatcher reads. */
export interface DispatcherContext {
  /** Lambda's request id: the base of the wrapper hand-offs' request ids. Default a random UUID. */
  awsRequestId?: string;
}

/** Dependencies of {@link createDispatcher}: the shared ones (runtime `ServiceDeps`) and its own. */
export interface DispatcherDeps extends ServiceDeps<DispatcherEnv> {
  /** Registered devices; a reading of any other device is parked as `unknown-device`. */
  devices: DeviceLookup;
  /** Client of the wrapper adapter. Default `createLambdaClient({ region, endpoint: LAMBDA_ENDPOINT })`. */
  lambdaClient?: LambdaClient;
  /**
   * Where the wrapper adapter records its metrics (dimension `functionName`), one per container.
   * Default runtime's `serviceMetrics('{twin}-dispatcher')`. Tests pass a `MemoryMetrics`.
   */
  metrics?: MetricsSink;
}

/** Outcome of one reading, in input order. */
export interface DispatchResult {
  /** Position of the reading in the input (after unwrapping arrays, `Records` and envelopes). */
  index: number;
  status: 'dispatched' | 'failed';
  /** The reading's device id, when it could be read and validated. */
  deviceId?: string;
  /** The reading's event id, when it was normalized. */
  eventId?: string;
  /**
   * The reading's normalized timestamp, when it was normalized (dispatched or failed): with
   * `deviceId`, the hot-table key the reading will have. For a reading sent without a time it is
   * the receive time this dispatcher assigned (kept in the failure record, so a replay keeps it).
   */
  timestamp?: string;
  /** Failure reason, as stored in the failure store. */
  reason?: string;
}

/** What the dispatcher returns for readings. */
export interface DispatcherResult {
  /** Readings in the input. */
  received: number;
  /** Readings handed to the wrapper. */
  dispatched: number;
  /** Readings parked in the failure store. */
  failed: number;
  results: DispatchResult[];
  /** Health of the wrapper as seen by this container. */
  health: HealthReport;
}

/**
 * The dispatcher's Lambda handler: a {@link DispatcherResult} for readings, a `HealthReport` for
 * `{ action: 'health' }`. Rejects only when the failure store itself fails (so Lambda's async
 * retries and on-failure destination keep the invocation).
 */
export type DispatcherHandler = (event: unknown, context?: DispatcherContext) => Promise<DispatcherResult | HealthReport>;
