import { execFileSync } from 'node:child_process';
import path from 'node:path';

interface Rendered {
  rows: string[];
  headers: string[];
  tbody: string;
  metricRows: string[];
  metricsBody: string;
  error: string;
}

const harness = path.join(__dirname, 'healthPageHarness.mjs');
const render = (health: unknown): Rendered =>
  JSON.parse(execFileSync(process.execPath, [harness, JSON.stringify(health)], { encoding: 'utf8', timeout: 30_000 })) as Rendered;

const health = {
  twin: 'demo',
  generatedAt: '2026-11-24T08:00:00.000Z',
  counts: { sent: 10, persisted: 9, failed: 1, storedAndParked: 0, inFlight: 0, eventsPerSecond: 5 },
  functions: {
    'demo-processor-wrapper': {
      status: 'degraded',
      generatedAt: '2026-11-24T08:00:00.000Z',
      components: {
        'demo-thermostat-1-processor': {
          status: 'degraded',
          isHealthy: true,
          consecutiveFailures: 1,
          totalRequests: 40,
          totalFailures: 4,
          errorRate: 0.1,
          windowErrorRate: 0.55,
          circuit: 'closed',
        },
      },
    },
    'demo-persister': { status: 'unreachable', error: 'connect ECONNREFUSED' },
  },
  metrics: {
    'demo-thermostat-1-processor': {
      invocations: 40,
      errors: 4,
      retries: 3,
      throttles: 2,
      circuitOpen: 1,
      cacheHits: 0,
      cacheMisses: 0,
      rateLimited: 0,
      errorRate: 0.1,
      errorsByType: { LambdaFunctionError: 4 },
      duration: { count: 40, p50: 12, p99: 250 },
      recordedBy: ['demo-processor-wrapper'],
    },
  },
  newestReadings: [{ device_id: 'thermostat-1', timestamp: '2026-11-24T08:00:00.000Z', data: {}, processed_at: '2026-11-24T08:00:01.000Z' }],
};

describe('health page', () => {
  let rendered: Rendered;

  beforeAll(() => {
    // Prepare / Act
    rendered = render(health);
  });

  it('heads the functions table with both error rates', () => {
    // Assess
    expect(rendered.headers.slice(0, 8)).toEqual(['function', 'component', 'status', 'circuit', 'requests', 'failures', 'error rate', 'window error rate']);
  });

  it('renders requests, failures, the lifetime and the rolling error rate of each component', () => {
    // Assess
    expect(rendered.rows[0]).toBe(
      '<tr data-function="demo-processor-wrapper"><td>demo-processor-wrapper</td><td>demo-thermostat-1-processor</td>' +
        '<td class="degraded">degraded</td><td class="closed">closed</td><td>40</td><td>4</td><td>0.1</td><td>0.55</td></tr>',
    );
  });

  it('renders an unreachable function as one row with empty figures', () => {
    // Assess
    expect(rendered.rows[1]).toBe(
      '<tr data-function="demo-persister"><td>demo-persister</td><td>demo-persister</td><td class="unreachable">unreachable</td>' +
        '<td class=""></td><td></td><td></td><td></td><td></td></tr>',
    );
  });

  it('fills the page from /health.json with the same rows (the page embeds functionRows)', () => {
    // Assess
    expect(rendered.error).not.toMatch(/not reachable/);
    expect(rendered.tbody).toBe(rendered.rows.join(''));
  });

  it("heads the metrics table with the counts, the error rate and the duration percentiles", () => {
    // Assess
    expect(rendered.headers.slice(8)).toEqual(['function', 'recorded by', 'invocations', 'errors', 'error rate', 'retries', 'throttles', 'circuit open', 'p50 ms', 'p99 ms', 'device', 'timestamp', 'data', 'processed']);
  });

  it("renders one metrics row per function, from /health.json's metrics (the page embeds metricRows)", () => {
    // Assess
    expect(rendered.metricRows).toEqual([
      '<tr data-metrics="demo-thermostat-1-processor"><td>demo-thermostat-1-processor</td><td>demo-processor-wrapper</td>' +
        '<td>40</td><td>4</td><td>0.1</td><td>3</td><td>2</td><td>1</td><td>12</td><td>250</td></tr>',
    ]);
    expect(rendered.metricsBody).toBe(rendered.metricRows.join(''));
  });

  it('renders no metrics rows when the document has none (a twin without EMF lines yet)', () => {
    // Act
    const empty = render({ ...health, metrics: undefined });

    // Assess
    expect(empty.metricRows).toEqual([]);
    expect(empty.metricsBody).toBe('');
    expect(empty.tbody).toBe(empty.rows.join(''));
  });
});
