import type { CircuitState } from '@twinflow/core';
import { systemClock } from './clock';
import { DEFAULT_COOLDOWN_MS, DEFAULT_FAILURE_THRESHOLD, DEFAULT_HALF_OPEN_MAX_PROBES } from './constants';
import type { CircuitBreakerOptions } from './types/circuitBreaker';
import type { Clock } from './types/clock';
import { clockOption, functionOption, integerOption, invalid, positiveNumberOption } from './validateOption';

const OWNER = 'CircuitBreaker';
const MAX_COUNT = 1000;

/**
 * A circuit breaker: after `failureThreshold` consecutive failures it opens and rejects calls
 * for `cooldownMs`; then it lets up to `halfOpenMaxProbes` probes through (half-open). A
 * successful probe closes it, a failed one opens it again for a fresh cooldown.
 *
 * Every `canRequest()` that returns `true` must be followed by `recordSuccess()`,
 * `recordFailure()` or `releaseProbe()`, so half-open probes are given back.
 * The breaker is synchronous and transport-agnostic; time comes from the injected `clock`.
 *
 * @example
 * ```ts
 * const breaker = new CircuitBreaker({ failureThreshold: 5, cooldownMs: 30_000 });
 * if (!breaker.canRequest()) throw new CircuitOpenError('demo-persister', breaker.retryAt());
 * try {
 *   await callTarget();
 *   breaker.recordSuccess();
 * } catch (err) {
 *   breaker.recordFailure();
 *   throw err;
 * }
 * ```
 */
export class CircuitBreaker {
  private readonly failureThreshold: number;
  private readonly cooldownMs: number;
  private readonly halfOpenMaxProbes: number;
  private readonly clock: Clock;
  private readonly onStateChange: ((from: CircuitState, to: CircuitState) => void) | undefined;

  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probesInFlight = 0;

  public constructor(options: CircuitBreakerOptions = {}) {
    if (typeof options !== 'object' || options === null) throw invalid(OWNER, 'options', 'must be an object', options);
    this.failureThreshold = integerOption(OWNER, 'failureThreshold', options.failureThreshold, DEFAULT_FAILURE_THRESHOLD, 1, MAX_COUNT);
    this.cooldownMs = positiveNumberOption(OWNER, 'cooldownMs', options.cooldownMs, DEFAULT_COOLDOWN_MS);
    this.halfOpenMaxProbes = integerOption(
      OWNER,
      'halfOpenMaxProbes',
      options.halfOpenMaxProbes,
      DEFAULT_HALF_OPEN_MAX_PROBES,
      1,
      MAX_COUNT,
    );
    this.clock = clockOption(OWNER, options.clock, systemClock);
    this.onStateChange = functionOption(OWNER, 'onStateChange', options.onStateChange, undefined);
  }

  /**
   * The current state. An open circuit whose cooldown has elapsed becomes `half-open` here
   * (lazily: there is no timer).
   *
   * @example
   * ```ts
   * if (breaker.state() === 'open') console.warn('target is failing; retry at', breaker.retryAt());
   * ```
   */
  public state(): CircuitState {
    if (this.current === 'open' && this.clock.now() >= this.openedAt + this.cooldownMs) {
      this.probesInFlight = 0;
      this.transition('half-open');
    }
    return this.current;
  }

  /**
   * Whether a call may go ahead now: always when closed, never when open; when half-open,
   * `true` while fewer than `halfOpenMaxProbes` probes are in flight (each `true` reserves one).
   *
   * @example
   * ```ts
   * if (!breaker.canRequest()) return { success: false, error: { type: 'CircuitOpenError', message: 'try later' } };
   * ```
   */
  public canRequest(): boolean {
    switch (this.state()) {
      case 'closed':
        return true;
      case 'open':
        return false;
      case 'half-open':
        if (this.probesInFlight >= this.halfOpenMaxProbes) return false;
        this.probesInFlight += 1;
        return true;
    }
  }

  /**
   * Records a successful call: a half-open circuit closes, the failure count resets.
   * A late success while open (a call admitted before the circuit opened) changes nothing.
   *
   * @example
   * ```ts
   * breaker.recordSuccess();
   * ```
   */
  public recordSuccess(): void {
    const state = this.state();
    if (state === 'open') return;
    this.failures = 0;
    this.probesInFlight = 0;
    if (state === 'half-open') this.transition('closed');
  }

  /**
   * Records a failed call: when closed, counts it and opens at `failureThreshold`; when
   * half-open, opens again with a fresh cooldown. A late failure while open does not extend the cooldown.
   *
   * @example
   * ```ts
   * breaker.recordFailure();
   * ```
   */
  public recordFailure(): void {
    const state = this.state();
    this.failures += 1;
    if (state === 'half-open' || (state === 'closed' && this.failures >= this.failureThreshold)) this.open();
  }

  /**
   * Gives back a half-open probe reserved by `canRequest()` without judging the target, for a
   * call that ended in a way that says nothing about the target's health (e.g. a caller error).
   *
   * @example
   * ```ts
   * if (breaker.canRequest()) {
   *   if (!isValid(request)) { breaker.releaseProbe(); throw new Error('bad request'); }
   * }
   * ```
   */
  public releaseProbe(): void {
    if (this.probesInFlight > 0) this.probesInFlight -= 1;
  }

  /**
   * When an open circuit will allow a probe (epoch ms); `undefined` unless the circuit is open.
   *
   * @example
   * ```ts
   * const at = breaker.retryAt();
   * if (at !== undefined) console.log(`probing at ${new Date(at).toISOString()}`);
   * ```
   */
  public retryAt(): number | undefined {
    return this.state() === 'open' ? this.openedAt + this.cooldownMs : undefined;
  }

  /**
   * Closes the circuit and forgets all failures (e.g. after a deployment fixed the target).
   *
   * @example
   * ```ts
   * breaker.reset();
   * ```
   */
  public reset(): void {
    this.failures = 0;
    this.probesInFlight = 0;
    this.transition('closed');
  }

  private open(): void {
    this.openedAt = this.clock.now();
    this.probesInFlight = 0;
    this.transition('open');
  }

  private transition(to: CircuitState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    if (this.onStateChange === undefined) return;
    try {
      this.onStateChange(from, to);
    } catch {
      // A listener (typically a logger) must never break the call path the breaker protects.
    }
  }
}
