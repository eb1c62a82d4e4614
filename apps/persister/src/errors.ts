import { TwinflowError } from '@twinflow/core';
import type { TwinflowErrorOptions } from '@twinflow/core';
import { RETRYABLE_STATEMENT_CODES } from './constants';

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
  public override readonly name: string = 'KeyConflictError';
  public readonly deviceId: string;
  public readonly timestamp: string;
  /** The reading that was not written. */
  public readonly eventId: string;
  /** The reading that holds the key, when known. */
  public readonly storedEventId?: string;

  public constructor(deviceId: string, timestamp: string, eventId: string, storedEventId?: string, options: TwinflowErrorOptions = {}) {
    const holder =
      storedEventId === undefined ? 'another reading' : storedEventId === eventId ? `another reading under event "${storedEventId}" (event id reused for another reading)` : `event "${storedEventId}"`;
    super(`key (device_id "${deviceId}", timestamp "${timestamp}") already holds ${holder}; event "${eventId}" was not written`, 'KEY_CONFLICT', {
      reason: 'key-conflict',
      ...options,
    });
    this.deviceId = deviceId;
    this.timestamp = timestamp;
    this.eventId = eventId;
    if (storedEventId !== undefined) this.storedEventId = storedEventId;
  }
}

/**
 * One statement of a `BatchExecuteStatement` failed with a per-statement error code
 * (`BatchStatementError.Code`: `ValidationError`, `ResourceNotFound`, `AccessDenied`,
 * `ThrottlingError`...) while the request as a whole succeeded. Reason `table-not-found` for
 * `ResourceNotFound`, else `dynamodb-rejected`; retryable for the transient codes
 * (`RETRYABLE_STATEMENT_CODES`), which are sent again rather than parked.
 *
 * @example
 * ```ts
 * new StatementError('demo-hot', 'ValidationError', 'Item size has exceeded the maximum allowed size');
 * ```
 */
export class StatementError extends TwinflowError {
  public override readonly name: string = 'StatementError';
  public readonly table: string;
  /** DynamoDB's per-statement code, e.g. `ValidationError`. */
  public readonly statementCode: string;

  public constructor(table: string, statementCode: string, detail?: string) {
    super(`DynamoDB refused the insert into "${table}": ${statementCode}${detail ? `: ${detail}` : ''}`, 'STATEMENT_FAILED', {
      reason: statementCode === 'ResourceNotFound' ? 'table-not-found' : 'dynamodb-rejected',
      retryable: RETRYABLE_STATEMENT_CODES.has(statementCode),
    });
    this.table = table;
    this.statementCode = statementCode;
  }
}

/**
 * A write round that left work: statements DynamoDB did not apply (throttled, transient codes;
 * `cause` = the last such {@link StatementError}) or unprocessed keys of the stored-item read.
 * Retryable, so the retry loop sends the rest again; never parked itself (a spent budget becomes
 * a {@link WriteRetriesExhaustedError}).
 *
 * @example
 * ```ts
 * throw new UnprocessedItemsError('demo-hot', 3, { cause: new StatementError('demo-hot', 'ThrottlingError') });
 * ```
 */
export class UnprocessedItemsError extends TwinflowError {
  public override readonly name: string = 'UnprocessedItemsError';
  public readonly table: string;
  /** Items (statements or keys) left. */
  public readonly count: number;

  public constructor(table: string, count: number, options: { cause?: StatementError } = {}) {
    super(`${count} items left unprocessed by "${table}"`, 'UNPROCESSED_ITEMS', { cause: options.cause, reason: 'retries-exhausted', retryable: true });
    this.table = table;
    this.count = count;
  }
}

/**
 * Writes to the hot table still failed after the retry budget. `unprocessed` says how: DynamoDB
 * answered but kept refusing the items one by one — per-statement throttling or transient codes,
 * unprocessed keys of the stored-item read (reason `retries-exhausted`) — or every attempt failed
 * as a whole with a transient error — throttling, 5xx, network (reason `dynamodb-unavailable`).
 * Retryable: a replay may succeed.
 *
 * @example
 * ```ts
 * new WriteRetriesExhaustedError('demo-hot', 6, { unprocessed: true });
 * ```
 */
export class WriteRetriesExhaustedError extends TwinflowError {
  public override readonly name: string = 'WriteRetriesExhaustedError';
  public readonly table: string;
  /** Attempts made. */
  public override readonly attempts: number;
  /** Whether the last attempt returned the items as unprocessed (rather than failing). */
  public readonly unprocessed: boolean;

  public constructor(table: string, attempts: number, details: { unprocessed: boolean; cause?: unknown }) {
    const last = details.cause instanceof StatementError ? `, last: ${details.cause.statementCode}` : '';
    const how = details.unprocessed ? `items still unprocessed${last}` : `last error: ${nameOf(details.cause)}`;
    super(`writing to "${table}" failed after ${attempts} attempts (${how})`, 'WRITE_RETRIES_EXHAUSTED', {
      cause: details.cause,
      reason: details.unprocessed ? 'retries-exhausted' : 'dynamodb-unavailable',
      retryable: true,
      attempts,
    });
    this.table = table;
    this.attempts = attempts;
    this.unprocessed = details.unprocessed;
  }
}

/**
 * The reason of a foreign error (the SDK's) that ended a write: the persister's one rule for
 * errors that know no reason of their own — `ResourceNotFoundException` → `table-not-found`,
 * `ConditionalCheckFailedException` → `key-conflict`, anything else DynamoDB refused (access
 * denied, validation...) → `dynamodb-rejected`. Passed to `parked(..., { reason })`, which uses it
 * only when the error carries none.
 *
 * @example
 * ```ts
 * dynamoErrorReason(Object.assign(new Error('no table'), { name: 'ResourceNotFoundException' })); // 'table-not-found'
 * ```
 */
export function dynamoErrorReason(error: unknown): string {
  const name = nameOf(error);
  if (name === 'ResourceNotFoundException') return 'table-not-found';
  if (name === 'ConditionalCheckFailedException') return 'key-conflict';
  return 'dynamodb-rejected';
}

function nameOf(error: unknown): string {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name !== '' ? name : 'Error';
}
