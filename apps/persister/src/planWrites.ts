import { isDeviceId } from '@twinflow/core';
import type { HotTableItem, JsonObject, TelemetryEvent } from '@twinflow/core';
import { HotTableItemError, toHotTableItem } from '@twinflow/payload-mappers';
import { failureReasonOf } from '@twinflow/runtime';
import { KeyConflictError } from './errors';
import { isSameReading } from './sameReading';

/** A hot-table item as the persister writes it: always with its `content_hash`. */
export type WritableItem = HotTableItem & { content_hash: string };

/** A record turned into the item to write. */
export interface PlannedItem {
  /** Position of the record in the input. */
  index: number;
  /** The record as received (the failure store's `original`). */
  record: unknown;
  item: WritableItem;
}

/** A record that will not be written, with why. */
export interface RecordFailure {
  index: number;
  record: unknown;
  error: unknown;
  reason: string;
  attempts: number;
  /** Set when the record carried a valid device id. */
  deviceId?: string;
  /** Set when the record carried an event id. */
  eventId?: string;
}

/** What to write for a batch of records. */
export interface WritePlan {
  /** One item per key, in input order. */
  items: PlannedItem[];
  /** Later records with the key, event id and content hash of an earlier one: the same reading delivered twice. */
  duplicates: PlannedItem[];
  /** Invalid records and later records whose key an earlier, different reading holds. */
  failures: RecordFailure[];
}

/** Options of {@link planWrites}. */
export interface PlanOptions {
  retentionDays: number;
  /** Processing clock, epoch ms (`processed_at`, `ttl`). */
  now: () => number;
}

/**
 * Builds the hot-table item of every record (`toHotTableItem`: a bad record → `invalid-item`)
 * and removes in-batch repeats of a key: the same reading again (same event id and content hash)
 * is a duplicate; another event id, or the same event id with another content hash, a
 * `key-conflict` (the first reading wins). Never throws.
 *
 * @example
 * ```ts
 * const plan = planWrites([{ event, data }, { event, data }], { retentionDays: 30, now: Date.now });
 * plan.items.length;      // 1
 * plan.duplicates.length; // 1
 * ```
 */
export function planWrites(records: readonly unknown[], options: PlanOptions): WritePlan {
  const plan: WritePlan = { items: [], duplicates: [], failures: [] };
  const byKey = new Map<string, PlannedItem>();
  records.forEach((record, index) => {
    let item: WritableItem;
    try {
      const { event, data } = recordParts(record);
      item = toHotTableItem(event, data, { retentionDays: options.retentionDays, now: options.now });
    } catch (error) {
      plan.failures.push({ index, record, error, reason: failureReasonOf(error), attempts: 1, ...identityOf(record) });
      return;
    }
    const planned: PlannedItem = { index, record, item };
    const key = keyOf(item);
    const first = byKey.get(key);
    if (first === undefined) {
      byKey.set(key, planned);
      plan.items.push(planned);
    } else if (isSameReading(item, { eventId: first.item.event_id, contentHash: first.item.content_hash })) {
      plan.duplicates.push(planned);
    } else {
      const error = new KeyConflictError(item.device_id, item.timestamp, item.event_id, first.item.event_id);
      plan.failures.push({ index, record, error, reason: 'key-conflict', attempts: 1, deviceId: item.device_id, eventId: item.event_id });
    }
  });
  return plan;
}

/** The table key of an item, as one string. */
export function keyOf(item: Pick<HotTableItem, 'device_id' | 'timestamp'>): string {
  return JSON.stringify([item.device_id, item.timestamp]);
}

/** The device and event id a record carries, when they can be read (for records that failed). */
export function identityOf(record: unknown): { deviceId?: string; eventId?: string } {
  try {
    const event = isObject(record) && isObject(record['event']) ? record['event'] : {};
    const identity: { deviceId?: string; eventId?: string } = {};
    if (isDeviceId(event['deviceId'])) identity.deviceId = event['deviceId'];
    if (typeof event['eventId'] === 'string' && event['eventId'] !== '') identity.eventId = event['eventId'];
    return identity;
  } catch {
    return {};
  }
}

function recordParts(record: unknown): { event: TelemetryEvent; data: JsonObject } {
  if (!isObject(record)) throw new HotTableItemError('record: must be an object { event, data }', 'record');
  if (!isObject(record['event'])) throw new HotTableItemError('event: must be a telemetry event object', 'event');
  // toHotTableItem checks the event's fields and that data is a plain object.
  return { event: record['event'] as unknown as TelemetryEvent, data: record['data'] as JsonObject };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
