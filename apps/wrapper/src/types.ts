import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { CircuitState } from '@twinflow/core';
import type { HealthReport } from '@twinflow/health';
import type { MetricsSink } from '@twinflow/lambda-adapter';
import type { ServiceDeps } from '@twinflow/runtime';
import type { WrapperEnv } from './wrapperEnv';

/** The part of the Lambda context the wrapper reads. */
export interface WrapperContext {
  /** Milliseconds until Lambda stops this invocation. */
  getRemainingTimeInMillis(): number;
  /** Lambda's request id; the base of the persister hand-offs' request ids when the input has none. */
  awsRequestId?: string;
}

/** Dependencies of {@link createWrapper}: the shared ones (runtime `ServiceDeps`) and its own. */
export interface WrapperDeps extends ServiceDeps<WrapperEnv> {
  /** Client shared by every adapter. Default `createLambdaClient({ region, endpoint: LAMBDA_ENDPOINT })`. */
  lambdaClient?: LambdaClient;
  /**
   * Where every adapter (each processor's and the persister's) records its metrics (dimension
   * `functionName`), one per container. Default runtime's `serviceMetrics('{twin}-processor-wrapper')`.
   * Tests pass a `MemoryMetrics`.
   */
  metrics?: MetricsSink;
}

/** Outcome of one input item, in input order. */
export interface ReadingResult {
  /** The reading's event id (`''` when the item had none). */
  eventId: string;
  /** The reading's device id (`''` when the item had none; may be invalid for `invalid-event`). */
  deviceId: string;
  status: 'processed' | 'failed';
  /** Failure reason, as stored in the failure store. */
  reason?: string;
}

/** What the wrapper returns for a batch of readings. */
export interface WrapperResult {
  /** Items in the input. */
  received: number;
  /** Readings processed and handed to the persister. */
  processed: number;
  /** Readings parked in the failure store. */
  failed: number;
  results: ReadingResult[];
  /** Health of every processor seen by this container and of the persister. */
  health: HealthReport;
}

/**
 * What the wrapper answers `{ action: 'reset-circuit', functionName }` (core's `circuitResetEvent`):
 * the processor's circuit closed and health window cleared, with its health report (that one
 * component) after the reset; or, for a name that is not a processor of this twin and stage, the
 * typed error (`CONTROL_EVENT_INVALID`, `field: 'functionName'`), answered, not thrown.
 */
export type CircuitResetResult =
  | {
      action: 'reset-circuit';
      reset: true;
      functionName: string;
      /** The circuit before the reset (`open` when the old code had tripped it). */
      previousCircuit: CircuitState;
      /** The processor's health report after the reset: `components` holds it alone. */
      health: HealthReport;
    }
  | {
      action: 'reset-circuit';
      reset: false;
      error: { name: string; code: string; message: string; field: string | null };
    };

/**
 * The wrapper's Lambda handler: a {@link WrapperResult} for readings, a `HealthReport` for
 * `{ action: 'health' }`, a {@link CircuitResetResult} for `{ action: 'reset-circuit', functionName }`.
 * Rejects only when the failure store itself fails (so Lambda's async retries keep the invocation).
 */
export type WrapperHandler = (event: unknown, context?: WrapperContext) => Promise<WrapperResult | HealthReport | CircuitResetResult>;
