import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { AdapterMetrics } from '../../../src';
import type { MetricsSink } from '../../../src';

// Type-level: Powertools' Metrics satisfies MetricsSink structurally (checked by the typecheck target).
const typeCheck = (): MetricsSink => new Metrics({ namespace: 'x' });
// @ts-expect-error a sink without singleMetric() is not a MetricsSink
const notASink: MetricsSink = { addMetric: () => undefined, addDimension: () => undefined, publishStoredMetrics: () => undefined };

interface EmfLine {
  _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

const FN = 'demo-thermostat-1-processor';

describe('AdapterMetrics on Powertools Metrics', () => {
  const POWERTOOLS_ENV = ['POWERTOOLS_DEV', 'POWERTOOLS_METRICS_DISABLED', 'POWERTOOLS_METRICS_NAMESPACE'] as const;
  const saved = Object.fromEntries(POWERTOOLS_ENV.map((key) => [key, process.env[key]]));
  let stdout: string[];
  let warnings: string[];

  beforeEach(() => {
    // Powertools emits nothing in dev mode or when disabled; make sure neither is on.
    for (const key of POWERTOOLS_ENV) delete process.env[key];
    stdout = [];
    warnings = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  });

  afterEach(() => {
    for (const key of POWERTOOLS_ENV) {
      const value = saved[key];
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const emf = (): EmfLine[] =>
    stdout
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as EmfLine);

  const powertools = (): Metrics =>
    new Metrics({
      namespace: 'twinflow',
      serviceName: 'wrapper',
      logger: { debug: () => undefined, info: () => undefined, warn: (...args: unknown[]) => void warnings.push(String(args[0])), error: () => undefined },
    });

  it('compiles a Powertools Metrics as a MetricsSink', () => {
    // Assess
    expect(typeCheck()).toBeInstanceOf(Metrics);
    expect(typeof notASink.addMetric).toBe('function');
  });

  it('writes one EMF document per event, each with only service, functionName (and errorType) as dimensions', () => {
    // Prepare
    const metrics = new AdapterMetrics(powertools());

    // Act
    metrics.invocation(FN);
    metrics.error(FN, 'TooManyRequestsException');
    metrics.duration(FN, 42);

    // Assess
    const lines = emf();
    expect(lines).toHaveLength(4);
    const summary = lines.map((line) => {
      const [directive] = line._aws.CloudWatchMetrics;
      const metric = directive?.Metrics[0];
      return {
        namespace: directive?.Namespace,
        dimensions: directive?.Dimensions,
        metric: metric?.Name,
        unit: metric?.Unit,
        value: metric === undefined ? undefined : line[metric.Name],
        functionName: line['functionName'],
        errorType: line['errorType'],
        service: line['service'],
      };
    });
    expect(summary).toEqual([
      { namespace: 'twinflow', dimensions: [['service', 'functionName']], metric: 'Invocations', unit: 'Count', value: 1, functionName: FN, errorType: undefined, service: 'wrapper' },
      { namespace: 'twinflow', dimensions: [['service', 'functionName']], metric: 'Errors', unit: 'Count', value: 1, functionName: FN, errorType: undefined, service: 'wrapper' },
      {
        namespace: 'twinflow',
        dimensions: [['service', 'functionName', 'errorType']],
        metric: 'ErrorsByType',
        unit: 'Count',
        value: 1,
        functionName: FN,
        errorType: 'TooManyRequestsException',
        service: 'wrapper',
      },
      { namespace: 'twinflow', dimensions: [['service', 'functionName']], metric: 'Duration', unit: MetricUnit.Milliseconds, value: 42, functionName: FN, errorType: undefined, service: 'wrapper' },
    ]);
    expect(warnings).toEqual([]);
  });

  it("leaves the caller's own stored metrics and dimensions alone", () => {
    // Prepare
    const sink = powertools();
    sink.addDimension('deviceType', 'thermostat');
    sink.addMetric('ReadingsProcessed', MetricUnit.Count, 3);
    const metrics = new AdapterMetrics(sink);

    // Act
    metrics.invocation('demo-a-processor');
    metrics.invocation('demo-b-processor');
    sink.publishStoredMetrics();

    // Assess
    const lines = emf();
    expect(lines.map((line) => line['functionName'] ?? line['deviceType'])).toEqual(['demo-a-processor', 'demo-b-processor', 'thermostat']);
    expect(lines[2]?.['ReadingsProcessed']).toBe(3);
    expect(lines[2]?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'deviceType']]);
    expect(warnings).toEqual([]);
  });
});
