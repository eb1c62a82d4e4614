import { TwinflowError } from '@twinflow/core';
import type { TwinflowErrorOptions } from '@twinflow/core';
import { failureReasonOf } from '@twinflow/runtime';

/**
 * The item's key (`device_id`, `timestamp`) already holds a different reading (another
 * `event_id`), in the table or earlier in the same batch. The stored reading is kept; this one
 * is parked with reason `key-conflict`.
 *
 * @example
 * ```ts
 * new KeyConflictError('thermostat-1', '2026-11-24T08:00:00.000Z', 'e2', 'e1');
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
    const holder = storedEventId === undefined ? 'another reading' : `event "${storedEventId}"`;
    super(`key (device_id "${deviceId}", timestamp "${timestamp}") already holds ${holder}; event "${eventId}" was not written`, 'KEY_CONFLICT', options);
    this.deviceId = deviceId;
    this.timestamp = timestamp;
    this.eventId = eventId;
    if (storedEventId !== undefined) this.storedEventId = storedEventId;
  }
}

/**
 * Writes to the hot table still failed after the retry budget. `unprocessed` says how: DynamoDB
 * kept returning the items as `UnprocessedItems` (reason `retries-exhausted`), or every attempt
 * failed with a transient error — throttling, 5xx, network (reason `dynamodb-unavailable`).
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
    const how = details.unprocessed ? 'items still unprocessed' : `last error: ${nameOf(details.cause)}`;
    super(`writing to "${table}" failed after ${attempts} attempts (${how})`, 'WRITE_RETRIES_EXHAUSTED', details.cause === undefined ? {} : { cause: details.cause });
    this.table = table;
    this.attempts = attempts;
    this.unprocessed = details.unprocessed;
  }
}

/**
 * The failure-store reason for a write error: `key-conflict`, `retries-exhausted`,
 * `dynamodb-unavailable`, `table-not-found`, else `failureReasonOf`'s reason, and
 * `dynamodb-rejected` for any other error DynamoDB refused (access denied, validation...).
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
  const reason = failureReasonOf(error);
  return reason === 'internal-error' ? 'dynamodb-rejected' : reason;
}

function nameOf(error: unknown): string {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name !== '' ? name : 'Error';
}
