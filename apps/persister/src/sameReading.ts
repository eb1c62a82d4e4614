import type { HotTableItem } from '@twinflow/core';

/** What an item already under a key says about its reading (either field may be absent). */
export interface StoredReading {
  /** The stored `event_id`; absent when the item has none (written by another tool). */
  eventId?: string;
  /** The stored `content_hash`; absent on items written before it existed. */
  contentHash?: string;
}

/**
 * Whether `stored` is the reading `item` carries: the same `event_id` and the same
 * `content_hash`. A stored item without `content_hash` (written before it existed) is compared
 * by `event_id` only. A different answer is a key conflict: another reading holds the key, or an
 * event id was reused for another reading.
 *
 * @example
 * ```ts
 * isSameReading(item, { eventId: item.event_id, contentHash: item.content_hash }); // true
 * isSameReading(item, { eventId: item.event_id, contentHash: 'f'.repeat(32) });     // false: id reused
 * ```
 */
export function isSameReading(item: Pick<HotTableItem, 'event_id' | 'content_hash'>, stored: StoredReading): boolean {
  if (stored.eventId !== item.event_id) return false;
  return stored.contentHash === undefined || stored.contentHash === item.content_hash;
}
