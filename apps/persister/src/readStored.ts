import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { withRetries } from '@twinflow/health';
import { UnprocessedItemsError } from './errors';
import { keyOf } from './planWrites';
import type { PlannedItem } from './planWrites';
import type { StoredReading } from './sameReading';
import { writeRetries } from './writeRetries';
import type { WriteTarget } from './writeOutcome';

/** The stored readings by key (`keyOf`; a key without an entry holds no item any more), or why they could not be read; `attempts` = requests made. */
export type StoredReadings = { ok: true; value: Map<string, StoredReading>; attempts: number } | { ok: false; error: unknown; attempts: number };

type Key = { device_id: string; timestamp: string };

/**
 * Reads what the table holds under the keys of `items` with one strongly consistent
 * `BatchGetItem` (keys, `event_id` and `content_hash` only), so a taken key can be told apart:
 * the same reading (a redelivery), another one (a conflict), or nothing (expired by TTL in the
 * meantime). Unprocessed keys (an {@link UnprocessedItemsError}), throttling, 5xx and network
 * errors are retried within the strategy's budget (health's `withRetries`, `writeRetries`). At
 * most 100 items (`BatchGetItem`'s limit; the persister asks for ≤ 25). Never throws.
 *
 * @example
 * ```ts
 * const read = await readStored(taken, { client, table: 'demo-hot', strategy });
 * if (read.ok) read.value.get(keyOf(planned.item)); // { eventId, contentHash } | undefined
 * ```
 */
export async function readStored(items: readonly PlannedItem[], target: WriteTarget): Promise<StoredReadings> {
  const stored = new Map<string, StoredReading>();
  let keys: Key[] = items.map(({ item }) => ({ device_id: item.device_id, timestamp: item.timestamp }));
  let made = 0;
  try {
    await withRetries(async (attempt) => {
      made = attempt;
      const output = await target.client.send(
        new BatchGetCommand({
          RequestItems: {
            [target.table]: {
              Keys: keys,
              ConsistentRead: true,
              ProjectionExpression: '#device, #time, event_id, content_hash',
              ExpressionAttributeNames: { '#device': 'device_id', '#time': 'timestamp' },
            },
          },
        }),
      );
      for (const found of output.Responses?.[target.table] ?? []) {
        if (isKey(found)) stored.set(keyOf(found), readingOf(found));
      }
      keys = (output.UnprocessedKeys?.[target.table]?.Keys ?? []).filter(isKey);
      if (keys.length > 0) throw new UnprocessedItemsError(target.table, keys.length);
    }, writeRetries(target.table, target.strategy));
    return { ok: true, value: stored, attempts: made };
  } catch (error) {
    return { ok: false, error, attempts: made };
  }
}

function readingOf(found: Record<string, unknown>): StoredReading {
  const reading: StoredReading = {};
  if (typeof found['event_id'] === 'string') reading.eventId = found['event_id'];
  if (typeof found['content_hash'] === 'string') reading.contentHash = found['content_hash'];
  return reading;
}

function isKey<T extends Record<string, unknown>>(key: T): key is T & Key {
  return typeof key['device_id'] === 'string' && typeof key['timestamp'] === 'string';
}
