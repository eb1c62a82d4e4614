import { randomUUID } from 'node:crypto';
import { failureOf } from '@twinflow/core';
import type { FailureRecord, FailureStage } from '@twinflow/core';

/** Input of {@link createFailureRecord}. */
export interface FailureRecordInput {
  twin: string;
  stage: FailureStage;
  /** What went wrong; its class name becomes `errorType`. */
  error: unknown;
  /** The reading to replay (see core `REPLAY_TARGETS`). */
  original: unknown;
  /** Short reason. Default: the error's own (core `failureOf`). */
  reason?: string;
  /** Attempts made. Default: the error's own, else 1. */
  attempts?: number;
  deviceId?: string | undefined;
  eventId?: string | undefined;
  /** The reading's normalized timestamp (its hot-table RANGE key), when known; `undefined` leaves it out. */
  timestamp?: string | undefined;
  /** Clock, epoch ms. Default `Date.now`. */
  now?: () => number;
}

/**
 * Builds a {@link FailureRecord} for a reading that failed, with a fresh id. Every stage passes
 * the reading's `deviceId`, `eventId` and normalized `timestamp` whenever it knows them.
 *
 * @example
 * ```ts
 * const record = createFailureRecord({ twin: 'demo', stage: 'dispatch', error: err, original: raw });
 * await failureStore.put([record]);
 * ```
 */
export function createFailureRecord(input: FailureRecordInput): FailureRecord {
  const error = input.error;
  const failure = failureOf(error);
  const record: FailureRecord = {
    id: randomUUID(),
    twin: input.twin,
    stage: input.stage,
    reason: input.reason ?? failure.reason,
    errorType: error instanceof Error ? error.name : typeof error,
    message: error instanceof Error ? error.message : String(error),
    attempts: input.attempts ?? failure.attempts,
    failedAt: new Date((input.now ?? Date.now)()).toISOString(),
    original: input.original,
  };
  if (input.deviceId !== undefined) record.deviceId = input.deviceId;
  if (input.eventId !== undefined) record.eventId = input.eventId;
  if (input.timestamp !== undefined) record.timestamp = input.timestamp;
  return record;
}
