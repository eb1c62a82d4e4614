import { CircuitBreaker, HealthConfigError, HealthTracker } from '../../src';
import type { HealthTrackerOptions } from '../../src';
import { fakeClock } from './fakeClock';
import type { FakeClock } from './fakeClock';

describe('HealthTracker', () => {
  let clock: FakeClock;

  beforeEach(() => {
    clock = fakeClock();
  });

  const failTimes = (tracker: HealthTracker, n: number): void => {
    for (let i = 0; i < n; i += 1) tracker.recordFailure(new Error(`boom ${i}`));
  };

  it('is healthy with no calls recorded', () => {
    // Prepare
    const tracker = new HealthTracker('demo-persister', { clock });

    // Act
    const status = tracker.status();

    // Assess
    expect(status).toEqual({ status: 'healthy', consecutiveFailures: 0, errorRate: 0, totalRequests: 0, circuit: 'closed' });
    expect(tracker.name).toBe('demo-persister');
  });

  it('stays healthy at 2 consecutive failures and turns unhealthy at exactly 3', () => {
    // Prepare
    const tracker = new HealthTracker('demo-persister', { clock, minCallsForRate: 10 });

    // Act
    failTimes(tracker, 2);
    const atTwo = tracker.status();
    failTimes(tracker, 1);
    const atThree = tracker.status();

    // Assess
    expect(atTwo.status).toBe('healthy');
    expect(atTwo.consecutiveFailures).toBe(2);
    expect(atThree.status).toBe('unhealthy');
    expect(atThree.consecutiveFailures).toBe(3);
  });

  it('is healthy again after one success', () => {
    // Prepare
    const tracker = new HealthTracker('demo-persister', { clock });
    failTimes(tracker, 3);

    // Act
    clock.advance(1000);
    tracker.recordSuccess();
    const status = tracker.status();

    // Assess
    expect(status.status).toBe('healthy');
    expect(status.consecutiveFailures).toBe(0);
    expect(status.lastSuccessAt).toBe('2026-11-24T08:00:01.000Z');
    expect(status.totalRequests).toBe(4);
    expect(status.errorRate).toBe(0.75);
  });

  it('records the last error with its name, message and time', () => {
    // Prepare
    const tracker = new HealthTracker('demo-persister', { clock });
    class ThrottledError extends Error {
      public override name = 'TooManyRequestsException';
    }

    // Act
    tracker.recordFailure(new ThrottledError('Rate exceeded'));
    const fromError = tracker.status().lastError;
    tracker.recordFailure('plain string');
    const fromString = tracker.status().lastError;
    tracker.recordFailure({ name: 'Custom', message: 'from an object' });
    const fromObject = tracker.status().lastError;

    // Assess
    expect(fromError).toEqual({ type: 'TooManyRequestsException', message: 'Rate exceeded', at: '2026-11-24T08:00:00.000Z' });
    expect(fromString).toEqual({ type: 'Error', message: 'plain string', at: '2026-11-24T08:00:00.000Z' });
    expect(fromObject).toEqual({ type: 'Custom', message: 'from an object', at: '2026-11-24T08:00:00.000Z' });
  });

  it('is degraded when the error rate reaches the threshold over enough calls', () => {
    // Prepare: alternate so consecutive failures never reach 3
    const tracker = new HealthTracker('demo-persister', { clock });

    // Act
    for (let i = 0; i < 4; i += 1) {
      tracker.recordFailure(new Error('x'));
      tracker.recordSuccess();
    }
    const status = tracker.status();

    // Assess
    expect(status.errorRate).toBe(0.5);
    expect(status.status).toBe('degraded');
  });

  it('does not judge the error rate below minCallsForRate calls', () => {
    // Prepare
    const tracker = new HealthTracker('demo-persister', { clock, minCallsForRate: 5 });

    // Act: 2 failures out of 4 calls
    tracker.recordFailure(new Error('x'));
    tracker.recordSuccess();
    tracker.recordFailure(new Error('x'));
    tracker.recordSuccess();
    const status = tracker.status();

    // Assess
    expect(status.errorRate).toBe(0.5);
    expect(status.status).toBe('healthy');
  });

  it('rounds the error rate to 4 decimals', () => {
    // Prepare
    const tracker = new HealthTracker('demo-persister', { clock });

    // Act
    tracker.recordFailure(new Error('x'));
    tracker.recordSuccess();
    tracker.recordSuccess();

    // Assess
    expect(tracker.status().errorRate).toBe(0.3333);
  });

  it('drops calls older than the last windowSize from the error rate', () => {
    // Prepare
    const tracker = new HealthTracker('demo-persister', { clock, windowSize: 4, minCallsForRate: 4 });
    tracker.recordFailure(new Error('x'));
    tracker.recordFailure(new Error('x'));
    tracker.recordSuccess();
    tracker.recordSuccess();
    const before = tracker.status();

    // Act: two more successes push both failures out of the window
    tracker.recordSuccess();
    tracker.recordSuccess();
    const after = tracker.status();

    // Assess
    expect(before).toMatchObject({ errorRate: 0.5, status: 'degraded' });
    expect(after).toMatchObject({ errorRate: 0, status: 'healthy', totalRequests: 6 });
  });

  it('drops calls older than windowMs from the error rate', () => {
    // Prepare
    const tracker = new HealthTracker('demo-persister', { clock, windowMs: 60_000, minCallsForRate: 2 });
    tracker.recordFailure(new Error('x'));
    tracker.recordFailure(new Error('x'));
    tracker.recordSuccess();
    const before = tracker.status();

    // Act
    clock.advance(30_000);
    tracker.recordSuccess();
    tracker.recordSuccess();
    const mid = tracker.status();
    clock.advance(30_000);
    const after = tracker.status();

    // Assess
    expect(before).toMatchObject({ errorRate: 0.6667, status: 'degraded' });
    expect(mid).toMatchObject({ errorRate: 0.4, status: 'healthy' });
    expect(after).toMatchObject({ errorRate: 0, status: 'healthy' });
  });

  it('reports the attached breaker state and is unhealthy while it is open', () => {
    // Prepare
    const breaker = new CircuitBreaker({ clock, failureThreshold: 1, cooldownMs: 1000 });
    const tracker = new HealthTracker('demo-persister', { clock, breaker });

    // Act
    breaker.recordFailure();
    const open = tracker.status();
    clock.advance(1000);
    const halfOpen = tracker.status();

    // Assess
    expect(open).toMatchObject({ circuit: 'open', status: 'unhealthy', consecutiveFailures: 0 });
    expect(halfOpen).toMatchObject({ circuit: 'half-open', status: 'healthy' });
  });

  it('forgets everything on reset', () => {
    // Prepare
    const tracker = new HealthTracker('demo-persister', { clock });
    failTimes(tracker, 5);

    // Act
    tracker.reset();

    // Assess
    expect(tracker.status()).toEqual({ status: 'healthy', consecutiveFailures: 0, errorRate: 0, totalRequests: 0, circuit: 'closed' });
  });

  it('returns a fresh object from status() each time', () => {
    // Prepare
    const tracker = new HealthTracker('demo-persister', { clock });
    tracker.recordFailure(new Error('x'));

    // Act
    const first = tracker.status();
    if (first.lastError) first.lastError.message = 'mutated';

    // Assess
    expect(tracker.status().lastError?.message).toBe('x');
  });

  it.each<[string, HealthTrackerOptions]>([
    ['windowSize', { windowSize: 0 }],
    ['windowSize', { windowSize: 2.5 }],
    ['windowMs', { windowMs: -1 }],
    ['windowMs', { windowMs: Number.NaN }],
    ['unhealthyAfter', { unhealthyAfter: 0 }],
    ['degradedErrorRate', { degradedErrorRate: 0 }],
    ['degradedErrorRate', { degradedErrorRate: 1.5 }],
    ['minCallsForRate', { minCallsForRate: 0 }],
    ['minCallsForRate', { windowSize: 3, minCallsForRate: 4 }],
    ['clock', { clock: {} as never }],
    ['breaker', { breaker: {} as never }],
  ])('throws HealthConfigError naming %s for invalid options %p', (option, options) => {
    // Act
    const create = (): HealthTracker => new HealthTracker('demo-persister', options);

    // Assess
    expect(create).toThrow(HealthConfigError);
    expect(create).toThrow(`"${option}"`);
    try {
      create();
    } catch (error) {
      expect(error).toMatchObject({ code: 'HEALTH_CONFIG_INVALID', option });
    }
  });

  it('throws HealthConfigError for an empty name', () => {
    // Act / Assess
    expect(() => new HealthTracker('')).toThrow(/HealthTracker option "name"/);
  });
});
