/** Overall health of a dependency. */
export type HealthState = 'healthy' | 'degraded' | 'unhealthy';

/** State of a circuit breaker. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Health of one dependency (a Lambda function, a table...). */
export interface HealthStatus {
  /** `unhealthy` at >= 3 consecutive failures; `degraded` while the rolling error rate is high. */
  status: HealthState;
  /** Failures since the last success. */
  consecutiveFailures: number;
  /** Share of failed calls in the rolling window, 0..1. */
  errorRate: number;
  /** Calls recorded since the tracker was created. */
  totalRequests: number;
  /** The most recent failure. */
  lastError?: { type: string; message: string; at: string };
  /** When the last call succeeded, ISO-8601 UTC. */
  lastSuccessAt?: string;
  /** Circuit breaker state (`closed` when no breaker is attached). */
  circuit: CircuitState;
}
