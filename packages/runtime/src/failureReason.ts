import { InvalidDeviceIdError, ProcessorOutputError, UnknownDeviceError } from '@twinflow/core';
import { CircuitOpenError } from '@twinflow/health';
import {
  LambdaFunctionError,
  LambdaInvocationError,
  LambdaRetriesExhaustedError,
  LambdaTimeoutError,
  PayloadTooLargeError,
} from '@twinflow/lambda-adapter';
import { HotTableItemError, TelemetryValidationError } from '@twinflow/payload-mappers';

/**
 * The short, stable failure-store reason for an error — what `npm run failures -- list
 * --reason …` filters on and what dashboards count.
 *
 * | error | reason |
 * | --- | --- |
 * | TelemetryValidationError | its own `reason` (`malformed-json`, `invalid-device-id`, …) |
 * | InvalidDeviceIdError / UnknownDeviceError | `invalid-device-id` / `unknown-device` |
 * | CircuitOpenError | `circuit-open` |
 * | LambdaFunctionError | `function-error` |
 * | LambdaTimeoutError, or retries exhausted after timeouts | `timeout` |
 * | LambdaRetriesExhaustedError | `retries-exhausted` (throttling, 5xx, network) |
 * | LambdaInvocationError | `function-not-found` for ResourceNotFoundException, else `invoke-rejected` |
 * | PayloadTooLargeError | `payload-too-large` |
 * | ProcessorOutputError | `invalid-output` |
 * | HotTableItemError | `invalid-item` |
 * | ConditionalCheckFailedException | `key-conflict` |
 * | anything else | `internal-error` |
 *
 * @example
 * ```ts
 * failureReasonOf(new UnknownDeviceError('pump-9')); // 'unknown-device'
 * ```
 */
export function failureReasonOf(error: unknown): string {
  if (error instanceof TelemetryValidationError) return error.reason;
  if (error instanceof UnknownDeviceError) return 'unknown-device';
  if (error instanceof InvalidDeviceIdError) return 'invalid-device-id';
  if (error instanceof CircuitOpenError) return 'circuit-open';
  if (error instanceof LambdaFunctionError) return 'function-error';
  if (error instanceof LambdaTimeoutError) return 'timeout';
  if (error instanceof LambdaRetriesExhaustedError) return error.cause instanceof LambdaTimeoutError ? 'timeout' : 'retries-exhausted';
  if (error instanceof LambdaInvocationError) return error.errorName === 'ResourceNotFoundException' ? 'function-not-found' : 'invoke-rejected';
  if (error instanceof PayloadTooLargeError) return 'payload-too-large';
  if (error instanceof ProcessorOutputError) return 'invalid-output';
  if (error instanceof HotTableItemError) return 'invalid-item';
  if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return 'key-conflict';
  return 'internal-error';
}
