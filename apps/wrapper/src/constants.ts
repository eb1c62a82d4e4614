import type { RetryOptions } from '@twinflow/lambda-adapter';
import type { CircuitBreakerOptions } from '@twinflow/health';

/** Default `PROCESSOR_TIMEOUT_MS`: per-attempt limit of a processor invocation. */
export const DEFAULT_PROCESSOR_TIMEOUT_MS = 20_000;
/**
 * Default `PROCESSOR_BATCH_SIZE`: most readings of one device per processor invocation (one
 * `twinflow.processor-batch/1` request). `1` sends every reading on its own.
 */
export const DEFAULT_PROCESSOR_BATCH_SIZE = 25;
/** Each processor batch request stays under this many bytes, far inside Lambda's 6 MB for `RequestResponse`. */
export const MAX_PROCESSOR_BATCH_BYTES = 1024 * 1024;
/** Default `PROCESSOR_CONCURRENCY`: processor invocations in flight at once. */
export const DEFAULT_PROCESSOR_CONCURRENCY = 8;
/** Processor retries: throttling and 5xx only (function errors are never retried). */
export const PROCESSOR_RETRY: Required<RetryOptions> = { maxRetries: 2, initialDelayMs: 100, maxDelayMs: 2_000 };
/** One breaker per processor function: 5 consecutive failures open it for 30 s. */
export const PROCESSOR_CIRCUIT_BREAKER: CircuitBreakerOptions = { failureThreshold: 5, cooldownMs: 30_000 };

/** Persister hand-off retries (an `Event` invoke only queues, so this is about the Lambda API). */
export const PERSISTER_RETRY: Required<RetryOptions> = { maxRetries: 3, initialDelayMs: 100, maxDelayMs: 2_000 };
/** Per-attempt limit of queueing a persister invocation; queueing is fast, so short. */
export const PERSISTER_TIMEOUT_MS = 5_000;
/** Breaker in front of the persister. */
export const PERSISTER_CIRCUIT_BREAKER: CircuitBreakerOptions = { failureThreshold: 5, cooldownMs: 30_000 };
/** Each persister payload (the whole ExecuteRequest as JSON) stays under this many bytes. */
export const MAX_PERSIST_PAYLOAD_BYTES = 200 * 1024;
/** Persister chunks handed off at once. */
export const PERSIST_CONCURRENCY = 4;
