import type { ExecuteResponse } from '@twinflow/core';

/** Failure-store reasons of the adapter errors a failed `execute` response names by type. */
const REASON_BY_ERROR_TYPE: Readonly<Record<string, string>> = {
  LambdaRetriesExhaustedError: 'retries-exhausted',
  LambdaTimeoutError: 'timeout',
  CircuitOpenError: 'circuit-open',
  LambdaFunctionError: 'function-error',
  LambdaInvocationError: 'invoke-rejected',
  PayloadTooLargeError: 'payload-too-large',
};

/** Options of {@link handOffFailure}. */
export interface HandOffFailureOptions {
  /** Retries the adapter was configured with (attempts = retries + 1 when they ran out). */
  maxRetries: number;
  /** Reason for an error type not in the table, e.g. `wrapper-unavailable`. */
  fallbackReason: string;
}

/** A failed asynchronous hand-off, ready for `createFailureRecord`. */
export interface HandOffFailure {
  /** An `Error` named after the adapter's error type, with its message and code. */
  error: Error;
  reason: string;
  /** Invocations made, as far as the error type tells. */
  attempts: number;
}

/**
 * Describes a failed `LambdaAdapter.execute` hand-off (dispatcher → wrapper, wrapper →
 * persister). `execute` reports errors as data (the `error` message and `errorDetails { type,
 * code, retryable }`) rather than typed errors, so the failure-store reason is looked up by
 * `errorDetails.type`.
 *
 * @param response - the failed response (its `error` and `errorDetails` are read)
 * @example
 * ```ts
 * const response = await wrapper.execute(request);
 * if (!response.success) {
 *   const { error, reason, attempts } = handOffFailure(response, { maxRetries: 3, fallbackReason: 'wrapper-unavailable' });
 * }
 * ```
 */
export function handOffFailure(response: Pick<ExecuteResponse, 'error' | 'errorDetails'>, options: HandOffFailureOptions): HandOffFailure {
  const details = response.errorDetails;
  const type = details?.type ?? 'HandOffError';
  const error = Object.assign(new Error(response.error ?? 'the hand-off failed without error details'), {
    name: type,
    ...(details?.code === undefined ? {} : { code: details.code }),
  });
  const attempts =
    type === 'LambdaRetriesExhaustedError' ? options.maxRetries + 1 : type === 'CircuitOpenError' || type === 'PayloadTooLargeError' ? 0 : 1;
  const reason = Object.hasOwn(REASON_BY_ERROR_TYPE, type) ? (REASON_BY_ERROR_TYPE[type] as string) : options.fallbackReason;
  return { error, reason, attempts };
}
