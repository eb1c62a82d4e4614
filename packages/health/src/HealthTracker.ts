import type { HealthState, HealthStatus } from '@twinflow/core';
import { CircuitBreaker } from './CircuitBreaker';
import { systemClock } from './clock';
import {
  DEFAULT_DEGRADED_ERROR_RATE,
  DEFAULT_MIN_CALLS_FOR_RATE,
  DEFAULT_UNHEALTHY_AFTER,
  DEFAULT_WINDOW_SIZE,
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_WINDOW_SIZE,
} from './constants';
import type { Clock } from './types/clock';
import type { HealthTrackerOptions } from './types/healthTracker';
import { clockOption, integerOption, invalid, positiveNumberOption } from './validateOption';

const OWNER = 'HealthTracker';

/**
 * Tracks the health of one dependency (a Lambda function, a table...) from the outcome of
 * the calls made to it: consecutive failures, lifetime totals and error rate, a rolling error
 * rate and the last error. Recording is O(1) and allocation-free (a fixed ring buffer), so it
 * can sit on a hot path.
 *
 * Status rules: `unhealthy` (and `isHealthy: false`) at `unhealthyAfter` consecutive failures
 * (default 3) or while the attached breaker is open; otherwise `degraded` while the window's
 * error rate (`windowErrorRate`) is at least `degradedErrorRate` (over at least
 * `minCallsForRate` calls); otherwise `healthy`. `errorRate` is `totalFailures / totalRequests`
 * over the tracker's life and never changes the status.
 *
 * @example
 * ```ts
 * const tracker = new HealthTracker('demo-persister');
 * try {
 *   await persist(item);
 *   tracker.recordSuccess();
 * } catch (err) {
 *   tracker.recordFailure(err);
 * }
 * tracker.status(); // { status: 'healthy', isHealthy: true, consecutiveFailures: 0, totalRequests: 1, totalFailures: 0, errorRate: 0, ... }
 * ```
 */
export class HealthTracker {
  /** Name of the tracked dependency; the component key in a {@link healthReport}. */
  public readonly name: string;

  private readonly windowSize: number;
  private readonly windowMs: number | undefined;
  private readonly unhealthyAfter: number;
  private readonly degradedErrorRate: number;
  private readonly minCallsForRate: number;
  private readonly clock: Clock;
  private readonly breaker: CircuitBreaker | undefined;

  // Ring buffer of the last `windowSize` outcomes: 1 = failure, 0 = success, with their times.
  private readonly outcomes: Uint8Array;
  private readonly times: Float64Array;
  private next = 0;
  private filled = 0;

  private consecutiveFailures = 0;
  private totalRequests = 0;
  private totalFailures = 0;
  private lastError: HealthStatus['lastError'];
  private lastSuccessAt: number | undefined;

  public constructor(name: string, options: HealthTrackerOptions = {}) {
    if (typeof name !== 'string' || name.trim() === '') throw invalid(OWNER, 'name', 'must be a non-empty string', name);
    if (typeof options !== 'object' || options === null) throw invalid(OWNER, 'options', 'must be an object', options);
    this.name = name;
    this.windowSize = integerOption(OWNER, 'windowSize', options.windowSize, DEFAULT_WINDOW_SIZE, 1, MAX_WINDOW_SIZE);
    this.windowMs = options.windowMs === undefined ? undefined : positiveNumberOption(OWNER, 'windowMs', options.windowMs, 0);
    this.unhealthyAfter = integerOption(OWNER, 'unhealthyAfter', options.unhealthyAfter, DEFAULT_UNHEALTHY_AFTER, 1, 1000);
    this.degradedErrorRate = rateOption(options.degradedErrorRate);
    this.minCallsForRate = integerOption(
      OWNER,
      'minCallsForRate',
      options.minCallsForRate,
      Math.min(DEFAULT_MIN_CALLS_FOR_RATE, this.windowSize),
      1,
      this.windowSize,
    );
    this.clock = clockOption(OWNER, options.clock, systemClock);
    if (options.breaker !== undefined && !(options.breaker instanceof CircuitBreaker)) {
      throw invalid(OWNER, 'breaker', 'must be a CircuitBreaker', options.breaker);
    }
    this.breaker = options.breaker;
    this.outcomes = new Uint8Array(this.windowSize);
    this.times = new Float64Array(this.windowSize);
  }

