import { execFileSync } from 'node:child_process';
import path from 'node:path';

interface Rendered {
  rows: string[];
  headers: string[];
  tbody: string;
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
});
