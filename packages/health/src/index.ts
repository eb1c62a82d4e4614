export { HealthTracker } from './HealthTracker';
export { CircuitBreaker } from './CircuitBreaker';
export { healthReport } from './healthReport';
export { createHealthHandler } from './createHealthHandler';
export { CircuitOpenError, HealthConfigError } from './errors';
export { systemClock } from './clock';
export { RetryStrategy, sleep } from './retry/RetryStrategy';
export type { RetryStrategyOptions } from './retry/RetryStrategy';
export { classifyError, isThrottling } from './retry/classifyError';
export type { ErrorClassification } from './retry/classifyError';
export { withRetries } from './retry/withRetries';
export type { GiveUp, RetryEvent, WithRetriesOptions } from './retry/withRetries';
export {
  DEFAULT_WINDOW_SIZE,
  DEFAULT_UNHEALTHY_AFTER,
  DEFAULT_DEGRADED_ERROR_RATE,
  DEFAULT_MIN_CALLS_FOR_RATE,
  DEFAULT_FAILURE_THRESHOLD,
  DEFAULT_COOLDOWN_MS,
  DEFAULT_HALF_OPEN_MAX_PROBES,
  DEFAULT_UNHEALTHY_STATUS_CODE,
} from './constants';
export type { Clock } from './types/clock';
export type { HealthTrackerOptions } from './types/healthTracker';
export type { CircuitBreakerOptions } from './types/circuitBreaker';
export type { HealthReport, HealthReportOptions, HealthHandlerOptions, HealthHandlerResponse } from './types/healthReport';
