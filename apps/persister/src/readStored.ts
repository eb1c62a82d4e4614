import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { keyOf } from './planWrites';
import type { PlannedItem } from './planWrites';
import { withWriteRounds } from './retry';
import type { Attempted } from './retry';
import type { StoredReading } from './sameReading';
import type { WriteTarget } from './writeOutcome';

/** The stored readings by key (`keyOf`); a key without an entry holds no item (any more). */
export type StoredReadings = Attempted<Map<string, StoredReading>>;

type Key = { device_id: string; timestamp: string };

/**
 * Reads what the table holds under the keys of `items` with one strongly consistent
 * `BatchGetItem` (keys, `event_id` and `content_hash` only), so a taken key can be told apart:
 * the same reading (a redelivery), another one (a conflict), or nothing (expired by TTL in the
 * meantime). Unprocessed keys, throttling, 5xx and network errors are retried within the
 * strategy's budget (`withWriteRounds`). At most 100 items (`BatchGetItem`'s limit; the persister
 * asks for ≤ 25). Never throws.
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
  return withWriteRounds<Map<string, StoredReading>>(target.strategy, target.table, async () => {
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
    return keys.length === 0 ? { done: true, value: stored } : { done: false };
  });
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
