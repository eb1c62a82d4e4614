import { readingIds, readPersistRecord } from '@twinflow/core';
import type { HotTableItem, ReadingIds } from '@twinflow/core';
import { HotTableItemError, toHotTableItem } from '@twinflow/payload-mappers';
import { parked } from '@twinflow/runtime';
import type { Parked } from '@twinflow/runtime';
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
  /** The reading's ids, as core's reader read them. */
  ids: ReadingIds;
}

/** What to write for a batch of records. */
export interface WritePlan {
  /** One item per key, in input order. */
  items: PlannedItem[];
  /** Later records with the key, event id and content hash of an earlier one: the same reading delivered twice. */
  duplicates: PlannedItem[];
  /** Invalid records (`invalid-item`) and later records whose key an earlier, different reading holds (`key-conflict`). */
  failures: Parked[];
}

/** Options of {@link planWrites}. */
export interface PlanOptions {
  retentionDays: number;
  /** Processing clock, epoch ms (`processed_at`, `ttl`). */
  now: () => number;
  /** The persister's twin: a record of any other twin is refused. Default: any valid twin. */
  twin?: string;
  /** This hop's receive time, for an event that carries no `receivedAt`. */
  receivedAt?: string;
}

/**
 * Reads every record with core's `readPersistRecord` (a bad record, or one of another twin → a
 * `HotTableItemError` naming its first issue, reason `invalid-item`), builds its hot-table item
 * (`toHotTableItem`) and removes in-batch repeats of a key: the same reading again (same event id
 * and content hash) is a duplicate; another event id, or the same event id with another content
 * hash, a `key-conflict` (the first reading wins). Never throws.
 *
 * @example
 * ```ts
 * const plan = planWrites([{ event, data }, { event, data }], { retentionDays: 30, now: Date.now, twin: 'demo' });
 * plan.items.length;      // 1
 * plan.duplicates.length; // 1
 * ```
 */
export function planWrites(records: readonly unknown[], options: PlanOptions): WritePlan {
  const plan: WritePlan = { items: [], duplicates: [], failures: [] };
  const byKey = new Map<string, PlannedItem>();
  records.forEach((record, index) => {
    const planned = planItem(record, index, options);
    if ('status' in planned) {
      plan.failures.push(planned);
      return;
    }
    const { item } = planned;
    const key = keyOf(item);
    const first = byKey.get(key);
    if (first === undefined) {
      byKey.set(key, planned);
      plan.items.push(planned);
    } else if (isSameReading(item, { eventId: first.item.event_id, contentHash: first.item.content_hash })) {
      plan.duplicates.push(planned);
    } else {
      const error = new KeyConflictError(item.device_id, item.timestamp, item.event_id, first.item.event_id);
      plan.failures.push(parked(index, error, { stage: 'persist', original: record, ids: planned.ids }));
    }
  });
  return plan;
}

/** The table key of an item, as one string. */
export function keyOf(item: Pick<HotTableItem, 'device_id' | 'timestamp'>): string {
  return JSON.stringify([item.device_id, item.timestamp]);
}

function planItem(record: unknown, index: number, options: PlanOptions): PlannedItem | Parked {
  const read = readPersistRecord(record, { twin: options.twin, receivedAt: options.receivedAt });
  if (!read.ok) {
    const issue = read.issues[0] ?? { path: 'record', message: 'record: not a persist record' };
    return parked(index, new HotTableItemError(issue.message, issue.path), { stage: 'persist', original: record, ids: read.ids });
  }
  const ids = readingIds(read.value.event);
  try {
    const item = toHotTableItem(read.value.event, read.value.data, { retentionDays: options.retentionDays, now: options.now });
    return { index, record, item, ids };
  } catch (error) {
    return parked(index, error, { stage: 'persist', original: record, ids });
  }
}
