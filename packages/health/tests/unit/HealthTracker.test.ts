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
    expect(status).toEqual({
      status: 'healthy',
      isHealthy: true,
      consecutiveFailures: 0,
      totalRequests: 0,
      totalFailures: 0,
      errorRate: 0,
      windowErrorRate: 0,
      circuit: 'closed',
    });
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
    expect(atTwo).toMatchObject({ status: 'healthy', isHealthy: true, consecutiveFailures: 2 });
    expect(atThree).toMatchObject({ status: 'unhealthy', isHealthy: false, consecutiveFailures: 3 });
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
    expect(status.totalFailures).toBe(3);
    expect(status.errorRate).toBe(0.75);
    expect(status.windowErrorRate).toBe(0.75);
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
    expect(status.windowErrorRate).toBe(0.5);
    expect(status.status).toBe('degraded');
    expect(status.isHealthy).toBe(true);
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
    expect(status.windowErrorRate).toBe(0.5);
    expect(status.status).toBe('healthy');
  });

  it('rounds both error rates to 4 decimals', () => {
    // Prepare
    const tracker = new HealthTracker('demo-persister', { clock });

    // Act
    tracker.recordFailure(new Error('x'));
    tracker.recordSuccess();
    tracker.recordSuccess();

    // Assess
    expect(tracker.status()).toMatchObject({ errorRate: 0.3333, windowErrorRate: 0.3333 });
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
    expect(before).toMatchObject({ windowErrorRate: 0.5, errorRate: 0.5, status: 'degraded' });
    expect(after).toMatchObject({ windowErrorRate: 0, errorRate: 0.3333, status: 'healthy', totalRequests: 6, totalFailures: 2 });
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
    expect(before).toMatchObject({ windowErrorRate: 0.6667, status: 'degraded' });
    expect(mid).toMatchObject({ windowErrorRate: 0.4, errorRate: 0.4, status: 'healthy' });
    expect(after).toMatchObject({ windowErrorRate: 0, errorRate: 0.4, status: 'healthy' });
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
    expect(open).toMatchObject({ circuit: 'open', status: 'unhealthy', isHealthy: false, consecutiveFailures: 0 });
    expect(halfOpen).toMatchObject({ circuit: 'half-open', status: 'healthy', isHealthy: true });
  });

  it('says when an open circuit lets a probe through, and only while it is open', () => {
    // Prepare
    const breaker = new CircuitBreaker({ clock, failureThreshold: 1, cooldownMs: 1000 });
    const tracker = new HealthTracker('demo-persister', { clock, breaker });
    const openedAt = clock.now();

    // Act
    breaker.recordFailure();
    const open = tracker.status();
    clock.advance(1000);
    const halfOpen = tracker.status();

    // Assess
    expect(open.circuitRetryAt).toBe(new Date(openedAt + 1000).toISOString());
    expect(halfOpen.circuitRetryAt).toBeUndefined();
  });

  it('forgets everything on reset', () => {
    // Prepare
    const tracker = new HealthTracker('demo-persister', { clock });
    failTimes(tracker, 5);

    // Act
    tracker.reset();

    // Assess
    expect(tracker.status()).toEqual({
      status: 'healthy',
      isHealthy: true,
      consecutiveFailures: 0,
      totalRequests: 0,
      totalFailures: 0,
      errorRate: 0,
      windowErrorRate: 0,
      circuit: 'closed',
    });
  });

  it('reports the lifetime error rate as totalFailures / totalRequests, beyond the window', () => {
    // Prepare: a window of 4 calls, 100 calls of which 10 fail (never 3 in a row)
    const tracker = new HealthTracker('demo-persister', { clock, windowSize: 4, minCallsForRate: 4 });

    // Act
    for (let i = 0; i < 100; i += 1) {
      if (i % 10 === 0) tracker.recordFailure(new Error(`boom ${i}`));
      else tracker.recordSuccess();
    }
    const status = tracker.status();

    // Assess: the window only holds the last 4 successes
    expect(status).toMatchObject({
      totalRequests: 100,
      totalFailures: 10,
      errorRate: 0.1,
      windowErrorRate: 0,
      status: 'healthy',
      isHealthy: true,
    });
  });

  it('keeps errorRate from changing the status: a long-gone failure streak does not degrade', () => {
    // Prepare
    const tracker = new HealthTracker('demo-persister', { clock, windowSize: 5 });
    failTimes(tracker, 6);

    // Act: five successes fill the window
    for (let i = 0; i < 5; i += 1) tracker.recordSuccess();
    const status = tracker.status();

    // Assess
    expect(status).toMatchObject({ errorRate: 0.5455, windowErrorRate: 0, status: 'healthy', isHealthy: true, totalFailures: 6 });
  });

  it('is not healthy at unhealthyAfter consecutive failures when that option is changed', () => {
    // Prepare
    const tracker = new HealthTracker('demo-persister', { clock, unhealthyAfter: 5, minCallsForRate: 10 });

    // Act
    failTimes(tracker, 4);
    const atFour = tracker.status();
    failTimes(tracker, 1);
    const atFive = tracker.status();

    // Assess
    expect(atFour).toMatchObject({ status: 'healthy', isHealthy: true });
    expect(atFive).toMatchObject({ status: 'unhealthy', isHealthy: false, totalFailures: 5, errorRate: 1 });
  });

  it('keeps isHealthy equal to status !== "unhealthy" through any sequence of outcomes', () => {
    // Prepare: a deterministic pseudo-random sequence (LCG), with a breaker that sometimes opens
    const breaker = new CircuitBreaker({ clock, failureThreshold: 4, cooldownMs: 1000 });
    const tracker = new HealthTracker('demo-persister', { clock, breaker, windowSize: 8, minCallsForRate: 3 });
    let seed = 42;
    const next = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let failures = 0;

    // Act / Assess
    for (let i = 0; i < 500; i += 1) {
      clock.advance(Math.floor(next() * 400));
      if (next() < 0.45) {
        breaker.recordFailure();
        tracker.recordFailure(new Error('x'));
        failures += 1;
      } else {
        breaker.recordSuccess();
        tracker.recordSuccess();
      }
      const status = tracker.status();
      expect(status.isHealthy).toBe(status.status !== 'unhealthy');
      expect(status.totalFailures).toBe(failures);
      expect(status.errorRate).toBe(Math.round((failures / (i + 1)) * 10_000) / 10_000);
    }
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
