import { LambdaAdapterConfigError } from '../../../src';
import { ADAPTER_METRIC, AdapterMetrics, MemoryMetrics, UNSCOPED_METRICS } from '../../../src';
import type { MetricsSink } from '../../../src';
import { thrownBy } from './fakes';

const FN = 'demo-thermostat-1-processor';

/** A sink that records every call, to check what AdapterMetrics asks of a sink. */
function recordingSink(): MetricsSink & { calls: string[] } {
  const calls: string[] = [];
  const sink = (prefix: string): MetricsSink => ({
    addMetric: (name, unit, value) => void calls.push(`${prefix}addMetric ${name} ${unit} ${value}`),
    addDimension: (name, value) => void calls.push(`${prefix}addDimension ${name}=${value}`),
    publishStoredMetrics: () => void calls.push(`${prefix}publish`),
    singleMetric: () => sink('single.'),
  });
  return Object.assign(sink(''), { calls });
}

describe('AdapterMetrics', () => {
  it('records each event as its own single metric, with functionName (and errorType) as its only dimensions', () => {
    // Prepare
    const sink = recordingSink();
    const metrics = new AdapterMetrics(sink);

    // Act
    metrics.invocation(FN);
    metrics.error(FN, 'TooManyRequestsException');
    metrics.duration(FN, 12.5);

    // Assess
    expect(sink.calls).toEqual([
      `single.addDimension functionName=${FN}`,
      'single.addMetric Invocations Count 1',
      `single.addDimension functionName=${FN}`,
      'single.addMetric Errors Count 1',
      `single.addDimension functionName=${FN}`,
      'single.addDimension errorType=TooManyRequestsException',
      'single.addMetric ErrorsByType Count 1',
      `single.addDimension functionName=${FN}`,
      'single.addMetric Duration Milliseconds 12.5',
    ]);
  });

  it('counts every kind of event per function in a MemoryMetrics', () => {
    // Prepare
    const memory = new MemoryMetrics();
    const metrics = new AdapterMetrics(memory);

    // Act
    metrics.invocation(FN);
    metrics.invocation(FN);
    metrics.invocation('demo-persister');
    metrics.retry(FN);
    metrics.throttle(FN);
    metrics.circuitOpen(FN);
    metrics.cacheHit(FN);
    metrics.cacheMiss(FN);
    metrics.cacheMiss(FN);
    metrics.rateLimited(FN);
    metrics.error(FN, 'TooManyRequestsException');
    metrics.error(FN, 'TooManyRequestsException');
    metrics.error(FN, 'LambdaFunctionError');
    metrics.duration(FN, 30);
    metrics.duration(FN, 10);

    // Assess
    expect(memory.snapshot()).toEqual({
      [FN]: {
        counts: {
          Invocations: 2,
          Retries: 1,
          Throttles: 1,
          CircuitOpenRejections: 1,
          CacheHits: 1,
          CacheMisses: 2,
          RateLimited: 1,
          Errors: 3,
          ErrorsByType: 3,
        },
        errorsByType: { TooManyRequestsException: 2, LambdaFunctionError: 1 },
        durations: { Duration: { count: 2, p50: 10, p99: 30 } },
      },
      'demo-persister': { counts: { Invocations: 1 }, errorsByType: {}, durations: {} },
    });
    expect(memory.count(FN, ADAPTER_METRIC.errors)).toBe(3);
    expect(memory.count(FN, ADAPTER_METRIC.errorsByType, 'TooManyRequestsException')).toBe(2);
    expect(memory.count('demo-unknown', ADAPTER_METRIC.errors)).toBe(0);
  });

  it('uses Error for an empty error type and drops nonsense durations and function names', () => {
    // Prepare
    const memory = new MemoryMetrics();
    const metrics = new AdapterMetrics(memory);

    // Act
    metrics.error(FN, '');
    metrics.duration(FN, -1);
    metrics.duration(FN, Number.NaN);
    metrics.invocation('');

    // Assess
    expect(memory.snapshot()).toEqual({ [FN]: { counts: { Errors: 1, ErrorsByType: 1 }, errorsByType: { Error: 1 }, durations: {} } });
  });

  it('never lets a failing sink break the call it measures', () => {
    // Prepare
    const broken: MetricsSink = {
      addMetric: () => {
        throw new RangeError('bad metric');
      },
      addDimension: () => undefined,
      publishStoredMetrics: () => undefined,
      singleMetric: () => broken,
    };
    const metrics = new AdapterMetrics(broken);

    // Act / Assess
    expect(() => metrics.invocation(FN)).not.toThrow();
    expect(() => metrics.error(FN, 'X')).not.toThrow();
  });

  it.each<[unknown]>([[undefined], [{}], [{ addMetric: () => 1, addDimension: () => 1, publishStoredMetrics: () => 1 }]])(
    'throws LambdaAdapterConfigError naming metrics for %p',
    (sink) => {
      // Act
      const error = thrownBy(() => new AdapterMetrics(sink as MetricsSink));

      // Assess
      expect(error).toBeInstanceOf(LambdaAdapterConfigError);
      expect(error).toMatchObject({ option: 'metrics' });
    },
  );
});

