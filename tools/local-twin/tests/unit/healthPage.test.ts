import { summarizeParked } from '../../src/health/document';
import { percent, countdown } from '../../src/health/format';
import { createHistory } from '../../src/health/history';
import { renderConsole } from '../../src/health/render';
import { functionRows, metricRows } from '../../src/health/renderTables';
import type { ConsoleDocument } from '../../src/health/sources';
import { STATUS_THRESHOLDS, pipelineOf, shownStatus } from '../../src/health/status';
import { HOT_TABLE, NAMES, NOW, component, fakeConsole, type FakeConsole } from '../consoleFakes';

describe('shownStatus', () => {
  it.each([
    ['a healthy report with 15 % recent errors', 'failing', component({ windowErrorRate: 0.15 })],
    ['a healthy report at the failing threshold', 'failing', component({ windowErrorRate: STATUS_THRESHOLDS.failingErrorRate })],
    ['a healthy report with 6 % recent errors', 'degraded', component({ windowErrorRate: 0.06 })],
    ['a healthy report with 3 % recent errors', 'healthy', component({ windowErrorRate: 0.03 })],
    ['too few calls for the rate to count', 'healthy', component({ totalRequests: 2, windowErrorRate: 0.5 })],
    ['an unhealthy report', 'failing', component({ status: 'unhealthy', isHealthy: false })],
    ['a degraded report', 'degraded', component({ status: 'degraded' })],
    ['an open circuit', 'failing', component({ circuit: 'open' })],
    ['a half-open circuit', 'degraded', component({ circuit: 'half-open' })],
  ])('shows %s as %s', (_name, expected, health) => {
    // Act / Assess
    expect(shownStatus(health)).toBe(expected);
  });

  it('shows a function with no calls yet as idle', () => {
    expect(shownStatus(undefined)).toBe('idle');
  });
});

describe('format', () => {
  it('writes shares as percentages with one decimal', () => {
    expect([percent(0.15), percent(0), percent(1), percent(undefined)]).toEqual(['15.0 %', '0.0 %', '100.0 %', '']);
  });

  it('writes the time left in words', () => {
    expect(countdown(new Date(NOW + 65_000).toISOString(), NOW)).toBe('1 min 5 s');
    expect(countdown(new Date(NOW + 400).toISOString(), NOW)).toBe('1 s');
    expect(countdown(new Date(NOW - 1).toISOString(), NOW)).toBe('probe due now');
  });
});

function documentOf(sources: FakeConsole, extra: Partial<ConsoleDocument> = {}): ConsoleDocument {
  return {
    twin: sources.twin,
    stage: sources.stage,
    generatedAt: new Date(NOW).toISOString(),
    counts: sources.state.counts,
    functions: sources.state.functions,
    metrics: sources.state.metrics,
    newestReadings: [],
    functionNames: NAMES,
    hotTable: HOT_TABLE,
    faults: sources.state.faults,
    dynamodb: { available: sources.state.dynamo },
    parked: summarizeParked(sources.state.parked),
    throughput: [],
    history: [],
    ...extra,
  };
}

