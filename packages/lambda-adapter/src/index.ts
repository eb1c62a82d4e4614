export { LambdaAdapter } from './LambdaAdapter';
export {
  LambdaAdapterConfigError,
  LambdaAdapterError,
  LambdaFunctionError,
  LambdaInvocationError,
  LambdaRetriesExhaustedError,
  LambdaTimeoutError,
  PayloadTooLargeError,
  InvalidPayloadError,
} from './errors';
export type { LambdaFunctionErrorDetails } from './errors';
export { CircuitOpenError } from '@twinflow/health';
// The retry module lives in @twinflow/health; re-exported here, where it was first published.
export { classifyError, RetryStrategy, sleep } from '@twinflow/health';
export type { ErrorClassification, RetryStrategyOptions } from '@twinflow/health';
export { resolveFunctionName, isValidQualifier } from './functionName';
export type { FunctionNameKind, ResolvedFunctionName } from './functionName';
export {
  DEFAULT_MAX_RETRIES,
  DEFAULT_INITIAL_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_INVOCATION_TYPE,
  DEFAULT_MODULE_VERSION,
  MAX_RETRIES_LIMIT,
  MAX_TIMEOUT_MS,
  MAX_SYNC_PAYLOAD_BYTES,
  MAX_ASYNC_PAYLOAD_BYTES,
} from './constants';
export type { InvocationType, InvokeOptions, LambdaAdapterOptions, RetryOptions } from './types/options';
export type { LambdaAdapterModuleOptions, ModuleInfo } from './types/module';
export type { LambdaAdapterFeatureOptions } from './types/features';
export type { LambdaAdapterRequest, LambdaRequestPayload, LambdaAdapterCodec, BuildPayloadHook, ParseResponseHook } from './types/codec';
export type { LambdaInvokeResult } from './types/result';

// The opt-in features (each usable on its own, and wired into LambdaAdapter by its options).
export { createPooledLambdaClient, DEFAULT_MAX_SOCKETS, MAX_SOCKETS_LIMIT } from './roadmap/connectionPool';
export type { PooledLambdaClientOptions } from './roadmap/connectionPool';
export { AdapterMetrics, ADAPTER_METRIC, FUNCTION_NAME_DIMENSION, ERROR_TYPE_DIMENSION } from './roadmap/metrics';
export type { AdapterMetricUnit, MetricsSink } from './roadmap/metrics';
export { MemoryMetrics, DEFAULT_MEMORY_METRICS_MAX_SAMPLES, UNSCOPED_METRICS } from './roadmap/memoryMetrics';
export type { DurationStats, FunctionMetrics, MemoryMetricsOptions } from './roadmap/memoryMetrics';
export { ResponseCache, DEFAULT_CACHE_TTL_MS, DEFAULT_CACHE_MAX_ENTRIES } from './roadmap/responseCache';
export type { ResponseCacheOptions, ResponseCacheStats } from './roadmap/responseCache';
export { RateLimiter, DEFAULT_RATE_LIMIT_MAX_WAIT_MS } from './roadmap/rateLimiter';
export type { RateLimitOptions } from './roadmap/rateLimiter';
export { SqsDeadLetter, deadLetterEntry, deadLetterReason, DEFAULT_DEAD_LETTER_MAX_MESSAGE_BYTES } from './roadmap/deadLetter';
export type { DeadLetterEntry, DeadLetterReason, DeadLetterSink, SqsDeadLetterOptions } from './roadmap/deadLetter';
export { RateLimitedError, DeadLetterSendError } from './roadmap/errors';