describe('MemoryMetrics', () => {
  it('computes nearest-rank p50 and p99 over the recorded values', () => {
    // Prepare
    const memory = new MemoryMetrics();
    const metrics = new AdapterMetrics(memory);
    const values = Array.from({ length: 200 }, (_, i) => 200 - i); // 200..1, unordered on purpose

    // Act
    for (const value of values) metrics.duration(FN, value);

    // Assess: ranks ceil(0.5 * 200) = 100 and ceil(0.99 * 200) = 198
    expect(memory.snapshot()[FN]?.durations['Duration']).toEqual({ count: 200, p50: 100, p99: 198 });
  });

  it('keeps only the last maxSamples values for percentiles, but counts them all', () => {
    // Prepare
    const memory = new MemoryMetrics({ maxSamples: 10 });
    const metrics = new AdapterMetrics(memory);

    // Act: 100 slow calls, then 10 fast ones
    for (let i = 0; i < 100; i += 1) metrics.duration(FN, 1_000);
    for (let i = 0; i < 10; i += 1) metrics.duration(FN, 5);

    // Assess
    expect(memory.snapshot()[FN]?.durations['Duration']).toEqual({ count: 110, p50: 5, p99: 5 });
  });

  it('works as a plain sink: dimensions last until publishStoredMetrics, unscoped metrics go under *', () => {
    // Prepare
    const memory = new MemoryMetrics();

    // Act
    memory.addMetric('Startups', 'Count', 1);
    memory.addDimension('functionName', FN);
    memory.addMetric('Invocations', 'Count', 2);
    memory.addMetric('Invocations', 'Count', 3);
    memory.publishStoredMetrics();
    memory.addMetric('Invocations', 'Count', 4);

    // Assess
    expect(memory.count(FN, 'Invocations')).toBe(5);
    expect(memory.count(UNSCOPED_METRICS, 'Invocations')).toBe(4);
    expect(memory.count(UNSCOPED_METRICS, 'Startups')).toBe(1);
  });

  it('gives a single metric its own dimensions, for one metric only', () => {
    // Prepare
    const memory = new MemoryMetrics();
    memory.addDimension('functionName', 'parent-fn');
    const single = memory.singleMetric();

    // Act
    single.addDimension('functionName', FN);
    single.addMetric('Retries', 'Count', 1);
    single.addMetric('Retries', 'Count', 1);
    memory.addMetric('Retries', 'Count', 1);

    // Assess
    expect(memory.count(FN, 'Retries')).toBe(1);
    expect(memory.count(UNSCOPED_METRICS, 'Retries')).toBe(1);
    expect(memory.count('parent-fn', 'Retries')).toBe(1);
  });

  it('forgets everything on reset', () => {
    // Prepare
    const memory = new MemoryMetrics();
    new AdapterMetrics(memory).invocation(FN);

    // Act
    memory.reset();

    // Assess
    expect(memory.snapshot()).toEqual({});
  });

  it('throws LambdaAdapterConfigError naming metrics.maxSamples', () => {
    // Act / Assess
    expect(thrownBy(() => new MemoryMetrics({ maxSamples: 0 }))).toMatchObject({ option: 'metrics.maxSamples' });
    expect(thrownBy(() => new MemoryMetrics({ samples: 5 } as never))).toMatchObject({ option: 'metrics.samples' });
  });
});
