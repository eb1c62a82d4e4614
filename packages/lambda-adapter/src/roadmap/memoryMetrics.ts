import { ERROR_TYPE_DIMENSION, FUNCTION_NAME_DIMENSION } from './metrics';
import type { AdapterMetricUnit, MetricsSink } from './metrics';
import { integerOption, optionsObject } from './options';

/** Default {@link MemoryMetricsOptions.maxSamples}: percentiles are computed over the last 1,000 values. */
export const DEFAULT_MEMORY_METRICS_MAX_SAMPLES = 1_000;
/** Key under which metrics recorded without a `functionName` dimension are kept. */
export const UNSCOPED_METRICS = '*';

/**
 * Options of {@link MemoryMetrics}.
 *
 * @example
 * ```ts
 * new MemoryMetrics({ maxSamples: 10_000 });
 * ```
 */
export interface MemoryMetricsOptions {
  /** Most recent values kept per function and Milliseconds metric for percentiles. Integer 1..1,000,000. Default `1_000`. */
  maxSamples?: number;
}

/**
 * Summary of one Milliseconds metric: how many values, and nearest-rank percentiles over the
 * last `maxSamples` values (`0` when there are none).
 *
 * @example
 * ```ts
 * const { count, p50, p99 }: DurationStats = memory.snapshot()['demo-persister'].durations['Duration'];
 * ```
 */
export type DurationStats = { count: number; p50: number; p99: number };

/**
 * What {@link MemoryMetrics} holds for one function.
 *
 * @example
 * ```ts
 * const { counts, errorsByType, durations }: FunctionMetrics = memory.snapshot()['demo-persister'];
 * ```
 */
export type FunctionMetrics = {
  /** Sum of every Count metric by name, e.g. `{ Invocations: 10, Errors: 2 }`. */
  counts: Record<string, number>;
  /** Sum of the Count metrics recorded with an `errorType` dimension, by error type. */
  errorsByType: Record<string, number>;
  /** Every Milliseconds metric by name, e.g. `{ Duration: { count: 10, p50: 40, p99: 120 } }`. */
  durations: Record<string, DurationStats>;
};

interface FunctionStore {
  counts: Map<string, number>;
  errorsByType: Map<string, number>;
  samples: Map<string, { count: number; values: number[]; next: number }>;
}

/** The store a {@link MemoryMetrics} and its single-metric sinks share. */
class MetricsStore {
  public readonly functions = new Map<string, FunctionStore>();

  public constructor(private readonly maxSamples: number) {}

  public record(dimensions: Record<string, string>, name: string, unit: AdapterMetricUnit, value: number): void {
    const fn = this.functionStore(dimensions[FUNCTION_NAME_DIMENSION] ?? UNSCOPED_METRICS);
    if (unit === 'Milliseconds') {
      let samples = fn.samples.get(name);
      if (samples === undefined) fn.samples.set(name, (samples = { count: 0, values: [], next: 0 }));
      samples.count += 1;
      if (samples.values.length < this.maxSamples) samples.values.push(value);
      else samples.values[samples.next] = value;
      samples.next = (samples.next + 1) % this.maxSamples;
      return;
    }
    fn.counts.set(name, (fn.counts.get(name) ?? 0) + value);
    const errorType = dimensions[ERROR_TYPE_DIMENSION];
    if (errorType !== undefined) fn.errorsByType.set(errorType, (fn.errorsByType.get(errorType) ?? 0) + value);
  }

  private functionStore(functionName: string): FunctionStore {
    let fn = this.functions.get(functionName);
    if (fn === undefined) this.functions.set(functionName, (fn = { counts: new Map(), errorsByType: new Map(), samples: new Map() }));
    return fn;
  }
}

/** What `MemoryMetrics.singleMetric()` returns: its own dimensions, forgotten after each metric. */
class SingleMemoryMetric implements MetricsSink {
  private dimensions: Record<string, string> = {};

  public constructor(private readonly store: MetricsStore) {}

