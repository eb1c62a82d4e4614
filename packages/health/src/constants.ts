/** Default {@link HealthTrackerOptions.windowSize}: the rolling window holds the last 20 calls. */
export const DEFAULT_WINDOW_SIZE = 20;
/** Default {@link HealthTrackerOptions.unhealthyAfter}: 3 consecutive failures make a dependency unhealthy. */
export const DEFAULT_UNHEALTHY_AFTER = 3;
/** Default {@link HealthTrackerOptions.degradedErrorRate}: half of the calls in the window failing is `degraded`. */
export const DEFAULT_DEGRADED_ERROR_RATE = 0.5;
/** Default {@link HealthTrackerOptions.minCallsForRate}: the error rate is only judged over at least 5 calls. */
export const DEFAULT_MIN_CALLS_FOR_RATE = 5;
/** Largest accepted {@link HealthTrackerOptions.windowSize} (keeps `status()` cheap). */
export const MAX_WINDOW_SIZE = 10_000;
/** Longest error message kept in `lastError` (longer ones are cut, so a huge error cannot bloat reports). */
export const MAX_ERROR_MESSAGE_LENGTH = 500;

/** Default {@link CircuitBreakerOptions.failureThreshold}: 5 consecutive failures open the circuit. */
export const DEFAULT_FAILURE_THRESHOLD = 5;
/** Default {@link CircuitBreakerOptions.cooldownMs}: an open circuit allows a probe after 30 s. */
export const DEFAULT_COOLDOWN_MS = 30_000;
/** Default {@link CircuitBreakerOptions.halfOpenMaxProbes}: one probe at a time while half-open. */
export const DEFAULT_HALF_OPEN_MAX_PROBES = 1;

/** Default HTTP status of the health handler when the report is `unhealthy`. */
export const DEFAULT_UNHEALTHY_STATUS_CODE = 503;
