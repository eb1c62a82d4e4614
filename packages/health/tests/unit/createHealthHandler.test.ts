import { HealthConfigError, HealthTracker, createHealthHandler } from '../../src';
import type { HealthReport } from '../../src';
import { fakeClock } from './fakeClock';
import type { FakeClock } from './fakeClock';

describe('createHealthHandler', () => {
  let clock: FakeClock;
  let tracker: HealthTracker;

  beforeEach(() => {
    clock = fakeClock();
    tracker = new HealthTracker('demo-persister', { clock });
  });

  it('returns 200 and the report as JSON when healthy', async () => {
    // Prepare
    tracker.recordSuccess();
    const handler = createHealthHandler(() => [tracker], { clock });

    // Act
    const response = await handler();

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    const body = JSON.parse(response.body) as HealthReport;
    expect(body).toEqual({
      status: 'healthy',
      generatedAt: '2026-11-24T08:00:00.000Z',
      components: {
        'demo-persister': {
          status: 'healthy',
          isHealthy: true,
          consecutiveFailures: 0,
          totalRequests: 1,
          totalFailures: 0,
          errorRate: 0,
          windowErrorRate: 0,
          lastSuccessAt: '2026-11-24T08:00:00.000Z',
          circuit: 'closed',
        },
      },
    });
  });

  it('returns 200 when degraded', async () => {
    // Prepare
    for (let i = 0; i < 3; i += 1) {
      tracker.recordFailure(new Error('x'));
      tracker.recordSuccess();
    }
    const handler = createHealthHandler(() => [tracker]);

    // Act
    const response = await handler({});

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'degraded' });
  });

  it('returns 503 when unhealthy', async () => {
    // Prepare
    for (let i = 0; i < 3; i += 1) tracker.recordFailure(new Error('x'));
    const handler = createHealthHandler(() => [tracker]);

    // Act
    const response = await handler();

    // Assess
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'unhealthy', components: { 'demo-persister': { consecutiveFailures: 3 } } });
  });

  it('uses unhealthyStatusCode and accepts a ready-made report', async () => {
    // Prepare
    const report: HealthReport = { status: 'unhealthy', generatedAt: '2026-11-24T08:00:00.000Z', components: {} };
    const handler = createHealthHandler(() => report, { unhealthyStatusCode: 500 });

    // Act
    const response = await handler();

    // Assess
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toEqual(report);
  });

  it('reports unhealthy, with the error, when the source throws', async () => {
    // Prepare
    const handler = createHealthHandler(
      () => {
        throw new Error('registry unavailable');
      },
      { clock },
    );

    // Act
    const response = await handler();

    // Assess
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body)).toEqual({
      status: 'unhealthy',
      generatedAt: '2026-11-24T08:00:00.000Z',
      components: {},
      error: 'registry unavailable',
    });
  });

  it.each([
    ['unhealthyStatusCode', () => createHealthHandler(() => [], { unhealthyStatusCode: 200 })],
    ['unhealthyStatusCode', () => createHealthHandler(() => [], { unhealthyStatusCode: 503.5 })],
    ['source', () => createHealthHandler('nope' as never)],
  ])('throws HealthConfigError naming %s', (option, create) => {
    // Act / Assess
    expect(create).toThrow(HealthConfigError);
    expect(create).toThrow(`"${option}"`);
  });
});
