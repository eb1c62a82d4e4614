// The console's tables: counts, each function's report component by component, the adapters'
// metrics, throughput and latency per device, the newest readings.
import { COUNT_LABELS, count, esc, milliseconds, perSecond, percent } from './format';
import type { ConsoleDocument, DeviceThroughput, FunctionHealth, FunctionMetrics, StoredReading, TwinCounts } from './sources';
import { isUnreachable, shownStatus } from './status';

const cell = (value: string, cls?: string): string => `<td${cls ? ` class="${esc(cls)}"` : ''}>${esc(value)}</td>`;
const head = (labels: readonly string[]): string => `<thead><tr>${labels.map((l) => `<th>${esc(l)}</th>`).join('')}</tr></thead>`;

/** The ledger's counts as labelled figures, each `<b data-count="<key>">`. */
export function renderCounts(counts: TwinCounts): string {
  const figures = counts as Record<string, number | null | undefined>;
  return COUNT_LABELS.map(([key, label]) => `<span>${esc(label)}: <b data-count="${esc(key)}">${esc(count(figures[key]))}</b></span>`).join('');
}

/** Header cells of {@link functionRows}. */
export const FUNCTION_COLUMNS = ['function', 'component', 'status', 'its report says', 'circuit', 'calls', 'failed calls', 'error rate (all calls)', 'error rate (recent calls)', 'last error'] as const;

/**
 * One row per component of each function's health report (`data-function` the reporting
 * function): the status the console shows ({@link shownStatus}), the report's own words, the
 * circuit, the calls and both error rates as percentages. An unreachable function is one row.
 */
export function functionRows(functions: Record<string, FunctionHealth>): string[] {
  const rows: string[] = [];
  for (const [fn, report] of Object.entries(functions)) {
    if (isUnreachable(report)) {
      rows.push(`<tr data-function="${esc(fn)}">${cell(fn)}${cell(fn)}${cell('unreachable', 'status-unreachable')}${cell('')}${cell('')}${cell('')}${cell('')}${cell('')}${cell('')}${cell(report.error)}</tr>`);
      continue;
    }
    for (const [name, s] of Object.entries(report.components)) {
      const shown = shownStatus(s);
      rows.push(
        `<tr data-function="${esc(fn)}" data-component="${esc(name)}">${cell(fn)}${cell(name)}${cell(shown, `status-${shown}`)}${cell(s.status)}` +
          `${cell(s.circuit, `circuit-${s.circuit}`)}${cell(count(s.totalRequests))}${cell(count(s.totalFailures))}${cell(percent(s.errorRate))}` +
          `${cell(percent(s.windowErrorRate))}${cell(s.lastError ? `${s.lastError.type}: ${s.lastError.message}` : '')}</tr>`,
      );
    }
  }
  return rows;
}

/** Header cells of {@link metricRows}. */
export const METRIC_COLUMNS = ['function', 'called by', 'calls', 'errors', 'error rate', 'retries', 'throttled', 'refused (circuit open)', 'latency p50', 'latency p99'] as const;

/** One row per function the adapters called (`data-metrics` its name), from the EMF metrics. */
export function metricRows(metrics: Record<string, FunctionMetrics> | undefined): string[] {
  return Object.entries(metrics ?? {}).map(
    ([name, m]) =>
      `<tr data-metrics="${esc(name)}">${cell(name)}${cell((m.recordedBy ?? []).join(', '))}${cell(count(m.invocations))}${cell(count(m.errors))}` +
      `${cell(percent(m.errorRate))}${cell(count(m.retries))}${cell(count(m.throttles))}${cell(count(m.circuitOpen))}` +
      `${cell(milliseconds(m.duration?.p50))}${cell(milliseconds(m.duration?.p99))}</tr>`,
  );
}

/** Header cells of {@link throughputRows}. */
export const THROUGHPUT_COLUMNS = ['device', 'processor', 'stored per second', 'parked per second', 'stored', 'parked', 'processor latency p50', 'processor latency p99'] as const;

/**
 * One row per device (`data-device`): readings stored and parked per second over the
 * throughput window, totals, and its processor's p50/p99 call duration.
 */
export function throughputRows(doc: Pick<ConsoleDocument, 'functionNames' | 'metrics'>, throughput: DeviceThroughput[]): string[] {
  const devices = new Set([...Object.keys(doc.functionNames.processors), ...throughput.map((t) => t.device)]);
  const byDevice = new Map(throughput.map((t) => [t.device, t]));
  return [...devices].sort().map((device) => {
    const t = byDevice.get(device) ?? { device, storedPerSecond: 0, parkedPerSecond: 0, stored: 0, parked: 0 };
    const fn = doc.functionNames.processors[device] ?? '';
    const duration = doc.metrics[fn]?.duration;
    return (
      `<tr data-device="${esc(device)}">${cell(device)}${cell(fn)}${cell(perSecond(t.storedPerSecond))}${cell(perSecond(t.parkedPerSecond))}` +
      `${cell(count(t.stored))}${cell(count(t.parked))}${cell(milliseconds(duration?.p50))}${cell(milliseconds(duration?.p99))}</tr>`
    );
  });
}

/** One `tr.reading` per stored reading, newest first. */
export function readingRows(readings: StoredReading[]): string[] {
  return readings.map(
    (r) => `<tr class="reading">${cell(r.device_id)}${cell(r.timestamp)}<td><code>${esc(JSON.stringify(r.data ?? {}))}</code></td>${cell(r.processed_at ?? '')}</tr>`,
  );
}

/** A table with its header and rows, or the `empty` sentence in its place when it has none. */
export function table(id: string, columns: readonly string[], rows: string[], empty: string): string {
  const body = rows.length === 0 ? `<tr class="empty"><td colspan="${columns.length}">${esc(empty)}</td></tr>` : rows.join('');
  return `<table id="${esc(id)}">${head(columns)}<tbody>${body}</tbody></table>`;
}
