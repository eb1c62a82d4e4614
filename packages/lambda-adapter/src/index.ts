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
export { classifyError } from './classifyError';
export type { ErrorClassification } from './classifyError';
export { RetryStrategy, sleep } from './backoff';
export type { RetryStrategyOptions } from './backoff';
export { resolveFunctionName, isValidQualifier } from './functionName';
export type { FunctionNameKind, ResolvedFunctionName } from './functionName';
export {
  DEFAULT_MAX_RETRIES,
  DEFAULT_INITIAL_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_INVOCATION_TYPE,
  MAX_RETRIES_LIMIT,
  MAX_TIMEOUT_MS,
  MAX_SYNC_PAYLOAD_BYTES,
  MAX_ASYNC_PAYLOAD_BYTES,
} from './constants';
export type { InvocationType, InvokeOptions, LambdaAdapterOptions, RetryOptions } from './types/options';
export type { LambdaAdapterRequest, LambdaRequestPayload, LambdaAdapterCodec, BuildPayloadHook, ParseResponseHook } from './types/codec';
export type { LambdaInvokeResult } from './types/result';
