import type { RetryOptions } from '@twinflow/lambda-adapter';
import type { CircuitBreakerOptions } from '@twinflow/health';

/**
 * Default `WRAPPER_BATCH_SIZE`: readings per wrapper invocation. A gateway message of 25 readings
 * then costs one wrapper invocation, which sends each device's readings to its processor in one call.
 */
export const DEFAULT_WRAPPER_BATCH_SIZE = 25;
/**
 * Each wrapper invocation (the whole ExecuteRequest as JSON) stays under this many bytes, well
 * inside Lambda's 256 KB limit for `Event` invocations.
 */
export const MAX_WRAPPER_PAYLOAD_BYTES = 200 * 1024;
/** Wrapper hand-off retries: throttling, 5xx and network errors of the Lambda API. */
export const WRAPPER_RETRY: Required<RetryOptions> = { maxRetries: 3, initialDelayMs: 100, maxDelayMs: 2_000 };
/** Per-attempt limit of queueing a wrapper invocation; an `Event` invoke answers in milliseconds. */
export const WRAPPER_TIMEOUT_MS = 5_000;
/** Breaker in front of the wrapper: 5 consecutive failed hand-offs open it for 30 s. */
export const WRAPPER_CIRCUIT_BREAKER: CircuitBreakerOptions = { failureThreshold: 5, cooldownMs: 30_000 };
/** Wrapper invocations queued at once. */
export const DISPATCH_CONCURRENCY = 4;
/** Reason of a failed hand-off whose error knows none (not a twinflow error). */
export const WRAPPER_UNAVAILABLE = 'wrapper-unavailable';