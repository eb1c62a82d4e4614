/**
 * Source of the current time, injectable so tests can move time without waiting.
 *
 * @example
 * ```ts
 * let now = 0;
 * const clock: Clock = { now: () => now };
 * const breaker = new CircuitBreaker({ clock });
 * now += 30_000; // the cooldown has elapsed
 * ```
 */
export interface Clock {
  /** Current time in epoch milliseconds. */
  now(): number;
}
