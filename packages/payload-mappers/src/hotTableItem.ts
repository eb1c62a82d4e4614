import { isDeviceId, type HotTableItem, type JsonObject, type TelemetryEvent } from '@twinflow/core';
import { SECONDS_PER_DAY } from './constants';
import { HotTableItemError } from './errors';
import { isPlainObject } from './json';

/** Options of {@link toHotTableItem}. */
export interface HotTableItemOptions {
  /** Days the item stays in the table (DynamoDB TTL). Integer 1..3650. Required. */
  retentionDays: number;
  /** Processing clock, epoch ms. Default `Date.now`. */
  now?: () => number;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Builds the hot-table item for a processed reading. `ttl` = processing time (epoch seconds)
 * + `retentionDays` days.
 *
 * @throws HotTableItemError when the event or data break the table contract
 * @example
 * ```ts
 * const item = toHotTableItem(event, { temperatureC: 21.1 }, { retentionDays: 30 });
 * await ddb.send(new PutCommand({ TableName: 'demo-hot', Item: item }));
 * ```
 */
export function toHotTableItem(event: TelemetryEvent, data: JsonObject, options: HotTableItemOptions): HotTableItem {
  const { retentionDays } = options;
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 3650) {
    throw new HotTableItemError(`retentionDays: must be an integer 1..3650, got ${String(retentionDays)}`, 'retentionDays');
  }
  if (!isDeviceId(event?.deviceId)) throw new HotTableItemError('event.deviceId: missing or invalid', 'deviceId');
  if (typeof event.timestamp !== 'string' || !ISO_UTC.test(event.timestamp)) {
    throw new HotTableItemError('event.timestamp: must be ISO-8601 UTC with milliseconds', 'timestamp');
  }
  if (typeof event.eventId !== 'string' || event.eventId.length === 0) throw new HotTableItemError('event.eventId: missing', 'eventId');
  if (!isPlainObject(data)) throw new HotTableItemError('data: must be a JSON object', 'data');
  const now = (options.now ?? Date.now)();
  return {
    device_id: event.deviceId,
    timestamp: event.timestamp,
    event_id: event.eventId,
    data,
    processed_at: new Date(now).toISOString(),
    ttl: Math.floor(now / 1000) + retentionDays * SECONDS_PER_DAY,
  };
}

/**
 * Validates an item read back from the hot table (`ttl` may arrive as a number or a numeric string).
 *
 * @throws HotTableItemError naming the offending field
 * @example
 * ```ts
 * const { Items = [] } = await ddb.send(new QueryCommand({ … }));
 * const items = Items.map(fromHotTableItem);
 * ```
 */
export function fromHotTableItem(item: unknown): HotTableItem {
  if (!isPlainObject(item)) throw new HotTableItemError('item: must be an object');
  const field = (name: string): unknown => item[name];
  for (const name of ['device_id', 'timestamp', 'event_id', 'processed_at']) {
    if (typeof field(name) !== 'string' || (field(name) as string).length === 0) {
      throw new HotTableItemError(`${name}: must be a non-empty string`, name);
    }
  }
  if (!isDeviceId(field('device_id'))) throw new HotTableItemError('device_id: not a valid device id', 'device_id');
  if (!isPlainObject(field('data'))) throw new HotTableItemError('data: must be an object', 'data');
  const rawTtl = field('ttl');
  const ttl = typeof rawTtl === 'string' && /^\d+$/.test(rawTtl) ? Number(rawTtl) : rawTtl;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl <= 0) throw new HotTableItemError('ttl: must be epoch seconds', 'ttl');
  return {
    device_id: field('device_id') as string,
    timestamp: field('timestamp') as string,
    event_id: field('event_id') as string,
    data: field('data') as JsonObject,
    processed_at: field('processed_at') as string,
    ttl,
  };
}
