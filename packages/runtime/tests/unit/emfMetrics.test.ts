import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { LambdaAdapter, type MetricsSink } from '@twinflow/lambda-adapter';
import { EmfMetrics, METRICS_NAMESPACE, serviceMetrics } from '../../src';

/** What Powertools' `singleMetric()` writes for one metric with `dimensions`, captured from stdout. */
function powertoolsLine(serviceName: string, dimensions: Array<[string, string]>, name: string, unit: 'Count' | 'Milliseconds', value: number): Record<string, unknown> {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    const metric = new Metrics({ namespace: METRICS_NAMESPACE, serviceName }).singleMetric();
    for (const [key, dimensionValue] of dimensions) metric.addDimension(key, dimensionValue);
    metric.addMetric(name, unit === 'Count' ? MetricUnit.Count : MetricUnit.Milliseconds, value);
  } finally {
    spy.mockRestore();
  }
  const emf = lines.filter((line) => line.includes('"_aws"'));
  expect(emf).toHaveLength(1);
  return JSON.parse(emf[0] as string) as Record<string, unknown>;
}

function ownLines(sink: (write: (line: string) => void) => void): Array<Record<string, unknown>> {
  const lines: string[] = [];
  sink((line) => lines.push(line));
  for (const line of lines) expect(line.endsWith('\n')).toBe(true);
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The line without its clock. */
function withoutTimestamp(line: Record<string, unknown>): Record<string, unknown> {
  const aws = line['_aws'] as Record<string, unknown>;
  expect(typeof aws['Timestamp']).toBe('number');
  const { Timestamp: _ignored, ...rest } = aws;
  return { ...line, _aws: rest };
}

describe('EmfMetrics', () => {
  it.each([
    ['a count with one dimension', [['functionName', 'demo-processor-wrapper']], 'Invocations', 'Count', 1],
    ['a duration', [['functionName', 'demo-persister']], 'Duration', 'Milliseconds', 12.5],
    ['a count with two dimensions', [['functionName', 'demo-persister'], ['errorType', 'TooManyRequestsException']], 'ErrorsByType', 'Count', 1],
  ] as Array<[string, Array<[string, string]>, string, 'Count' | 'Milliseconds', number]>)('writes the line Powertools writes for %s', (_case, dimensions, name, unit, value) => {
    const [own] = ownLines((write) => {
      const metric = new EmfMetrics(METRICS_NAMESPACE, 'demo-dispatcher', write, {}).singleMetric();
      for (const [key, dimensionValue] of dimensions) metric.addDimension(key, dimensionValue);
      metric.addMetric(name, unit, value);
    });
    expect(withoutTimestamp(own as Record<string, unknown>)).toEqual(withoutTimestamp(powertoolsLine('demo-dispatcher', dimensions, name, unit, value)));
  });

  it("forgets a single metric's dimensions after it is written", () => {
    const lines = ownLines((write) => {
      const metric = new EmfMetrics('ns', 'svc', write, {}).singleMetric();
      metric.addDimension('functionName', 'a');
      metric.addMetric('Invocations', 'Count', 1);
      metric.addMetric('Retries', 'Count', 1);
    });
    expect(lines.map((line) => [line['functionName'], (line['_aws'] as { CloudWatchMetrics: Array<{ Dimensions: string[][] }> }).CloudWatchMetrics[0]?.Dimensions])).toEqual([
      ['a', [['service', 'functionName']]],
      [undefined, [['service']]],
    ]);
  });

  it('writes nothing when POWERTOOLS_METRICS_DISABLED is true, its single metrics included', () => {
    const lines = ownLines((write) => {
      const sink = new EmfMetrics('ns', 'svc', write, { POWERTOOLS_METRICS_DISABLED: 'TRUE' });
      sink.addMetric('Invocations', 'Count', 1);
      sink.singleMetric().addMetric('Invocations', 'Count', 1);
    });
    expect(lines).toEqual([]);
  });

  it("is what the adapter records on: one line per metric of a call, the service's name as `service`", async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const sink: MetricsSink = serviceMetrics('demo-dispatcher');
      const adapter = new LambdaAdapter({ functionName: 'demo-processor-wrapper', metrics: sink, client: { send: async () => ({ StatusCode: 202 }) } as never });
      await adapter.invoke({ a: 1 }, { invocationType: 'Event' });
    } finally {
      spy.mockRestore();
    }
    const emf = lines.filter((line) => line.startsWith('{"_aws"')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(emf.map((line) => [line['service'], line['functionName']])).toEqual(emf.map(() => ['demo-dispatcher', 'demo-processor-wrapper']));
    expect(emf.some((line) => line['Invocations'] === 1)).toBe(true);
  });
});
