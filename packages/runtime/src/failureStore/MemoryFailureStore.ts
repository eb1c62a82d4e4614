import type { FailureRecord } from '@twinflow/core';
import type { FailureStore } from './FailureStore';

/**
 * An in-process failure store (tests, embedded use). Records are kept in insertion order.
 *
 * @example
 * ```ts
 * const store = new MemoryFailureStore();
 * await store.put([record]);
 * store.records.length; // 1
 * ```
 */
export class MemoryFailureStore implements FailureStore {
  /** Every record kept so far. */
  public readonly records: FailureRecord[] = [];

  public async put(records: readonly FailureRecord[]): Promise<void> {
    this.records.push(...records);
  }
}
