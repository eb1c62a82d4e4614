import type { ExecuteErrorInfo } from '@twinflow/core';

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
 * persister). `execute` reports errors as plain info rather than typed errors, so the
 * failure-store reason is looked up by the error's type name.
 *
 * @example
 * ```ts
 * const response = await wrapper.execute(request);
 * if (!response.success) {
 *   const { error, reason, attempts } = handOffFailure(response.error, { maxRetries: 3, fallbackReason: 'wrapper-unavailable' });
 * }
 * ```
 */
export function handOffFailure(info: ExecuteErrorInfo | undefined, options: HandOffFailureOptions): HandOffFailure {
  const type = info?.type ?? 'HandOffError';
  const error = Object.assign(new Error(info?.message ?? 'the hand-off failed without error details'), {
    name: type,
    ...(info?.code === undefined ? {} : { code: info.code }),
  });
  const attempts =
    type === 'LambdaRetriesExhaustedError' ? options.maxRetries + 1 : type === 'CircuitOpenError' || type === 'PayloadTooLargeError' ? 0 : 1;
  const reason = Object.hasOwn(REASON_BY_ERROR_TYPE, type) ? (REASON_BY_ERROR_TYPE[type] as string) : options.fallbackReason;
  return { error, reason, attempts };
}