  public addMetric(name: string, unit: AdapterMetricUnit, value: number): void {
    this.store.record(this.dimensions, name, unit, value);
    this.dimensions = {};
  }

  public addDimension(name: string, value: string): void {
    this.dimensions[name] = value;
  }

  public publishStoredMetrics(): void {
    this.dimensions = {};
  }

  public singleMetric(): MetricsSink {
    return new SingleMemoryMetric(this.store);
  }
}

/**
 * A {@link MetricsSink} that keeps everything in memory, per function (the `functionName`
 * dimension): counts by metric name, error counts by `errorType`, and p50/p99 of each
 * Milliseconds metric over a bounded window of recent values. For tests, and for the local
 * twin's health page. Memory is bounded by the functions and metric names seen times `maxSamples`.
 *
 * @example
 * ```ts
 * const memory = new MemoryMetrics();
 * const metrics = new AdapterMetrics(memory);
 * metrics.invocation('demo-persister');
 * metrics.duration('demo-persister', 12);
 * memory.snapshot(); // { 'demo-persister': { counts: { Invocations: 1 }, errorsByType: {}, durations: { Duration: { count: 1, p50: 12, p99: 12 } } } }
 * ```
 */
export class MemoryMetrics implements MetricsSink {
  private readonly store: MetricsStore;
  private dimensions: Record<string, string> = {};

  public constructor(options: MemoryMetricsOptions = {}) {
    const raw = optionsObject('metrics', options, ['maxSamples']);
    this.store = new MetricsStore(integerOption('metrics.maxSamples', raw['maxSamples'], DEFAULT_MEMORY_METRICS_MAX_SAMPLES, 1, 1_000_000));
  }

  /** Records `value` under the current dimensions. */
  public addMetric(name: string, unit: AdapterMetricUnit, value: number): void {
    this.store.record(this.dimensions, name, unit, value);
  }

  /** Sets a dimension for the metrics that follow (until `publishStoredMetrics()`). */
  public addDimension(name: string, value: string): void {
    this.dimensions[name] = value;
  }

  /** Metrics are recorded as they are added; this only clears the dimensions, as Powertools does. */
  public publishStoredMetrics(): void {
    this.dimensions = {};
  }

  /** A sink sharing this one's store, with dimensions of its own that last for one metric (as Powertools' `singleMetric()`). */
  public singleMetric(): MetricsSink {
    return new SingleMemoryMetric(this.store);
  }

  /**
   * The count of metric `name` for `functionName` (optionally of one `errorType` only).
   *
   * @example
   * ```ts
   * memory.count('demo-persister', 'Retries'); // 3
   * memory.count('demo-persister', 'ErrorsByType', 'TooManyRequestsException'); // 2
   * ```
   */
  public count(functionName: string, name: string, errorType?: string): number {
    const fn = this.store.functions.get(functionName);
    if (fn === undefined) return 0;
    return errorType === undefined ? (fn.counts.get(name) ?? 0) : (fn.errorsByType.get(errorType) ?? 0);
  }

  /**
   * Everything recorded, per function, as plain JSON (a fresh object each call).
   *
   * @example
   * ```ts
   * const { p50, p99 } = memory.snapshot()['demo-persister']?.durations['Duration'] ?? { p50: 0, p99: 0 };
   * ```
   */
  public snapshot(): Record<string, FunctionMetrics> {
    const result: Record<string, FunctionMetrics> = {};
    for (const [functionName, fn] of this.store.functions) {
      const durations: Record<string, DurationStats> = {};
      for (const [name, samples] of fn.samples) {
        const sorted = [...samples.values].sort((a, b) => a - b);
        durations[name] = { count: samples.count, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
      }
      result[functionName] = { counts: Object.fromEntries(fn.counts), errorsByType: Object.fromEntries(fn.errorsByType), durations };
    }
    return result;
  }

  /** Forgets everything recorded. */
  public reset(): void {
    this.store.functions.clear();
    this.dimensions = {};
  }
}

/** Nearest-rank percentile of ascending `sorted` values (`0` when empty). */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? 0;
}
