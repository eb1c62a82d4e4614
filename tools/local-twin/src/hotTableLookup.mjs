// Which readings the hot table holds, looked up by key (BatchGetItem), never by scanning the table:
// the cost grows with the readings asked about, not with the table.
import { BatchGetItemCommand } from '@aws-sdk/client-dynamodb';

const BATCH_GET_LIMIT = 100;
const CONCURRENCY = 4;

/**
 * The event ids, among `readings` ({ eventId, deviceId, timestamp }), whose key holds an item with
 * that same event id (strongly consistent reads). A key holding another reading's event id does
 * not count: that reading is not stored, whatever else is. Readings without a key are skipped.
 *
 * @returns {Promise<Set<string>>}
 */
export async function findStored(client, table, readings) {
  const byKey = new Map();
  for (const reading of readings) {
    if (!reading.deviceId || !reading.timestamp || !reading.eventId) continue;
    const key = `${reading.deviceId}\u0000${reading.timestamp}`;
    const ids = byKey.get(key);
    if (ids) ids.add(reading.eventId);
    else byKey.set(key, new Set([reading.eventId]));
  }
  const keys = [...byKey.keys()];
  const chunks = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_LIMIT) chunks.push(keys.slice(i, i + BATCH_GET_LIMIT));
  const stored = new Set();
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++];
      for (const item of await getItems(client, table, chunk)) {
        const key = `${item.device_id?.S}\u0000${item.timestamp?.S}`;
        const eventId = item.event_id?.S;
        if (eventId !== undefined && byKey.get(key)?.has(eventId)) stored.add(eventId);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, chunks.length) }, worker));
  return stored;
}

/** One BatchGetItem of up to 100 keys, asking again for what DynamoDB leaves unprocessed. */
async function getItems(client, table, keys) {
  const items = [];
  let request = {
    [table]: {
      Keys: keys.map((key) => {
        const [deviceId, timestamp] = key.split('\u0000');
        return { device_id: { S: deviceId }, timestamp: { S: timestamp } };
      }),
      ConsistentRead: true,
      ProjectionExpression: 'device_id, #ts, event_id',
      ExpressionAttributeNames: { '#ts': 'timestamp' },
    },
  };
  for (let attempt = 0; request && Object.keys(request).length > 0; attempt += 1) {
    if (attempt > 8) throw new Error(`${table}: BatchGetItem kept leaving keys unprocessed`);
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    const out = await client.send(new BatchGetItemCommand({ RequestItems: request }));
    items.push(...(out.Responses?.[table] ?? []));
    request = out.UnprocessedKeys;
  }
  return items;
}

/** The hot-table key of a failure record's reading, when the record names it. */
export function recordReading(record) {
  const original = record.original;
  const timestamp =
    record.timestamp ??
    (isObject(original) && typeof original.timestamp === 'string' && record.stage === 'process' ? original.timestamp : undefined) ??
    (isObject(original) && isObject(original.event) && typeof original.event.timestamp === 'string' ? original.event.timestamp : undefined);
  return { eventId: record.eventId, deviceId: record.deviceId, timestamp };
}

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
