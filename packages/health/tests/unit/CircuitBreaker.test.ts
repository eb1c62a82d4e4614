import { CircuitBreaker, CircuitOpenError, HealthConfigError } from '../../src';
import type { CircuitBreakerOptions } from '../../src';
import type { CircuitState } from '@twinflow/core';
import { fakeClock } from './fakeClock';
import type { FakeClock } from './fakeClock';

describe('CircuitBreaker', () => {
  let clock: FakeClock;
  let transitions: Array<[CircuitState, CircuitState]>;

  beforeEach(() => {
    clock = fakeClock();
    transitions = [];
  });

  const openBreaker = (options: CircuitBreakerOptions = {}): CircuitBreaker => {
    const breaker = new CircuitBreaker({
      clock,
      failureThreshold: 3,
      cooldownMs: 10_000,
      onStateChange: (from, to) => transitions.push([from, to]),
      ...options,
    });
    for (let i = 0; i < 3; i += 1) breaker.recordFailure();
    return breaker;
  };

  it('starts closed and lets requests through', () => {
    // Prepare
    const breaker = new CircuitBreaker({ clock });

    // Act / Assess
    expect(breaker.state()).toBe('closed');
    expect(breaker.canRequest()).toBe(true);
    expect(breaker.retryAt()).toBeUndefined();
  });

  it('stays closed below the threshold and opens at exactly failureThreshold consecutive failures', () => {
    // Prepare
    const breaker = new CircuitBreaker({ clock, failureThreshold: 3 });

    // Act
    breaker.recordFailure();
    breaker.recordFailure();
    const atTwo = breaker.state();
    breaker.recordFailure();

    // Assess
    expect(atTwo).toBe('closed');
    expect(breaker.state()).toBe('open');
  });

  it('counts consecutive failures only: a success resets the count', () => {
    // Prepare
    const breaker = new CircuitBreaker({ clock, failureThreshold: 3 });

    // Act
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();

    // Assess
    expect(breaker.state()).toBe('closed');
  });

  it('opens after 5 failures by default', () => {
    // Prepare
    const breaker = new CircuitBreaker({ clock });

    // Act
    for (let i = 0; i < 4; i += 1) breaker.recordFailure();
    const atFour = breaker.state();
    breaker.recordFailure();

    // Assess
    expect(atFour).toBe('closed');
    expect(breaker.state()).toBe('open');
  });

  it('rejects requests while open and says when it will probe', () => {
    // Prepare
    const breaker = openBreaker();

    // Act
    clock.advance(9_999);

    // Assess
    expect(breaker.canRequest()).toBe(false);
    expect(breaker.state()).toBe('open');
    expect(breaker.retryAt()).toBe(Date.UTC(2026, 10, 24, 8, 0, 10));
  });

  it('half-opens after the cooldown and admits only halfOpenMaxProbes probes', () => {
    // Prepare
    const breaker = openBreaker({ halfOpenMaxProbes: 2 });

    // Act
    clock.advance(10_000);
    const admitted = [breaker.canRequest(), breaker.canRequest(), breaker.canRequest()];

    // Assess
    expect(breaker.state()).toBe('half-open');
    expect(admitted).toEqual([true, true, false]);
    expect(breaker.retryAt()).toBeUndefined();
  });

  it('admits one probe at a time by default', () => {
    // Prepare
    const breaker = openBreaker({ halfOpenMaxProbes: undefined });
    clock.advance(10_000);

    // Act
    const first = breaker.canRequest();
    const second = breaker.canRequest();
    breaker.releaseProbe();
    const afterRelease = breaker.canRequest();

    // Assess
    expect([first, second, afterRelease]).toEqual([true, false, true]);
    expect(breaker.state()).toBe('half-open');
  });

  it('closes when a probe succeeds', () => {
    // Prepare
    const breaker = openBreaker();
    clock.advance(10_000);
    breaker.canRequest();

    // Act
    breaker.recordSuccess();

    // Assess
    expect(breaker.state()).toBe('closed');
    expect(breaker.canRequest()).toBe(true);
    expect(transitions).toEqual([
      ['closed', 'open'],
      ['open', 'half-open'],
      ['half-open', 'closed'],
    ]);
  });

  it('reopens with a fresh cooldown when a probe fails', () => {
    // Prepare
    const breaker = openBreaker();
    clock.advance(10_000);
    breaker.canRequest();

    // Act
    breaker.recordFailure();
    const reopened = breaker.state();
    clock.advance(9_999);
    const beforeCooldown = breaker.canRequest();
    clock.advance(1);
    const afterCooldown = breaker.canRequest();

    // Assess
    expect(reopened).toBe('open');
    expect(beforeCooldown).toBe(false);
    expect(afterCooldown).toBe(true);
    expect(transitions).toEqual([
      ['closed', 'open'],
      ['open', 'half-open'],
      ['half-open', 'open'],
      ['open', 'half-open'],
    ]);
  });

  it('ignores late outcomes while open: no close on success, no longer cooldown on failure', () => {
    // Prepare
    const breaker = openBreaker();

    // Act
    clock.advance(5_000);
    breaker.recordSuccess();
    breaker.recordFailure();

    // Assess
    expect(breaker.state()).toBe('open');
    expect(breaker.retryAt()).toBe(Date.UTC(2026, 10, 24, 8, 0, 10));
  });

  it('closes on reset', () => {
    // Prepare
    const breaker = openBreaker();

    // Act
    breaker.reset();

    // Assess
    expect(breaker.state()).toBe('closed');
    expect(transitions).toEqual([
      ['closed', 'open'],
      ['open', 'closed'],
    ]);
  });

  it('keeps working when onStateChange throws', () => {
    // Prepare
    const breaker = new CircuitBreaker({
      clock,
      failureThreshold: 1,
      onStateChange: () => {
        throw new Error('listener broke');
      },
    });

    // Act
    breaker.recordFailure();

    // Assess
    expect(breaker.state()).toBe('open');
  });

  it.each<[string, CircuitBreakerOptions]>([
    ['failureThreshold', { failureThreshold: 0 }],
    ['failureThreshold', { failureThreshold: 1.5 }],
    ['cooldownMs', { cooldownMs: -1 }],
    ['cooldownMs', { cooldownMs: Number.POSITIVE_INFINITY }],
    ['halfOpenMaxProbes', { halfOpenMaxProbes: 0 }],
    ['clock', { clock: { now: 5 } as never }],
    ['onStateChange', { onStateChange: 'log' as never }],
  ])('throws HealthConfigError naming %s for invalid options %p', (option, options) => {
    // Act
    const create = (): CircuitBreaker => new CircuitBreaker(options);

    // Assess
    expect(create).toThrow(HealthConfigError);
    expect(create).toThrow(`CircuitBreaker option "${option}"`);
  });
});

describe('CircuitOpenError', () => {
  it('names the target and the time of the next probe', () => {
    // Act
    const error = new CircuitOpenError('demo-persister', Date.UTC(2026, 10, 24, 8, 0, 30));

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CircuitOpenError');
    expect(error.code).toBe('CIRCUIT_OPEN');
    expect(error.target).toBe('demo-persister');
    expect(error.retryAt).toBe(Date.UTC(2026, 10, 24, 8, 0, 30));
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      'Circuit open for "demo-persister": calls are rejected until a probe is allowed at 2026-11-24T08:00:30.000Z',
    );
  });

  it('explains a rejection while a probe is in flight', () => {
    // Act
    const error = new CircuitOpenError('demo-persister');

    // Assess
    expect(error.retryAt).toBeUndefined();
    expect(error.message).toMatch(/"demo-persister": a probe is already in flight/);
  });
});
