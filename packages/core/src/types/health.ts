/** Overall health of a dependency. */
export type HealthState = 'healthy' | 'degraded' | 'unhealthy';

/** State of a circuit breaker. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Health of one dependency (a Lambda function, a table...).
 *
 * Two error rates: `errorRate` over the tracker's whole life (what dashboards and the module
 * SDK report), and `windowErrorRate` over the recent calls only (what drives `degraded`, so a
 * dependency that recovered stops looking degraded).
 *
 * @example
 * ```ts
 * const health: HealthStatus = {
 *   status: 'healthy',
 *   isHealthy: true,
 *   consecutiveFailures: 0,
 *   totalRequests: 4,
 *   totalFailures: 1,
 *   errorRate: 0.25,
 *   windowErrorRate: 0.25,
 *   circuit: 'closed',
 * };
 * ```
 */
export type HealthStatus = {
  /** `unhealthy` at >= 3 consecutive failures (configurable) or while the circuit is open; `degraded` while the rolling error rate is high. */
  status: HealthState;
  /** `false` exactly when `status` is `unhealthy`; a `degraded` dependency still serves most calls and counts as healthy. */
  isHealthy: boolean;
  /** Failures since the last success. */
  consecutiveFailures: number;
  /** Calls recorded since the tracker was created (or reset). */
  totalRequests: number;
  /** Failed calls recorded since the tracker was created (or reset). */
  totalFailures: number;
  /** `totalFailures / totalRequests`, 0..1 rounded to 4 decimals; `0` when there were no calls. */
  errorRate: number;
  /** Share of failed calls in the rolling window, 0..1 rounded to 4 decimals; drives `degraded`. */
  windowErrorRate: number;
  /** The most recent failure. */
  lastError?: { type: string; message: string; at: string };
  /** When the last call succeeded, ISO-8601 UTC. */
  lastSuccessAt?: string;
  /** Circuit breaker state (`closed` when no breaker is attached). */
  circuit: CircuitState;
  /** While the circuit is open: when it lets a probe through, ISO-8601 UTC (an operator's countdown). */
  circuitRetryAt?: string;
};
