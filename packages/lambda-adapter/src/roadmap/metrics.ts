import { invalidOption } from './options';

/** Units the adapter records in. */
export type AdapterMetricUnit = 'Count' | 'Milliseconds';

/**
 * Where metrics go. Powertools' `Metrics` (`@aws-lambda-powertools/metrics`) has this shape, so
 * it can be passed as is; {@link MemoryMetrics} keeps them in memory (tests, the local twin).
 * `singleMetric()` must return a sink that publishes each metric as it is added, with its own
 * dimensions (as Powertools' does).
 *
 * @example
 * ```ts
 * import { Metrics } from '@aws-lambda-powertools/metrics';
 * const sink: MetricsSink = new Metrics({ namespace: 'twinflow', serviceName: 'wrapper' });
 * ```
 */
export interface MetricsSink {
  addMetric(name: string, unit: AdapterMetricUnit, value: number): void;
  addDimension(name: string, value: string): void;
  publishStoredMetrics(): void;
  singleMetric(): MetricsSink;
}

/** Names of the metrics {@link AdapterMetrics} records (CloudWatch metric names). */
export const ADAPTER_METRIC = {
  invocations: 'Invocations',
  errors: 'Errors',
  errorsByType: 'ErrorsByType',
  retries: 'Retries',
  throttles: 'Throttles',
  circuitOpenRejections: 'CircuitOpenRejections',
  cacheHits: 'CacheHits',
  cacheMisses: 'CacheMisses',
  rateLimited: 'RateLimited',
  duration: 'Duration',
} as const;

/** Dimension naming the function on every adapter metric. */
export const FUNCTION_NAME_DIMENSION = 'functionName';
/** Dimension naming the error class on `ErrorsByType`. */
export const ERROR_TYPE_DIMENSION = 'errorType';

/** Longest dimension value CloudWatch accepts. */
const MAX_DIMENSION_VALUE_LENGTH = 1024;

/**
 * Records what the adapter does, per function, on a {@link MetricsSink}: `Invocations`,
 * `Errors` (dimension `functionName`, for alarms) and `ErrorsByType` (dimensions `functionName`
 * and `errorType`, the error's class name such as `TooManyRequestsException`), `Retries`,
 * `Throttles`, `CircuitOpenRejections`, `CacheHits`, `CacheMisses`, `RateLimited` (Count) and
 * `Duration` (Milliseconds).
 *
 * Each metric goes out at once through `sink.singleMetric()`, so it carries only its own
 * dimensions (the sink's defaults, such as Powertools' `service`, plus one or two of ours: far
 * below CloudWatch's 30 per metric), functions never overwrite each other's `functionName`, the
 * caller's own stored metrics are left alone, and nothing is lost if Lambda freezes or ends the
 * process. `errorType` takes class names only, never messages, so its values stay few.
 * A sink that throws never breaks the call being measured: the error is swallowed.
 *
 * @example
 * ```ts
 * const metrics = new AdapterMetrics(new Metrics({ namespace: 'twinflow', serviceName: 'wrapper' }));
 * metrics.invocation('demo-thermostat-1-processor');
 * metrics.duration('demo-thermostat-1-processor', 42);
 * metrics.error('demo-thermostat-1-processor', 'TooManyRequestsException');
 * ```
 */
export class AdapterMetrics {
  private readonly sink: MetricsSink;

  public constructor(sink: MetricsSink) {
    if (!isMetricsSink(sink)) {
      throw invalidOption('metrics', 'must be a MetricsSink (addMetric, addDimension, publishStoredMetrics, singleMetric), e.g. a Powertools Metrics', sink);
    }
    this.sink = sink;
  }

  /** One invocation of `functionName` (counted once per call, however many attempts). */
  public invocation(functionName: string): void {
    this.count(functionName, ADAPTER_METRIC.invocations);
  }

  /**
   * A failed call: `Errors` for the function and `ErrorsByType` for the function and `errorType`.
   *
   * @example
   * ```ts
   * metrics.error(adapter.functionName, err instanceof Error ? err.name : 'Error');
   * ```
   */
  public error(functionName: string, errorType: string): void {
    this.count(functionName, ADAPTER_METRIC.errors);
    const type = typeof errorType === 'string' && errorType !== '' ? errorType.slice(0, MAX_DIMENSION_VALUE_LENGTH) : 'Error';
    this.emit(functionName, ADAPTER_METRIC.errorsByType, 'Count', 1, type);
  }

  /** One retry (an attempt after the first). */
  public retry(functionName: string): void {
    this.count(functionName, ADAPTER_METRIC.retries);
  }

  /** One throttled attempt (`TooManyRequestsException` and the like). */
  public throttle(functionName: string): void {
    this.count(functionName, ADAPTER_METRIC.throttles);
  }

  /** One call refused because the circuit was open. */
  public circuitOpen(functionName: string): void {
    this.count(functionName, ADAPTER_METRIC.circuitOpenRejections);
  }

  /** One call answered from the response cache. */
  public cacheHit(functionName: string): void {
    this.count(functionName, ADAPTER_METRIC.cacheHits);
  }

  /** One cacheable call that had to go to Lambda. */
  public cacheMiss(functionName: string): void {
    this.count(functionName, ADAPTER_METRIC.cacheMisses);
  }

  /** One call refused by the rate limiter. */
  public rateLimited(functionName: string): void {
    this.count(functionName, ADAPTER_METRIC.rateLimited);
  }

  /**
   * How long a call took, retries and waits included, in ms.
   *
   * @example
   * ```ts
   * const startedAt = clock.now();
   * try { return await adapter.invoke(payload); } finally { metrics.duration(adapter.functionName, clock.now() - startedAt); }
   * ```
   */
  public duration(functionName: string, ms: number): void {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return;
    this.emit(functionName, ADAPTER_METRIC.duration, 'Milliseconds', ms, undefined);
  }

  private count(functionName: string, name: string): void {
    this.emit(functionName, name, 'Count', 1, undefined);
  }

  private emit(functionName: string, name: string, unit: AdapterMetricUnit, value: number, errorType: string | undefined): void {
    if (typeof functionName !== 'string' || functionName === '') return;
    try {
      const metric = this.sink.singleMetric();
      metric.addDimension(FUNCTION_NAME_DIMENSION, functionName.slice(0, MAX_DIMENSION_VALUE_LENGTH));
      if (errorType !== undefined) metric.addDimension(ERROR_TYPE_DIMENSION, errorType);
      metric.addMetric(name, unit, value);
    } catch {
      // Metrics must never break the call path they measure.
    }
  }
}

function isMetricsSink(value: unknown): value is MetricsSink {
  if (typeof value !== 'object' || value === null) return false;
  const sink = value as Record<string, unknown>;
  return ['addMetric', 'addDimension', 'publishStoredMetrics', 'singleMetric'].every((method) => typeof sink[method] === 'function');
}
