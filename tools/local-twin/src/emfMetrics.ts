// The adapters' metrics for the health page. Every service records them through Powertools
// Metrics, which prints each one as a CloudWatch EMF document on its own stdout line; inside
// serverless-offline that stdout is the twin's offline.log. This module follows that log and sums
// the documents per `functionName` dimension, as CloudWatch would per metric and dimension.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { ADAPTER_METRIC, ERROR_TYPE_DIMENSION, FUNCTION_NAME_DIMENSION } from '@twinflow/lambda-adapter';

/** The adapter's CloudWatch metric names (its ADAPTER_METRIC) → the key the health page shows the count under. */
export const COUNT_KEYS = {
  [ADAPTER_METRIC.invocations]: 'invocations',
  [ADAPTER_METRIC.errors]: 'errors',
  [ADAPTER_METRIC.retries]: 'retries',
  [ADAPTER_METRIC.throttles]: 'throttles',
  [ADAPTER_METRIC.circuitOpenRejections]: 'circuitOpen',
  [ADAPTER_METRIC.cacheHits]: 'cacheHits',
  [ADAPTER_METRIC.cacheMisses]: 'cacheMisses',
  [ADAPTER_METRIC.rateLimited]: 'rateLimited',
} as const;
/** Counted per error type (dimension `errorType`), not among the counts. */
export const ERRORS_BY_TYPE = ADAPTER_METRIC.errorsByType;
/** The Milliseconds metric the page shows p50/p99 of. */
export const DURATION = ADAPTER_METRIC.duration;
/** Durations kept per function for the percentiles: the most recent ones. */
export const DEFAULT_MAX_SAMPLES = 1_000;
/** A line longer than this without a newline is not EMF: dropped rather than buffered. */
const MAX_LINE_BYTES = 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

/** A key the health page shows a count under (`invocations`, `errors`...). */
export type CountKey = (typeof COUNT_KEYS)[keyof typeof COUNT_KEYS];
/** Nearest-rank percentiles of the recent durations, and how many durations were recorded in all. */
export type DurationFigures = { count: number; p50: number; p99: number };
/** One function's figures, as the health page shows them. */
export type FunctionMetrics = Record<CountKey, number> & {
  /** errors / invocations, 4 decimals (0 without invocations). */
  errorRate: number;
  errorsByType: Record<string, number>;
  duration: DurationFigures;
  /** The services (`service` dimension) that recorded them, sorted. */
  recordedBy: string[];
};
/** Per function name, sorted by name. */
export type EmfSnapshot = Record<string, FunctionMetrics>;
/** A CloudWatch EMF document: `_aws.CloudWatchMetrics` directives, dimensions and values at the top level. */
export type EmfDocument = { _aws: { CloudWatchMetrics: unknown[] }; [field: string]: unknown };

/** Sums EMF documents; see {@link createEmfAggregator}. */
export interface EmfAggregator {
  /** Adds one EMF document; returns whether it held an adapter metric. */
  addDocument(doc: EmfDocument): boolean;
  /** Adds the EMF document on `line`, if it is one; returns whether it held an adapter metric. */
  addLine(line: string): boolean;
  /** Per function, sorted by name: the figures the health page shows. A fresh object each call. */
  snapshot(): EmfSnapshot;
}

/** A followed log; see {@link followEmfLog}. */
export interface EmfLogFollower {
  /** Reads what was appended since the last read; returns the bytes read. */
  read(): number;
  /** Reads, then the aggregator's snapshot. */
  snapshot(): EmfSnapshot;
}

/**
 * The EMF document on `line`, or `undefined` when the line is something else (a log line, a
 * serverless-offline message, half a line): a JSON object with `_aws.CloudWatchMetrics` an array.
 */
export function parseEmfLine(line: string): EmfDocument | undefined {
  if (!line.includes('"_aws"')) return undefined;
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const aws = isObject(doc) ? doc['_aws'] : undefined;
  return isObject(aws) && Array.isArray(aws['CloudWatchMetrics']) ? (doc as EmfDocument) : undefined;
}

type Samples = { count: number; values: number[]; next: number };
type FunctionEntry = { counts: Record<string, number>; errorsByType: Record<string, number>; services: Set<string>; durations: Samples };

/**
 * Sums EMF documents per `functionName` dimension: counts by metric, errors by `errorType`, and
 * p50/p99 (nearest rank) of `Duration` over the last `maxSamples` values. Documents without a
 * `functionName` are not the adapters' and are skipped. Memory: functions seen × `maxSamples`.
 *
 * @example
 * ```ts
 * const emf = createEmfAggregator();
 * for (const line of log.split('\n')) emf.addLine(line);
 * emf.snapshot()['demo-thermostat-1-processor']?.duration.p99;
 * ```
 */
