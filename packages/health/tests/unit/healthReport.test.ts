import { HealthConfigError, HealthTracker, healthReport } from '../../src';
import { fakeClock } from './fakeClock';
import type { FakeClock } from './fakeClock';

describe('healthReport', () => {
  let clock: FakeClock;

  beforeEach(() => {
    clock = fakeClock();
  });

  const trackerWith = (name: string, outcomes: Array<'ok' | 'fail'>): HealthTracker => {
    const tracker = new HealthTracker(name, { clock });
    for (const outcome of outcomes) {
      if (outcome === 'ok') tracker.recordSuccess();
      else tracker.recordFailure(new Error('boom'));
    }
    return tracker;
  };

  it('is healthy with no components', () => {
    // Act
    const report = healthReport([], { clock });

    // Assess
    expect(report).toEqual({ status: 'healthy', generatedAt: '2026-11-24T08:00:00.000Z', components: {} });
  });

  it('keys components by tracker name and reports the worst status', () => {
    // Prepare
    const healthy = trackerWith('demo-persister', ['ok']);
    const degraded = trackerWith('demo-a-processor', ['fail', 'ok', 'fail', 'ok', 'fail', 'ok']);
    const unhealthy = trackerWith('demo-b-processor', ['fail', 'fail', 'fail']);

    // Act
    const withDegraded = healthReport([healthy, degraded], { clock });
    const withAll = healthReport(new Set([healthy, degraded, unhealthy]), { clock });

    // Assess
    expect(withDegraded.status).toBe('degraded');
    expect(Object.keys(withDegraded.components)).toEqual(['demo-persister', 'demo-a-processor']);
    expect(withAll.status).toBe('unhealthy');
    expect(withAll.components['demo-b-processor']).toMatchObject({ status: 'unhealthy', consecutiveFailures: 3 });
  });

  it('uses the record keys when given a record', () => {
    // Prepare
    const tracker = trackerWith('demo-persister', ['ok']);

    // Act
    const report = healthReport({ persister: tracker }, { clock });

    // Assess
    expect(Object.keys(report.components)).toEqual(['persister']);
    expect(report.status).toBe('healthy');
  });

  it('keeps trackers with the same name apart', () => {
    // Prepare
    const first = trackerWith('demo-persister', ['ok']);
    const second = trackerWith('demo-persister', ['fail', 'fail', 'fail']);

    // Act
    const report = healthReport([first, second], { clock });

    // Assess
    expect(Object.keys(report.components)).toEqual(['demo-persister', 'demo-persister#2']);
    expect(report.status).toBe('unhealthy');
  });

  it('rejects values that are not trackers, naming where they are', () => {
    // Act / Assess
    expect(() => healthReport([{} as HealthTracker])).toThrow(HealthConfigError);
    expect(() => healthReport([{} as HealthTracker])).toThrow('"trackers[0]"');
    expect(() => healthReport(null as never)).toThrow('"trackers"');
  });
});
