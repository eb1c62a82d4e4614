import type { CircuitState } from '@twinflow/core';
import type { Clock } from './clock';

/**
 * Options of {@link CircuitBreaker}. Every field is optional.
 *
 * @example
 * ```ts
 * const breaker = new CircuitBreaker({
 *   failureThreshold: 3,
 *   cooldownMs: 10_000,
 *   onStateChange: (from, to) => logger.warn('circuit changed', { from, to }),
 * });
 * ```
 */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Integer 1..1000. Default `5`. */
  failureThreshold?: number;
  /** How long an open circuit rejects calls before allowing a probe (half-open), in ms. Default `30_000`. */
  cooldownMs?: number;
  /** How many probes may be in flight at once while half-open. Integer 1..1000. Default `1`. */
  halfOpenMaxProbes?: number;
  /** Time source. Default the system clock (`Date.now()`). */
  clock?: Clock;
  /**
   * Called on every transition, e.g. to log it. Exceptions thrown by the listener are
   * swallowed so a faulty listener cannot break the calls the breaker protects. Default none.
   */
  onStateChange?: (from: CircuitState, to: CircuitState) => void;
}
