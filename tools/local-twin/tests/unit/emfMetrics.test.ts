import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { ADAPTER_METRIC, AdapterMetrics } from '@twinflow/lambda-adapter';
import { COUNT_KEYS, DURATION, ERRORS_BY_TYPE, createEmfAggregator, followEmfLog, type EmfSnapshot } from '../../src/emfMetrics';

const aggregate = (lines: string[], options?: { maxSamples: number }): EmfSnapshot => {
  const aggregator = createEmfAggregator(options);
  for (const line of lines) aggregator.addLine(line);
  return aggregator.snapshot();
};

/** A followed log file in a temporary directory, appended to / rewritten step by step, with a snapshot where asked. */
function follow(steps: Array<{ append: string } | { write: string } | 'snapshot'>): EmfSnapshot[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'twinflow-emf-'));
  const file = path.join(dir, 'offline.log');
  try {
    const follower = followEmfLog(file);
    const snapshots: EmfSnapshot[] = [];
    for (const step of steps) {
      if (step === 'snapshot') snapshots.push(follower.snapshot());
      else if ('append' in step) appendFileSync(file, step.append);
      else writeFileSync(file, step.write);
    }
    return snapshots;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the services print: the lines a Powertools `Metrics` writes to stdout while `record` runs. */
function powertoolsLines(serviceName: string, record: (metrics: AdapterMetrics) => void): string[] {
  const saved = { dev: process.env['POWERTOOLS_DEV'], disabled: process.env['POWERTOOLS_METRICS_DISABLED'] };
  delete process.env['POWERTOOLS_DEV'];
  delete process.env['POWERTOOLS_METRICS_DISABLED'];
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    record(new AdapterMetrics(new Metrics({ namespace: 'twinflow', serviceName })));
  } finally {
    spy.mockRestore();
    if (saved.dev !== undefined) process.env['POWERTOOLS_DEV'] = saved.dev;
    if (saved.disabled !== undefined) process.env['POWERTOOLS_METRICS_DISABLED'] = saved.disabled;
  }
  return written.join('').split('\n').filter((line) => line !== '');
}

/** One EMF document as Powertools prints it. */
function emf(functionName: string, name: string, value: number, unit = 'Count', extra: Record<string, string> = {}): string {
  const dimensions = ['service', 'functionName', ...Object.keys(extra)];
  return JSON.stringify({
    _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: 'twinflow', Dimensions: [dimensions], Metrics: [{ Name: name, Unit: unit }] }] },
    service: 'demo-processor-wrapper',
    functionName,
    ...extra,
    [name]: value,
  });
}

const PROCESSOR = 'demo-thermostat-1-processor';
const PERSISTER = 'demo-persister';

