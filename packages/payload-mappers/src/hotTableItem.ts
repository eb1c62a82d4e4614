import { dataIssues, describeValue, EVENT_ID_PATTERN, isDeviceId, isIsoUtcMillis, isPlainObject, ISO_UTC_MILLIS_HINT, readTelemetryEvent } from '@twinflow/core';
import type { HotTableItem, JsonObject, TelemetryEvent } from '@twinflow/core';
import { CONTENT_HASH_PATTERN, SECONDS_PER_DAY } from './constants';
import { HotTableItemError } from './errors';
import { computeEventId } from './eventId';
import { readClock, resolveClock, resolveRetentionDays } from './options';
import type { HotTableItemOptions } from './types';

/**
 * Builds the hot-table item of a processed reading: `{ device_id, timestamp, event_id,
 * content_hash, data, processed_at, ttl }` with `content_hash` = `computeEventId` of the event's
 * twin, device, timestamp and payload (so a reused event id with another payload is told apart
 * from a redelivery), `processed_at` = ISO of `now()` and `ttl` = `floor(now / 1000) +
 * retentionDays × 86 400` (epoch seconds, the DynamoDB TTL attribute).
 *
 * @param event - the normalized reading (its `deviceId`, `timestamp` and `eventId` become the keys;
 *   `twin` and `payload` go into `content_hash`)
 * @param data - the processor's output: a JSON object, at most 31 levels deep (DynamoDB's limit)
 * @param options - `retentionDays` (required, integer 1..3650), `now` (default `Date.now`)
 * @throws HotTableItemError naming the field when the event or data break the table contract
 * @throws MapperOptionsError for bad options
 * @example
 * ```ts
 * const item = toHotTableItem(event, { temperatureC: 21.1 }, { retentionDays: 30 });
 * await ddb.send(new PutCommand({ TableName: 'demo-hot', Item: item, ConditionExpression: 'attribute_not_exists(device_id)' }));
 * ```
 */
export function toHotTableItem(event: TelemetryEvent, data: JsonObject, options: HotTableItemOptions): HotTableItem & { content_hash: string } {
  const retentionDays = resolveRetentionDays(options?.retentionDays);
  const now = readClock(resolveClock(options.now));
  // The contract's readers: exactly what the wrapper and the persister accept (receivedAt is not stored).
  const read = readTelemetryEvent(event, { receivedAt: '' });
  const issue = read.ok ? dataIssues(data)[0] : read.issues[0];
  if (issue !== undefined) throw new HotTableItemError(issue.message, issue.path);
  return {
    device_id: event.deviceId,
    timestamp: event.timestamp,
    event_id: event.eventId,
    content_hash: computeEventId({ twin: event.twin, deviceId: event.deviceId, timestamp: event.timestamp, payload: event.payload }),
    data,
    processed_at: new Date(now).toISOString(),
    ttl: Math.floor(now / 1000) + retentionDays * SECONDS_PER_DAY,
  };
}

/**
 * Checks an item read back from the hot table and returns exactly its contract fields. `ttl` may
 * arrive as a number or as a numeric string (some DynamoDB tools write it as text); it is
 * returned as a number. `data` must be an object (its contents are not walked again).
 * `content_hash` is optional (items written before it existed have none) and returned when present.
 *
 * @param item - one item from a Query/GetItem result (already unmarshalled)
 * @throws HotTableItemError whose `field` and message name the offending field
 * @example
 * ```ts
 * const { Items = [] } = await ddb.send(new QueryCommand({ TableName: 'demo-hot', KeyConditionExpression: 'device_id = :d', ExpressionAttributeValues: { ':d': 'thermostat-1' } }));
 * const items = Items.map(fromHotTableItem);
 * ```
 */
export function fromHotTableItem(item: unknown): HotTableItem {
  if (!isPlainObject(item)) throw new HotTableItemError(`item: must be an object, got ${describeValue(item)}`, 'item');
  const { device_id: deviceId, timestamp, event_id: eventId, content_hash: contentHash, data, processed_at: processedAt, ttl: rawTtl } = item;
  if (!isDeviceId(deviceId)) throw new HotTableItemError(`device_id: ${describeValue(deviceId)} is not a valid device id`, 'device_id');
  if (!isIsoUtcMillis(timestamp)) throw new HotTableItemError(`timestamp: ${describeValue(timestamp)} is not ${ISO_UTC_MILLIS_HINT}`, 'timestamp');
  if (typeof eventId !== 'string' || !EVENT_ID_PATTERN.test(eventId)) {
    throw new HotTableItemError(`event_id: ${describeValue(eventId)} is not a valid event id (${EVENT_ID_PATTERN.source})`, 'event_id');
  }
  if (contentHash !== undefined && (typeof contentHash !== 'string' || !CONTENT_HASH_PATTERN.test(contentHash))) {
    throw new HotTableItemError(`content_hash: ${describeValue(contentHash)} is not 32 lowercase hex characters`, 'content_hash');
  }
  if (!isPlainObject(data)) throw new HotTableItemError(`data: must be an object, got ${describeValue(data)}`, 'data');
  if (!isIsoUtcMillis(processedAt)) {
    throw new HotTableItemError(`processed_at: ${describeValue(processedAt)} is not ${ISO_UTC_MILLIS_HINT}`, 'processed_at');
  }
  const ttl = typeof rawTtl === 'string' && /^\d{1,15}$/.test(rawTtl) ? Number(rawTtl) : rawTtl;
  if (typeof ttl !== 'number' || !Number.isSafeInteger(ttl) || ttl <= 0) {
    throw new HotTableItemError(`ttl: must be epoch seconds (a positive integer or a string of digits), got ${describeValue(rawTtl)}`, 'ttl');
  }
  const checked: HotTableItem = { device_id: deviceId, timestamp, event_id: eventId, data: data as JsonObject, processed_at: processedAt, ttl };
  return contentHash === undefined ? checked : { ...checked, content_hash: contentHash };
}
