import { describeValue } from '../errors';
import type { JsonObject } from '../types/json';
import type { TelemetryEvent } from '../types/telemetry';
import { findJsonIssue, isPlainObject } from './json';
import { readingIds, readTelemetryEvent } from './telemetryEvent';
import type { ContractIssue, ContractRead, ReadEventOptions } from './telemetryEvent';

/** Deepest `data` DynamoDB stores: its 32 levels of nesting, one taken by the item itself. */
export const MAX_DATA_DEPTH = 31;

/**
 * A processed reading on its way to the hot table: the wrapper hands `{ records: PersistRecord[] }`
 * to the persister, which stores `data` under the event's key.
 */
export type PersistRecord = {
  event: TelemetryEvent;
  /** The processor's output, stored as the hot-table item's `data`. */
  data: JsonObject;
};

/**
 * The issues of a processor's output as a hot-table item's `data`: a plain JSON object at most
 * {@link MAX_DATA_DEPTH} levels deep. The one rule for `data`, used by the wrapper (on the
 * processor's answer), the persister and `toHotTableItem`.
 *
 * @example
 * ```ts
 * dataIssues([]); // [{ path: 'data', message: 'data: must be a JSON object, got an array' }]
 * ```
 */
export function dataIssues(data: unknown, path = 'data'): ContractIssue[] {
  if (!isPlainObject(data)) return [{ path, message: `${path}: must be a JSON object, got ${describeValue(data)}` }];
  const found = findJsonIssue(data, { maxBytes: Number.MAX_SAFE_INTEGER, maxDepth: MAX_DATA_DEPTH, rootPath: path });
  return found === undefined ? [] : [{ path: found.path, message: `${found.path}: ${found.problem}` }];
}

/**
 * The one reader of persist records `{ event, data }`: `event` by {@link readTelemetryEvent}
 * (issues under `event.`), `data` by {@link dataIssues}. What it accepts is exactly what the
 * hot table stores. Never throws.
 *
 * @example
 * ```ts
 * const read = readPersistRecord(record, { twin: 'demo', receivedAt });
 * if (read.ok) toHotTableItem(read.value.event, read.value.data, { retentionDays: 30 });
 * ```
 */
export function readPersistRecord(value: unknown, options: Omit<ReadEventOptions, 'path'> = {}): ContractRead<PersistRecord> {
  try {
    if (!isPlainObject(value)) return { ok: false, issues: [{ path: 'record', message: `record: must be an object { event, data }, got ${describeValue(value)}` }], ids: {} };
    const event = readTelemetryEvent(value['event'], { ...options, path: 'event' });
    const issues = [...(event.ok ? [] : event.issues), ...dataIssues(value['data'])];
    if (!event.ok || issues.length > 0) return { ok: false, issues, ids: event.ok ? readingIds(event.value) : event.ids };
    return { ok: true, value: { event: event.value, data: value['data'] as JsonObject } };
  } catch (error) {
    return { ok: false, issues: [{ path: 'record', message: `record: cannot be read (${error instanceof Error ? error.message : String(error)})` }], ids: {} };
  }
}