describe('emfMetrics', () => {
  it("sums what the adapter records through Powertools per functionName (every adapter metric, by its CloudWatch name)", () => {
    // Prepare
    const lines = powertoolsLines('demo-processor-wrapper', (metrics) => {
      for (let i = 0; i < 4; i += 1) metrics.invocation(PROCESSOR);
      metrics.error(PROCESSOR, 'TooManyRequestsException');
      metrics.retry(PROCESSOR);
      metrics.retry(PROCESSOR);
      metrics.throttle(PROCESSOR);
      metrics.circuitOpen(PROCESSOR);
      metrics.cacheHit(PROCESSOR);
      metrics.cacheMiss(PROCESSOR);
      metrics.rateLimited(PROCESSOR);
      for (const ms of [10, 20, 30, 40]) metrics.duration(PROCESSOR, ms);
      metrics.invocation(PERSISTER);
      metrics.duration(PERSISTER, 5);
    });

    // Act
    const snapshot = aggregate(lines);

    // Assess
    expect(Object.keys(snapshot)).toEqual([PERSISTER, PROCESSOR]);
    expect(snapshot[PROCESSOR]).toEqual({
      invocations: 4,
      errors: 1,
      retries: 2,
      throttles: 1,
      circuitOpen: 1,
      cacheHits: 1,
      cacheMisses: 1,
      rateLimited: 1,
      errorRate: 0.25,
      errorsByType: { TooManyRequestsException: 1 },
      duration: { count: 4, p50: 20, p99: 40 },
      recordedBy: ['demo-processor-wrapper'],
    });
    expect(snapshot[PERSISTER]).toMatchObject({ invocations: 1, errors: 0, errorRate: 0, duration: { count: 1, p50: 5, p99: 5 } });
  });

  it("knows every metric name the adapter records", () => {
    // Act
    const metricNames = [...Object.keys(COUNT_KEYS), ERRORS_BY_TYPE, DURATION];

    // Assess
    expect([...metricNames].sort()).toEqual([...Object.values(ADAPTER_METRIC)].sort());
  });

  it('skips everything that is not an adapter metric: log lines, offline messages, broken JSON, other EMF', () => {
    // Prepare
    const lines = [
      '{"level":"warn","message":"reading failed","service":"demo-dispatcher","functionName":"x"}',
      '(λ: demo-dispatcher) RequestId: 1  Duration: 12.3 ms  Billed Duration: 13 ms',
      '[local twin] the async invocation of demo-thermostat-1-processor (request 1) failed',
      `${emf(PROCESSOR, 'Invocations', 1).slice(0, 40)}`,
      '{"_aws":{"Timestamp":1},"functionName":"demo-x","Invocations":1}',
      JSON.stringify({ _aws: { CloudWatchMetrics: [{ Namespace: 'other', Dimensions: [['service']], Metrics: [{ Name: 'ColdStart', Unit: 'Count' }] }] }, service: 's', ColdStart: 1 }),
      `  ${emf(PROCESSOR, 'Invocations', 1)}  `,
    ];

    // Act
    const snapshot = aggregate(lines);

    // Assess
    expect(Object.keys(snapshot)).toEqual([PROCESSOR]);
    expect(snapshot[PROCESSOR]?.invocations).toBe(1);
  });

  it('adds every value of an array-valued metric and counts an ErrorsByType without errorType as Error', () => {
    // Prepare
    const durations = JSON.parse(emf(PROCESSOR, 'Duration', 0, 'Milliseconds')) as Record<string, unknown>;
    durations['Duration'] = [3, 1, 2];

    // Act
    const snapshot = aggregate([JSON.stringify(durations), emf(PROCESSOR, 'ErrorsByType', 2), emf(PROCESSOR, 'Errors', 2)]);

    // Assess
    expect(snapshot[PROCESSOR]).toMatchObject({ errors: 2, errorsByType: { Error: 2 }, duration: { count: 3, p50: 2, p99: 3 } });
  });

  it('computes the percentiles over the last maxSamples durations only (nearest rank)', () => {
    // Prepare
    const lines = [1000, 1000, 1, 2, 3, 4].map((ms) => emf(PROCESSOR, 'Duration', ms, 'Milliseconds'));

    // Act
    const snapshot = aggregate(lines, { maxSamples: 4 });

    // Assess
    expect(snapshot[PROCESSOR]?.duration).toEqual({ count: 6, p50: 2, p99: 4 });
  });

  it('follows the log: whole lines only, a half-written line once it is finished, a rewritten file from its start', () => {
    // Prepare
    const line = emf(PROCESSOR, 'Invocations', 1);
    const steps: Parameters<typeof follow>[0] = [
      'snapshot',
      { append: `noise\n${line}\n${line.slice(0, 30)}` },
      'snapshot',
      { append: `${line.slice(30)}\n` },
      'snapshot',
      { write: `${emf(PERSISTER, 'Invocations', 1)}\n` },
      'snapshot',
    ];

    // Act
    const snapshots = follow(steps);

    // Assess
    expect(snapshots.map((s) => Object.fromEntries(Object.entries(s).map(([fn, figures]) => [fn, figures.invocations])))).toEqual([
      {},
      { [PROCESSOR]: 1 },
      { [PROCESSOR]: 2 },
      { [PERSISTER]: 1, [PROCESSOR]: 2 },
    ]);
  });
  it('reads a character cut between two reads whole (a function name that is not ASCII)', () => {
    // Prepare: the line's bytes, cut inside the two-byte "é"
    const name = 'demo-café-processor';
    const bytes = Buffer.from(`${emf(name, 'Invocations', 1)}\n`, 'utf8');
    const cut = bytes.indexOf(Buffer.from('é', 'utf8')) + 1;
    const dir = mkdtempSync(path.join(tmpdir(), 'twinflow-emf-'));
    const file = path.join(dir, 'offline.log');
    try {
      const follower = followEmfLog(file);
      appendFileSync(file, bytes.subarray(0, cut));
      follower.read();

      // Act
      appendFileSync(file, bytes.subarray(cut));
      const snapshot = follower.snapshot();

      // Assess
      expect(Object.keys(snapshot)).toEqual([name]);
      expect(snapshot[name]?.invocations).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