export function createEmfAggregator({ maxSamples = DEFAULT_MAX_SAMPLES }: { maxSamples?: number } = {}): EmfAggregator {
  const functions = new Map<string, FunctionEntry>();
  const entry = (name: string): FunctionEntry => {
    let fn = functions.get(name);
    if (fn === undefined) functions.set(name, (fn = { counts: {}, errorsByType: {}, services: new Set(), durations: { count: 0, values: [], next: 0 } }));
    return fn;
  };
  const addDuration = (fn: FunctionEntry, value: number): void => {
    const samples = fn.durations;
    samples.count += 1;
    if (samples.values.length < maxSamples) samples.values.push(value);
    else samples.values[samples.next] = value;
    samples.next = (samples.next + 1) % maxSamples;
  };

  function addDocument(doc: EmfDocument): boolean {
    const functionName = doc[FUNCTION_NAME_DIMENSION];
    if (typeof functionName !== 'string' || functionName === '') return false;
    const fn = entry(functionName);
    if (typeof doc['service'] === 'string') fn.services.add(doc['service']);
    for (const directive of doc._aws.CloudWatchMetrics) {
      const metrics = isObject(directive) && Array.isArray(directive['Metrics']) ? (directive['Metrics'] as unknown[]) : [];
      for (const metric of metrics) {
        if (!isObject(metric) || typeof metric['Name'] !== 'string') continue;
        const name = metric['Name'];
        // EMF allows a value or an array of values per metric.
        const values = [doc[name]].flat().filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
        for (const value of values) {
          if (metric['Unit'] === 'Milliseconds') {
            if (name === DURATION) addDuration(fn, value);
          } else if (name === ERRORS_BY_TYPE) {
            const type = typeof doc[ERROR_TYPE_DIMENSION] === 'string' ? doc[ERROR_TYPE_DIMENSION] : 'Error';
            fn.errorsByType[type] = (fn.errorsByType[type] ?? 0) + value;
          } else {
            fn.counts[name] = (fn.counts[name] ?? 0) + value;
          }
        }
      }
    }
    return true;
  }

  function snapshot(): EmfSnapshot {
    const result: EmfSnapshot = {};
    for (const [name, fn] of [...functions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const counts = Object.fromEntries(Object.entries(COUNT_KEYS).map(([metric, key]) => [key, fn.counts[metric] ?? 0])) as Record<CountKey, number>;
      const sorted = [...fn.durations.values].sort((a, b) => a - b);
      result[name] = {
        ...counts,
        errorRate: counts.invocations > 0 ? Math.round((counts.errors / counts.invocations) * 10_000) / 10_000 : 0,
        errorsByType: { ...fn.errorsByType },
        duration: { count: fn.durations.count, p50: percentile(sorted, 50), p99: percentile(sorted, 99) },
        recordedBy: [...fn.services].sort(),
      };
    }
    return result;
  }

  function addLine(line: string): boolean {
    const doc = parseEmfLine(line);
    return doc !== undefined && addDocument(doc);
  }

  return { addDocument, addLine, snapshot };
}

/**
 * Follows `file` (the offline log): each `read()` takes what was appended since the last one,
 * whole lines only (a line still being written waits for the next read), and feeds the EMF
 * documents to `aggregator`. A file that shrank (a new run) is read again from the start; a
 * missing file reads as empty. `snapshot()` reads first. Reads only when asked: nothing runs in
 * the background.
 */
export function followEmfLog(file: string, aggregator: EmfAggregator = createEmfAggregator()): EmfLogFollower {
  let offset = 0;
  let partial = '';
  let decoder = new StringDecoder('utf8');
  const lines = (text: string): void => {
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    if (partial.length > MAX_LINE_BYTES) partial = '';
    for (const line of parts) aggregator.addLine(line);
  };

  function read(): number {
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return 0;
    }
    if (size < offset) {
      offset = 0;
      partial = '';
      decoder = new StringDecoder('utf8');
    }
    if (size === offset) return 0;
    const start = offset;
    const fd = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(CHUNK_BYTES, size - offset));
      while (offset < size) {
        const n = readSync(fd, buffer, 0, Math.min(buffer.length, size - offset), offset);
        if (n === 0) break;
        offset += n;
        lines(decoder.write(buffer.subarray(0, n)));
      }
    } finally {
      closeSync(fd);
    }
    return offset - start;
  }

  return {
    read,
    snapshot: () => {
      read();
      return aggregator.snapshot();
    },
  };
}

/** Nearest-rank percentile of ascending `sorted` values (`0` when empty), as MemoryMetrics computes it. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] ?? 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
