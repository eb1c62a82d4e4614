// Which readings the hot table holds, looked up by key (BatchGetItem), never by scanning the table:
// the cost grows with the readings asked about, not with the table.
import { BatchGetItemCommand, type AttributeValue, type DynamoDBClient, type KeysAndAttributes } from '@aws-sdk/client-dynamodb';
import { TwinflowError } from '@twinflow/core';

const BATCH_GET_LIMIT = 100;
const CONCURRENCY = 4;
const MAX_ROUNDS = 8;

/** A reading as far as it is known: its event id and hot-table key, each maybe missing. */
export type ReadingKeyLike = { eventId?: string | undefined; deviceId?: string | undefined; timestamp?: string | undefined };

/** Options of {@link findStored}. */
export interface FindStoredOptions {
  /** Waits between rounds that left keys unprocessed. Default a `setTimeout` promise. */
  sleep?: (ms: number) => Promise<void>;
}

/** DynamoDB kept leaving keys unprocessed, round after round. */
export class HotTableLookupError extends TwinflowError {
  public constructor(table: string) {
    super(`${table}: BatchGetItem kept leaving keys unprocessed`, 'HOT_TABLE_LOOKUP_FAILED', { retryable: true });
  }
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The event ids, among `readings`, whose key holds an item with that same event id (strongly
 * consistent reads). A key holding another reading's event id does not count: that reading is not
 * stored, whatever else is. Readings without a key or an event id are skipped.
 *
 * @example
 * ```ts
 * const stored = await findStored(client, 'demo-hot', [{ eventId: 'e1', deviceId: 'thermostat-1', timestamp: '2026-11-24T08:00:00.000Z' }]);
 * stored.has('e1');
 * ```
 */
export async function findStored(client: DynamoDBClient, table: string, readings: Iterable<ReadingKeyLike>, { sleep = defaultSleep }: FindStoredOptions = {}): Promise<Set<string>> {
  const byKey = new Map<string, Set<string>>();
  for (const reading of readings) {
    if (!reading.deviceId || !reading.timestamp || !reading.eventId) continue;
    const key = `${reading.deviceId}\u0000${reading.timestamp}`;
    const ids = byKey.get(key);
    if (ids) ids.add(reading.eventId);
    else byKey.set(key, new Set([reading.eventId]));
  }
  const keys = [...byKey.keys()];
  const chunks: string[][] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_LIMIT) chunks.push(keys.slice(i, i + BATCH_GET_LIMIT));
  const stored = new Set<string>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const chunk = chunks[next++] as string[];
      for (const item of await getItems(client, table, chunk, sleep)) {
        const key = `${item['device_id']?.S}\u0000${item['timestamp']?.S}`;
        const eventId = item['event_id']?.S;
        if (eventId !== undefined && byKey.get(key)?.has(eventId)) stored.add(eventId);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, chunks.length) }, worker));
  return stored;
}

/** One BatchGetItem of up to 100 keys, asking again (with a growing pause) for what DynamoDB leaves unprocessed. */
async function getItems(client: DynamoDBClient, table: string, keys: readonly string[], sleep: (ms: number) => Promise<void>): Promise<Array<Record<string, AttributeValue>>> {
  const items: Array<Record<string, AttributeValue>> = [];
  let request: Record<string, KeysAndAttributes> | undefined = {
    [table]: {
      Keys: keys.map((key) => {
        const [deviceId = '', timestamp = ''] = key.split('\u0000');
        return { device_id: { S: deviceId }, timestamp: { S: timestamp } };
      }),
      ConsistentRead: true,
      ProjectionExpression: 'device_id, #ts, event_id',
      ExpressionAttributeNames: { '#ts': 'timestamp' },
    },
  };
  for (let attempt = 0; request && Object.keys(request).length > 0; attempt += 1) {
    if (attempt > MAX_ROUNDS) throw new HotTableLookupError(table);
    if (attempt > 0) await sleep(20 * 2 ** attempt);
    const out: { Responses?: Record<string, Array<Record<string, AttributeValue>>>; UnprocessedKeys?: Record<string, KeysAndAttributes> } = await client.send(
      new BatchGetItemCommand({ RequestItems: request }),
    );
    items.push(...(out.Responses?.[table] ?? []));
    request = out.UnprocessedKeys;
  }
  return items;
}

/** The fields of a failure record {@link recordReading} reads. */
export type FailureRecordKeyFields = { eventId?: string | undefined; deviceId?: string | undefined; timestamp?: string | undefined; stage?: string | undefined; original?: unknown };

/** The hot-table key of a failure record's reading, when the record names it. */
export function recordReading(record: FailureRecordKeyFields): ReadingKeyLike {
  const original = record.original;
  const timestamp =
    record.timestamp ??
    (isObject(original) && typeof original['timestamp'] === 'string' && record.stage === 'process' ? original['timestamp'] : undefined) ??
    (isObject(original) && isObject(original['event']) && typeof original['event']['timestamp'] === 'string' ? original['event']['timestamp'] : undefined);
  return { eventId: record.eventId, deviceId: record.deviceId, timestamp };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
