// The adapters' metrics for the health page. Every service records them through Powertools
// Metrics, which prints each one as a CloudWatch EMF document on its own stdout line; inside
// serverless-offline that stdout is the twin's offline.log. This module follows that log and sums
// the documents per `functionName` dimension, as CloudWatch would per metric and dimension.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * The adapter's CloudWatch metric names (ADAPTER_METRIC in packages/lambda-adapter, checked
 * against it by tests/unit/emfMetrics.test.ts) → the key the health page shows the count under.
 */
export const COUNT_KEYS = {
  Invocations: 'invocations',
  Errors: 'errors',
  Retries: 'retries',
  Throttles: 'throttles',
  CircuitOpenRejections: 'circuitOpen',
  CacheHits: 'cacheHits',
  CacheMisses: 'cacheMisses',
  RateLimited: 'rateLimited',
};
/** Counted per error type (dimension `errorType`), not among the counts. */
export const ERRORS_BY_TYPE = 'ErrorsByType';
/** The Milliseconds metric the page shows p50/p99 of. */
export const DURATION = 'Duration';
/** Durations kept per function for the percentiles: the most recent ones. */
export const DEFAULT_MAX_SAMPLES = 1_000;
/** A line longer than this without a newline is not EMF: dropped rather than buffered. */
const MAX_LINE_BYTES = 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

/**
 * The EMF document on `line`, or `undefined` when the line is something else (a log line, a
 * serverless-offline message, half a line): a JSON object with `_aws.CloudWatchMetrics` an array.
 */
export function parseEmfLine(line) {
  if (!line.includes('"_aws"')) return undefined;
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const directives = doc?._aws?.CloudWatchMetrics;
  return Array.isArray(directives) ? doc : undefined;
}

/**
 * Sums EMF documents per `functionName` dimension: counts by metric, errors by `errorType`, and
 * p50/p99 (nearest rank) of `Duration` over the last `maxSamples` values. Documents without a
 * `functionName` are not the adapters' and are skipped. Memory: functions seen × `maxSamples`.
 */
export function createEmfAggregator({ maxSamples = DEFAULT_MAX_SAMPLES } = {}) {
  const functions = new Map();
  const entry = (name) => {
    let fn = functions.get(name);
    if (fn === undefined) functions.set(name, (fn = { counts: {}, errorsByType: {}, services: new Set(), durations: { count: 0, values: [], next: 0 } }));
    return fn;
  };
  const addDuration = (fn, value) => {
    const samples = fn.durations;
    samples.count += 1;
    if (samples.values.length < maxSamples) samples.values.push(value);
    else samples.values[samples.next] = value;
    samples.next = (samples.next + 1) % maxSamples;
  };

  /** Adds one EMF document; returns whether it held an adapter metric. */
  function addDocument(doc) {
    const functionName = doc.functionName;
    if (typeof functionName !== 'string' || functionName === '') return false;
    const fn = entry(functionName);
    if (typeof doc.service === 'string') fn.services.add(doc.service);
    for (const directive of doc._aws.CloudWatchMetrics) {
      for (const { Name: name, Unit: unit } of Array.isArray(directive?.Metrics) ? directive.Metrics : []) {
        // EMF allows a value or an array of values per metric.
        const values = [doc[name]].flat().filter((v) => typeof v === 'number' && Number.isFinite(v));
        for (const value of values) {
          if (unit === 'Milliseconds') {
            if (name === DURATION) addDuration(fn, value);
          } else if (name === ERRORS_BY_TYPE) {
            const type = typeof doc.errorType === 'string' ? doc.errorType : 'Error';
            fn.errorsByType[type] = (fn.errorsByType[type] ?? 0) + value;
          } else {
            fn.counts[name] = (fn.counts[name] ?? 0) + value;
          }
        }
      }
    }
    return true;
  }

  /** Per function, sorted by name: the figures the health page shows. A fresh object each call. */
  function snapshot() {
    const result = {};
    for (const name of [...functions.keys()].sort()) {
      const fn = functions.get(name);
      const counts = Object.fromEntries(Object.entries(COUNT_KEYS).map(([metric, key]) => [key, fn.counts[metric] ?? 0]));
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

  /** Adds the EMF document on `line`, if it is one; returns whether it held an adapter metric. */
  function addLine(line) {
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
export function followEmfLog(file, aggregator = createEmfAggregator()) {
  let offset = 0;
  let partial = '';
  let decoder = new StringDecoder('utf8');
  const lines = (text) => {
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    if (partial.length > MAX_LINE_BYTES) partial = '';
    for (const line of parts) aggregator.addLine(line);
  };

  function read() {
    let size;
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
function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] ?? 0;
}