describe('pipeline and rendering', () => {
  it('draws dispatcher → wrapper → one node per processor → persister → hot table, each with its shown status', () => {
    // Prepare
    const sources = fakeConsole();
    // Act
    const pipeline = pipelineOf(documentOf(sources));
    // Assess
    expect([pipeline.dispatcher, pipeline.wrapper, ...pipeline.processors, pipeline.persister, pipeline.table].map((n) => [n.name, n.status])).toEqual([
      [NAMES.dispatcher, 'healthy'],
      [NAMES.wrapper, 'healthy'],
      [NAMES.processors['pressure-sensor-1'], 'failing'],
      [NAMES.processors['thermostat-1'], 'failing'],
      [NAMES.persister, 'healthy'],
      [HOT_TABLE, 'healthy'],
    ]);
  });

  it('shows an unreachable service and a stopped DynamoDB', () => {
    // Prepare
    const sources = fakeConsole();
    sources.state.functions[NAMES.persister] = { status: 'unreachable', error: 'connect ECONNREFUSED' };
    // Act
    const pipeline = pipelineOf(documentOf(sources, { dynamodb: { available: false } }));
    // Assess
    expect(pipeline.persister).toMatchObject({ status: 'unreachable', note: 'connect ECONNREFUSED' });
    expect(pipeline.table).toMatchObject({ status: 'failing', note: 'DynamoDB stopped' });
  });

  it('renders the whole console: statuses in words, percentages, countdown, fault banner, parked groups, no raw keys', () => {
    // Act
    const html = renderConsole(documentOf(fakeConsole()));
    // Assess
    expect(html).toContain(`data-node="${NAMES.processors['pressure-sensor-1']}" data-role="processor" data-status="failing"`);
    expect(html).toContain('<dd>15.0 %</dd>');
    expect(html).toContain('circuit probes again in <b>25 s</b>');
    expect(html).toContain('data-banner="faults"');
    expect(html).toContain('20.0 % of every processor');
    expect(html).not.toContain('data-banner="dynamodb"');
    expect(html).toContain('data-group="reason" data-key="processor-error"');
    expect(html).toContain('data-group="device" data-key="thermostat-1"');
    expect(html).toContain('data-group="stage" data-key="process"');
    expect(html).not.toMatch(/windowErrorRate|errorRate|storedAndParked<|loading/);
  });

  it('shows no fault banner without faults, and a DynamoDB banner while it is stopped', () => {
    // Prepare
    const sources = fakeConsole();
    // Act
    const html = renderConsole(documentOf(sources, { faults: { rate: 0, devices: { 'thermostat-1': 0 } }, dynamodb: { available: false } }));
    // Assess
    expect(html).not.toContain('data-banner="faults"');
    expect(html).toContain('data-banner="dynamodb"');
    expect(renderConsole(documentOf(sources, { faults: { rate: 0, kinds: { 'thermostat-1': 'hang' } } }))).toContain('thermostat-1: the global rate (hang)');
  });

  it('renders report rows with the shown status, the report words and both error rates as percentages', () => {
    // Act
    const rows = functionRows(fakeConsole().state.functions);
    // Assess
    const row = rows.find((r) => r.includes(`data-component="${NAMES.processors['pressure-sensor-1']}"`));
    expect(row).toContain('<td class="status-failing">failing</td><td>healthy</td><td class="circuit-closed">closed</td><td>40</td><td>6</td><td>15.0 %</td><td>15.0 %</td>');
    expect(functionRows({ x: { status: 'unreachable', error: 'down' } })[0]).toContain('<td class="status-unreachable">unreachable</td>');
  });

  it('renders metric rows with error rate as a percentage and latency in ms', () => {
    expect(metricRows(fakeConsole().state.metrics)[0]).toContain('<td>15.0 %</td><td>0</td><td>0</td><td>0</td><td>12 ms</td><td>250 ms</td>');
    expect(metricRows(undefined)).toEqual([]);
  });

  it('summarizes parked records by reason, device and stage, largest first', () => {
    const view = summarizeParked(fakeConsole().state.parked);
    expect(view.byReason).toEqual([{ key: 'processor-error', count: 4 }, { key: 'circuit-open', count: 2 }]);
    expect(view.byDevice).toEqual([{ key: 'thermostat-1', count: 4 }, { key: 'pressure-sensor-1', count: 2 }]);
    expect(view.byStage).toEqual([{ key: 'process', count: 5 }, { key: 'persist', count: 1 }]);
    expect(view.newest[0]).not.toHaveProperty('original');
  });
});

describe('history', () => {
  it('keeps the newest samples and derives readings/s, failures/s and throughput per device', () => {
    // Prepare
    let now = NOW;
    let settled = 0;
    const history = createHistory({ now: () => now, capacity: 3, read: () => ({ settled, parked: settled / 10, byDevice: { a: { stored: settled, parked: 0 } } }) });
    // Act
    for (const step of [0, 10, 30, 60]) {
      settled = step;
      history.sample();
      now += 1000;
    }
    // Assess
    expect(history.samples().map((s) => s.settled)).toEqual([10, 30, 60]);
    expect(history.rates()).toEqual([
      { at: NOW + 2000, readingsPerSecond: 20, failuresPerSecond: 2 },
      { at: NOW + 3000, readingsPerSecond: 30, failuresPerSecond: 3 },
    ]);
    expect(history.throughput(10_000)).toEqual([{ device: 'a', storedPerSecond: 25, parkedPerSecond: 0, stored: 60, parked: 0 }]);
  });

  it('samples on an unref-ed timer that stop() clears, and skips a sample the source cannot give', () => {
    // Prepare
    jest.useFakeTimers();
    let fail = false;
    const history = createHistory({ read: () => {
      if (fail) throw new Error('not now');
      return { settled: 1, parked: 0, byDevice: {} };
    } });
    try {
      // Act
      history.start();
      jest.advanceTimersByTime(2000);
      fail = true;
      jest.advanceTimersByTime(1000);
      history.stop();
      jest.advanceTimersByTime(5000);
      // Assess
      expect(history.samples()).toHaveLength(3);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
