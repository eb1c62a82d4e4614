// Builds /health.json (the ConsoleDocument) from the sources and the sampled history. A source
// that fails leaves its part empty (and says why where the page can show it), never the page.
import type { FailureRecord } from '@twinflow/core';
import type { History } from './history';
import type { ConsoleDocument, ConsoleSources, FaultSettings, FunctionMetrics, ParkedGroup, ParkedView } from './sources';

/** Throughput is measured over this many milliseconds of history. */
export const THROUGHPUT_WINDOW_MS = 10_000;
/** Parked records listed one by one (the groups count them all). */
export const NEWEST_PARKED = 10;

/**
 * The failure store summarized: counts by reason, device (`(none)` when the record has none)
 * and stage, largest first, and the newest records without their payloads.
 *
 * @example
 * ```ts
 * summarizeParked(records).byReason; // [{ key: 'processor-error', count: 3 }, { key: 'timeout', count: 1 }]
 * ```
 */
export function summarizeParked(records: readonly FailureRecord[]): ParkedView {
  const group = (keyOf: (r: FailureRecord) => string): ParkedGroup[] => {
    const counts = new Map<string, number>();
    for (const record of records) counts.set(keyOf(record), (counts.get(keyOf(record)) ?? 0) + 1);
    return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  };
  const newest = [...records]
    .sort((a, b) => String(b.failedAt).localeCompare(String(a.failedAt)))
    .slice(0, NEWEST_PARKED)
    .map(({ id, stage, reason, message, failedAt, deviceId }) => ({ id, stage, reason, message, failedAt, ...(deviceId === undefined ? {} : { deviceId }) }));
  return {
    total: records.length,
    byReason: group((r) => r.reason),
    byDevice: group((r) => r.deviceId ?? '(none)'),
    byStage: group((r) => r.stage),
    newest,
  };
}

/**
 * Everything the console shows, read once from `sources`. Health reports, parked records and
 * newest readings are read in parallel; counts come from the ledger (no table read).
 */
export async function collectDocument(sources: ConsoleSources, history: History, now: () => number): Promise<ConsoleDocument> {
  const [functions, newestReadings, parked] = await Promise.all([
    Promise.resolve()
      .then(() => sources.health())
      .catch(() => ({})),
    Promise.resolve()
      .then(() => sources.newestReadings())
      .catch(() => []),
    Promise.resolve()
      .then(() => sources.parked())
      .then(summarizeParked)
      .catch((error: unknown): ParkedView => ({ total: 0, byReason: [], byDevice: [], byStage: [], newest: [], error: messageOf(error) })),
  ]);
  return {
    twin: sources.twin,
    stage: sources.stage,
    generatedAt: new Date(now()).toISOString(),
    counts: sources.counts(),
    functions,
    metrics: readSafely((): Record<string, FunctionMetrics> => sources.metrics(), {}),
    newestReadings,
    functionNames: sources.functionNames,
    hotTable: sources.hotTable,
    faults: readSafely((): FaultSettings => sources.faults(), { rate: 0 }),
    dynamodb: { available: readSafely(() => sources.dynamoAvailable(), true) },
    parked,
    throughput: history.throughput(THROUGHPUT_WINDOW_MS),
    history: history.rates(),
  };
}

function readSafely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** An error's message, or the value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
