import { TwinflowError } from '@twinflow/core';
import type { TwinflowErrorOptions } from '@twinflow/core';
import { failureReasonOf } from '@twinflow/runtime';

/**
 * The item's key (`device_id`, `timestamp`) already holds a different reading, in the table or
 * earlier in the same batch: another `event_id`, or the same `event_id` with another
 * `content_hash` (an event id reused for another reading). The stored reading is kept; this one
 * is parked with reason `key-conflict`.
 *
 * @example
 * ```ts
 * new KeyConflictError('thermostat-1', '2026-11-24T08:00:00.000Z', 'e2', 'e1');
 * new KeyConflictError('thermostat-1', '2026-11-24T08:00:00.000Z', 'e1', 'e1'); // "event id reused for another reading"
 * ```
 */
export class KeyConflictError extends TwinflowError {
  public readonly deviceId: string;
  public readonly timestamp: string;
  /** The reading that was not written. */
  public readonly eventId: string;
  /** The reading that holds the key, when known. */
  public readonly storedEventId?: string;

  public constructor(deviceId: string, timestamp: string, eventId: string, storedEventId?: string, options: TwinflowErrorOptions = {}) {
    const holder =
      storedEventId === undefined ? 'another reading' : storedEventId === eventId ? `another reading under event "${storedEventId}" (event id reused for another reading)` : `event "${storedEventId}"`;
    super(`key (device_id "${deviceId}", timestamp "${timestamp}") already holds ${holder}; event "${eventId}" was not written`, 'KEY_CONFLICT', options);
    this.deviceId = deviceId;
    this.timestamp = timestamp;
    this.eventId = eventId;
    if (storedEventId !== undefined) this.storedEventId = storedEventId;
  }
}

/**
 * One statement of a `BatchExecuteStatement` failed with a per-statement error code
 * (`BatchStatementError.Code`: `ValidationError`, `ResourceNotFound`, `AccessDenied`,
 * `ThrottlingError`...) while the request as a whole succeeded.
 *
 * @example
 * ```ts
 * new StatementError('demo-hot', 'ValidationError', 'Item size has exceeded the maximum allowed size');
 * ```
 */
export class StatementError extends TwinflowError {
  public readonly table: string;
  /** DynamoDB's per-statement code, e.g. `ValidationError`. */
  public readonly statementCode: string;

  public constructor(table: string, statementCode: string, detail?: string) {
    super(`DynamoDB refused the insert into "${table}": ${statementCode}${detail ? `: ${detail}` : ''}`, 'STATEMENT_FAILED');
    this.table = table;
    this.statementCode = statementCode;
  }
}

/**
 * Writes to the hot table still failed after the retry budget. `unprocessed` says how: DynamoDB
 * answered but kept refusing the items one by one — per-statement throttling or transient codes,
 * unprocessed keys of the stored-item read (reason `retries-exhausted`) — or every attempt failed
 * as a whole with a transient error — throttling, 5xx, network (reason `dynamodb-unavailable`).
 *
 * @example
 * ```ts
 * new WriteRetriesExhaustedError('demo-hot', 6, { unprocessed: true });
 * ```
 */
export class WriteRetriesExhaustedError extends TwinflowError {
  public readonly table: string;
  /** Attempts made. */
  public readonly attempts: number;
  /** Whether the last attempt returned the items as unprocessed (rather than failing). */
  public readonly unprocessed: boolean;

  public constructor(table: string, attempts: number, details: { unprocessed: boolean; cause?: unknown }) {
    const last = details.cause instanceof StatementError ? `, last: ${details.cause.statementCode}` : '';
    const how = details.unprocessed ? `items still unprocessed${last}` : `last error: ${nameOf(details.cause)}`;
    super(`writing to "${table}" failed after ${attempts} attempts (${how})`, 'WRITE_RETRIES_EXHAUSTED', details.cause === undefined ? {} : { cause: details.cause });
    this.table = table;
    this.attempts = attempts;
    this.unprocessed = details.unprocessed;
  }
}

/**
 * The failure-store reason for a write error: `key-conflict`, `retries-exhausted`,
 * `dynamodb-unavailable`, `table-not-found` (a `ResourceNotFoundException`, or a statement's
 * `ResourceNotFound`), else `failureReasonOf`'s reason, and `dynamodb-rejected` for any other
 * error DynamoDB refused (access denied, validation..., as a request or as a statement).
 *
 * @example
 * ```ts
 * writeFailureReason(Object.assign(new Error('no table'), { name: 'ResourceNotFoundException' })); // 'table-not-found'
 * ```
 */
export function writeFailureReason(error: unknown): string {
  if (error instanceof KeyConflictError) return 'key-conflict';
  if (error instanceof WriteRetriesExhaustedError) return error.unprocessed ? 'retries-exhausted' : 'dynamodb-unavailable';
  if (nameOf(error) === 'ResourceNotFoundException') return 'table-not-found';
  if (error instanceof StatementError) return error.statementCode === 'ResourceNotFound' ? 'table-not-found' : 'dynamodb-rejected';
  const reason = failureReasonOf(error);
  return reason === 'internal-error' ? 'dynamodb-rejected' : reason;
}

function nameOf(error: unknown): string {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name !== '' ? name : 'Error';
}
