import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { CONDITION_NEW_KEY, CONDITION_SAME_EVENT } from './constants';
import { KeyConflictError, writeFailureReason } from './errors';
import type { PlannedItem } from './planWrites';
import { withWriteRetries } from './retry';
import type { WriteOutcome, WriteTarget } from './writeOutcome';

/**
 * Writes one item conditionally, so a redelivery never overwrites a stored reading:
 *
 * 1. `PutItem` if the key is new (`attribute_not_exists(device_id)`), asking for the stored item
 *    on failure (`ReturnValuesOnConditionCheckFailure: ALL_OLD`).
 * 2. On `ConditionalCheckFailedException` with the stored item: same `event_id` → `duplicate`
 *    (nothing written); another `event_id` → `key-conflict`.
 * 3. Without the stored item (emulators such as dynalite ignore `ALL_OLD`): `PutItem` again only
 *    if the stored `event_id` is this one (`event_id = :eid`). Success → `duplicate` (the same
 *    reading rewritten with identical data; only `processed_at`/`ttl` move); a failed condition →
 *    `key-conflict`.
 *
 * Throttling, 5xx and network errors are retried within the strategy's budget. Never throws.
 *
 * @example
 * ```ts
 * const outcome = await writeSingle(planned, { client, table: 'demo-hot', strategy });
 * outcome.status; // 'written' | 'duplicate' | 'failed'
 * ```
 */
export async function writeSingle(planned: PlannedItem, target: WriteTarget): Promise<WriteOutcome> {
  const { item } = planned;
  const first = await withWriteRetries(target.strategy, target.table, () =>
    target.client.send(
      new PutCommand({
        TableName: target.table,
        Item: item,
        ConditionExpression: CONDITION_NEW_KEY,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    ),
  );
  if (first.ok) return { planned, status: 'written', attempts: first.attempts };
  if (!isConditionalCheckFailed(first.error)) return failed(planned, first.error, first.attempts);

  const stored = storedItemOf(first.error);
  if (stored !== undefined) {
    if (stored.eventId === item.event_id) return { planned, status: 'duplicate', attempts: first.attempts };
    return conflict(planned, stored.eventId, first.error, first.attempts);
  }

  const second = await withWriteRetries(target.strategy, target.table, () =>
    target.client.send(
      new PutCommand({
        TableName: target.table,
        Item: item,
        ConditionExpression: CONDITION_SAME_EVENT,
        ExpressionAttributeValues: { ':eid': item.event_id },
      }),
    ),
  );
  const attempts = first.attempts + second.attempts;
  if (second.ok) return { planned, status: 'duplicate', attempts };
  if (isConditionalCheckFailed(second.error)) return conflict(planned, undefined, second.error, attempts);
  return failed(planned, second.error, attempts);
}

function isConditionalCheckFailed(error: unknown): error is Error & { Item?: unknown } {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * The stored item's event id from a `ConditionalCheckFailedException`, or `undefined` when the
 * error carries no item. The document client does not unmarshall errors, so the item arrives as
 * AttributeValues (`{ event_id: { S: '…' } }`); a plain value is accepted too.
 */
function storedItemOf(error: { Item?: unknown }): { eventId?: string } | undefined {
  const stored = error.Item;
  if (typeof stored !== 'object' || stored === null) return undefined;
  const value = (stored as Record<string, unknown>)['event_id'];
  if (typeof value === 'string') return { eventId: value };
  const s = typeof value === 'object' && value !== null ? (value as { S?: unknown }).S : undefined;
  return typeof s === 'string' ? { eventId: s } : {};
}

function conflict(planned: PlannedItem, storedEventId: string | undefined, cause: unknown, attempts: number): WriteOutcome {
  const { item } = planned;
  const error = new KeyConflictError(item.device_id, item.timestamp, item.event_id, storedEventId, { cause });
  return { planned, status: 'failed', error, reason: 'key-conflict', attempts };
}

function failed(planned: PlannedItem, error: unknown, attempts: number): WriteOutcome {
  return { planned, status: 'failed', error, reason: writeFailureReason(error), attempts };
}
