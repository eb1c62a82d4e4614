import type { CircuitBreaker } from '../CircuitBreaker';
import type { Clock } from './clock';

/**
 * Options of {@link HealthTracker}. Every field is optional.
 *
 * @example
 * ```ts
 * const tracker = new HealthTracker('demo-persister', { windowSize: 50, windowMs: 60_000, unhealthyAfter: 5 });
 * ```
 */
export interface HealthTrackerOptions {
  /** How many of the most recent calls the rolling error rate (`windowErrorRate`) is computed over. Integer 1..10000. Default `20`. */
  windowSize?: number;
  /**
   * When set, only calls newer than this many ms count in the rolling window (on top of
   * `windowSize`), so old failures stop weighing on the error rate. Default `undefined` (count-based only).
   */
  windowMs?: number;
  /** Consecutive failures that make the status `unhealthy` (and `isHealthy` false). Integer 1..1000. Default `3`. */
  unhealthyAfter?: number;
  /**
   * Rolling error rate (`windowErrorRate`, 0..1] at or above which the status is `degraded`,
   * once the window holds at least `minCallsForRate` calls. Default `0.5`.
   */
  degradedErrorRate?: number;
  /** Calls the window must hold before the error rate can make the status `degraded`. Integer 1..windowSize. Default `5`. */
  minCallsForRate?: number;
  /** Time source for `lastError.at`, `lastSuccessAt` and `windowMs`. Default the system clock (`Date.now()`). */
  clock?: Clock;
  /** A breaker whose state `status().circuit` reports (an open circuit makes the status `unhealthy`). Default none (`circuit: 'closed'`). */
  breaker?: CircuitBreaker;
}
