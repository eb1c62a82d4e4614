// The adapter's roadmap features, each standalone and opt-in; LambdaAdapter wires them in.
export { createPooledLambdaClient, DEFAULT_MAX_SOCKETS } from './connectionPool';
export type { PooledLambdaClientOptions } from './connectionPool';
export { AdapterMetrics, ADAPTER_METRIC, FUNCTION_NAME_DIMENSION, ERROR_TYPE_DIMENSION } from './metrics';
export type { AdapterMetricUnit, MetricsSink } from './metrics';
export { MemoryMetrics, DEFAULT_MEMORY_METRICS_MAX_SAMPLES, UNSCOPED_METRICS } from './memoryMetrics';
export type { DurationStats, FunctionMetrics, MemoryMetricsOptions } from './memoryMetrics';
export { ResponseCache, DEFAULT_CACHE_TTL_MS, DEFAULT_CACHE_MAX_ENTRIES } from './responseCache';
export type { ResponseCacheOptions, ResponseCacheStats } from './responseCache';
export { RateLimiter, DEFAULT_RATE_LIMIT_MAX_WAIT_MS } from './rateLimiter';
export type { RateLimitOptions } from './rateLimiter';
export { SqsDeadLetter, deadLetterEntry, deadLetterReason, DEFAULT_DEAD_LETTER_MAX_MESSAGE_BYTES } from './deadLetter';
export type { DeadLetterEntry, DeadLetterReason, DeadLetterSink, SqsDeadLetterOptions } from './deadLetter';
export { RateLimitedError, DeadLetterSendError } from './errors';