  /**
   * Records a successful call: resets the consecutive failures.
   *
   * @example
   * ```ts
   * tracker.recordSuccess();
   * ```
   */
  public recordSuccess(): void {
    const now = this.clock.now();
    this.push(0, now);
    this.consecutiveFailures = 0;
    this.lastSuccessAt = now;
  }

  /**
   * Records a failed call and remembers it as `lastError` (`type` is the error's name, or
   * `Error` for values that are not errors).
   *
   * @example
   * ```ts
   * tracker.recordFailure(new Error('connection reset'));
   * ```
   */
  public recordFailure(error: unknown): void {
    const now = this.clock.now();
    this.push(1, now);
    this.consecutiveFailures += 1;
    this.totalFailures += 1;
    this.lastError = { ...describeError(error), at: new Date(now).toISOString() };
  }

  /**
   * The current health (a fresh object each call).
   *
   * @example
   * ```ts
   * const { status, isHealthy, errorRate, windowErrorRate, circuit } = tracker.status();
   * ```
   */
  public status(): HealthStatus {
    const window = this.windowErrorRate();
    const circuit = this.breaker === undefined ? 'closed' : this.breaker.state();
    let status: HealthState = 'healthy';
    if (this.consecutiveFailures >= this.unhealthyAfter || circuit === 'open') status = 'unhealthy';
    else if (window.calls >= this.minCallsForRate && window.rate >= this.degradedErrorRate) status = 'degraded';

    const result: HealthStatus = {
      status,
      isHealthy: status !== 'unhealthy',
      consecutiveFailures: this.consecutiveFailures,
      totalRequests: this.totalRequests,
      totalFailures: this.totalFailures,
      errorRate: this.totalRequests === 0 ? 0 : round4(this.totalFailures / this.totalRequests),
      windowErrorRate: round4(window.rate),
      circuit,
    };
    if (this.lastError !== undefined) result.lastError = { ...this.lastError };
    if (this.lastSuccessAt !== undefined) result.lastSuccessAt = new Date(this.lastSuccessAt).toISOString();
    const retryAt = circuit === 'open' ? this.breaker?.retryAt() : undefined;
    if (retryAt !== undefined) result.circuitRetryAt = new Date(retryAt).toISOString();
    return result;
  }

  /**
   * Forgets every recorded call (the attached breaker, if any, is left alone).
   *
   * @example
   * ```ts
   * tracker.reset();
   * ```
   */
  public reset(): void {
    this.next = 0;
    this.filled = 0;
    this.consecutiveFailures = 0;
    this.totalRequests = 0;
    this.totalFailures = 0;
    this.lastError = undefined;
    this.lastSuccessAt = undefined;
  }

  private push(outcome: 0 | 1, now: number): void {
    this.outcomes[this.next] = outcome;
    this.times[this.next] = now;
    this.next = (this.next + 1) % this.windowSize;
    if (this.filled < this.windowSize) this.filled += 1;
    this.totalRequests += 1;
  }

  private windowErrorRate(): { rate: number; calls: number } {
    const oldest = this.windowMs === undefined ? -Infinity : this.clock.now() - this.windowMs;
    let calls = 0;
    let failures = 0;
    for (let i = 0; i < this.filled; i += 1) {
      if ((this.times[i] ?? 0) <= oldest) continue;
      calls += 1;
      failures += this.outcomes[i] ?? 0;
    }
    return { rate: calls === 0 ? 0 : failures / calls, calls };
  }
}

function round4(rate: number): number {
  return Math.round(rate * 10_000) / 10_000;
}

function rateOption(value: unknown): number {
  if (value === undefined) return DEFAULT_DEGRADED_ERROR_RATE;
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
    throw invalid(OWNER, 'degradedErrorRate', 'must be a number greater than 0 and at most 1', value);
  }
  return value;
}

function describeError(error: unknown): { type: string; message: string } {
  const fields = typeof error === 'object' && error !== null ? (error as { name?: unknown; message?: unknown }) : undefined;
  const type = typeof fields?.name === 'string' && fields.name !== '' ? fields.name : 'Error';
  const raw = typeof fields?.message === 'string' ? fields.message : fields === undefined ? String(error) : type;
  const message = raw.length > MAX_ERROR_MESSAGE_LENGTH ? `${raw.slice(0, MAX_ERROR_MESSAGE_LENGTH)}…` : raw;
  return { type, message };
}
