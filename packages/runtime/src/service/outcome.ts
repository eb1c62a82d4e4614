import { failureOf } from '@twinflow/core';
import type { FailureStage, LogFields, ReadingIds } from '@twinflow/core';

/**
 * A reading that went on: handed to the next service, or in the hot table (`duplicate`: it was
 * already). `log` adds fields to its log line (the function it went to, the table).
 */
export type Settled =
  | { index: number; status: 'dispatched'; ids: ReadingIds; log?: LogFields }
  | { index: number; status: 'stored'; duplicate: boolean; ids: ReadingIds; log?: LogFields };

/** A reading parked in the failure store, with everything its failure record is built from. */
export interface Parked {
  index: number;
  status: 'parked';
  /** The stage that parked it (the wrapper parks a failed persister hand-off at `persist`). */
  stage: FailureStage;
  reason: string;
  error: unknown;
  attempts: number;
  /** What a replay sends back to the stage's service (see core `REPLAY_TARGETS`). */
  original: unknown;
  ids: ReadingIds;
  /** The item's ids as received, bounded text, when they are not valid ids: for the reading's result only, never used in a name. */
  shown?: { deviceId: string; eventId: string };
}

/** What became of one reading of an invocation. */
export type ReadingOutcome = Settled | Parked;

/** Options of {@link parked}. */
export interface ParkOptions {
  stage: FailureStage;
  original: unknown;
  ids?: ReadingIds;
  /** Attempts when the error does not carry its own. Default 1. */
  attempts?: number;
  /** The reason when the error does not know one (a foreign error): e.g. the persister's `dynamodb-rejected`. Default `failureOf`'s. */
  reason?: string;
}

/**
 * The outcome of a reading that failed with `error`: its reason and attempts come from the error
 * itself (core `failureOf`), so nothing is looked up by type name or guessed.
 *
 * @example
 * ```ts
 * parked(3, new UnknownDeviceError('pump-9'), { stage: 'dispatch', original: raw });
 * // { index: 3, status: 'parked', stage: 'dispatch', reason: 'unknown-device', attempts: 1, error, original: raw, ids: {} }
 * ```
 */
export function parked(index: number, error: unknown, options: ParkOptions): Parked {
  const failure = failureOf(error, options.attempts ?? 1);
  const reason = failure.reason === 'internal-error' && options.reason !== undefined ? options.reason : failure.reason;
  return { index, status: 'parked', stage: options.stage, reason, error, attempts: failure.attempts, original: options.original, ids: options.ids ?? {} };
}
