import { TwinflowError, ValidationError } from '@twinflow/core';
import type { TwinflowErrorOptions } from '@twinflow/core';
import type { InvocationType } from './types/options';

/**
 * An option of {@link LambdaAdapter} is invalid. Thrown by the constructor (and by `invoke`
 * for invalid per-call options); the message and `option` name the offending option.
 *
 * @example
 * ```ts
 * new LambdaAdapter({ functionName: 'demo-persister', timeoutMs: 0 });
 * // LambdaAdapterConfigError: Invalid option "timeoutMs": must be an integer from 1 to 900000, got number 0
 * ```
 */
export class LambdaAdapterConfigError extends TwinflowError {
  public override readonly name: string = 'LambdaAdapterConfigError';
  /** Dotted name of the offending option, e.g. `retry.maxRetries`. */
  public readonly option: string;

  public constructor(message: string, option: string, options: TwinflowErrorOptions = {}) {
    super(message, 'LAMBDA_ADAPTER_CONFIG_INVALID', options);
    this.option = option;
  }
}

/**
 * Base of the errors `invoke` throws about an invocation. `retryable` says whether the same
 * call may succeed later (the adapter has already retried what it could); `reason` is the
 * failure-store reason and `attempts` the attempts made (0: refused before any), both read by
 * `failureOf` from `@twinflow/core`.
 *
 * @example
 * ```ts
 * catch (err) { if (err instanceof LambdaAdapterError && err.retryable) await requeue(reading, { reason: err.reason, attempts: err.attempts }); }
 * ```
 */
export class LambdaAdapterError extends TwinflowError {
  public override readonly name: string = 'LambdaAdapterError';
  /** The resolved function name that was invoked. */
  public readonly functionName: string;

  public constructor(message: string, code: string, functionName: string, retryable: boolean, options: TwinflowErrorOptions = {}) {
    super(message, code, { ...options, retryable });
    this.functionName = functionName;
  }
}

/**
 * Details of a {@link LambdaFunctionError}.
 *
 * @example
 * ```ts
 * new LambdaFunctionError({ functionName: 'demo-x', functionError: 'Unhandled', errorType: 'TypeError', errorMessage: 'boom', statusCode: 200 });
 * ```
 */
export interface LambdaFunctionErrorDetails {
  functionName: string;
  /** Lambda's `FunctionError` header. */
  functionError: 'Unhandled' | 'Handled';
  /** `errorType` from the function's error body, e.g. `TypeError`; `Error` when absent. */
  errorType: string;
  /** `errorMessage` from the function's error body. */
  errorMessage: string;
  /** `trace` (stack lines) from the function's error body, when present. */
  trace?: string[];
  /** HTTP status of the invocation (200 even though the function failed). */
  statusCode: number;
  /** The version that ran. */
  executedVersion?: string;
  /** The attempt that got this answer, from 1 (the error's `attempts`). Default unset. */
  attempts?: number;
}

/**
 * The function ran and failed (the response carried `FunctionError`). Never retried: running
 * it again would fail the same way (and could repeat side effects). Reason `function-error`;
 * `attempts` is the attempt that got the answer.
 *
 * @example
 * ```ts
 * catch (err) { if (err instanceof LambdaFunctionError) log.error('processor threw', { type: err.errorType }); }
 * ```
 */
export class LambdaFunctionError extends LambdaAdapterError {
  public override readonly name: string = 'LambdaFunctionError';
  /** Lambda's `FunctionError` header: `Unhandled` (the handler threw) or `Handled`. */
  public readonly functionError: 'Unhandled' | 'Handled';
  /** The function's error type, e.g. `TypeError`, `Sandbox.Timedout`. */
  public readonly errorType: string;
  /** The function's error message. */
  public readonly errorMessage: string;
  /** The function's stack lines, when it reported them. */
  public readonly trace?: string[];
  /** HTTP status of the invocation (200: the invocation worked, the function did not). */
  public readonly statusCode: number;
  /** The version that ran. */
  public readonly executedVersion?: string;

  public constructor(details: LambdaFunctionErrorDetails, options: TwinflowErrorOptions = {}) {
    super(
      `Function "${details.functionName}" failed (${details.functionError}): ${details.errorType}: ${details.errorMessage}`,
      'LAMBDA_FUNCTION_ERROR',
      details.functionName,
      false,
      { reason: 'function-error', attempts: details.attempts, ...options },
    );
    this.functionError = details.functionError;
    this.errorType = details.errorType;
    this.errorMessage = details.errorMessage;
    if (details.trace !== undefined) this.trace = details.trace;
    this.statusCode = details.statusCode;
    if (details.executedVersion !== undefined) this.executedVersion = details.executedVersion;
  }
}

/**
 * Lambda rejected the invocation with an error that retrying cannot fix (function not found,
 * access denied, invalid parameter, 4xx...). The AWS error is the `cause`. Reason
 * `function-not-found` for `ResourceNotFoundException`, else `invoke-rejected`; `attempts` as given.
 *
 * @example
 * ```ts
 * catch (err) { if (err instanceof LambdaInvocationError) console.error(err.errorName, err.statusCode); }
 * ```
 */
export class LambdaInvocationError extends LambdaAdapterError {
  public override readonly name: string = 'LambdaInvocationError';
  declare public readonly retryable: false;
  /** The AWS error's name or code, e.g. `ResourceNotFoundException`. */
  public readonly errorName: string;
  /** HTTP status of the failed request, when known. */
  public readonly statusCode?: number;

  public constructor(functionName: string, errorName: string, statusCode: number | undefined, cause: unknown, attempts?: number) {
    const status = statusCode === undefined ? '' : ` (HTTP ${statusCode})`;
    super(`Invoking "${functionName}" failed with ${errorName}${status}: ${messageOf(cause)}`, 'LAMBDA_INVOCATION_FAILED', functionName, false, {
      cause,
      reason: errorName === 'ResourceNotFoundException' ? 'function-not-found' : 'invoke-rejected',
      attempts,
    });
    this.errorName = errorName;
    if (statusCode !== undefined) this.statusCode = statusCode;
  }
}

/**
 * Every attempt failed with a retryable error (throttling, 5xx, network, timeout); the last
 * one is the `cause`. Trying again later may succeed. Reason `timeout` when the last attempt
 * timed out (a {@link LambdaTimeoutError} cause), else `retries-exhausted`.
 *
 * @example
 * ```ts
 * catch (err) { if (err instanceof LambdaRetriesExhaustedError) await failureStore.put({ reason: 'throttled', attempts: err.attempts }); }
 * ```
 */
export class LambdaRetriesExhaustedError extends LambdaAdapterError {
  public override readonly name: string = 'LambdaRetriesExhaustedError';
  declare public readonly retryable: true;
  /** Attempts made (`retry.maxRetries + 1`). */
  declare public readonly attempts: number;

  public constructor(functionName: string, attempts: number, cause: unknown) {
    super(
      `Invoking "${functionName}" failed after ${attempts} attempt${attempts === 1 ? '' : 's'}; last error: ${nameOf(cause)}: ${messageOf(cause)}`,
      'LAMBDA_RETRIES_EXHAUSTED',
      functionName,
      true,
      { cause, reason: cause instanceof LambdaTimeoutError ? 'timeout' : 'retries-exhausted', attempts },
    );
  }
}

/**
 * One attempt took longer than `timeoutMs` and was aborted. Retryable (reason `timeout`,
 * `attempts` = its `attempt`); after the last attempt it becomes the `cause` of a
 * {@link LambdaRetriesExhaustedError}.
 *
 * @example
 * ```ts
 * new LambdaTimeoutError('demo-persister', 30_000, 1);
 * ```
 */
export class LambdaTimeoutError extends LambdaAdapterError {
  public override readonly name: string = 'LambdaTimeoutError';
  declare public readonly retryable: true;
  /** The limit that was exceeded, in ms. */
  public readonly timeoutMs: number;
  /** Which attempt timed out, from 1. */
  public readonly attempt: number;

  public constructor(functionName: string, timeoutMs: number, attempt: number, options: TwinflowErrorOptions = {}) {
    super(`Invoking "${functionName}" timed out after ${timeoutMs} ms (attempt ${attempt})`, 'LAMBDA_TIMEOUT', functionName, true, {
      reason: 'timeout',
      attempts: attempt,
      ...options,
    });
    this.timeoutMs = timeoutMs;
    this.attempt = attempt;
  }
}

/**
 * The request payload exceeds Lambda's limit for the invocation type (6 MB sync, 256 KB
 * `Event`). Checked before sending: no request is made (reason `payload-too-large`, `attempts` 0).
 *
 * @example
 * ```ts
 * catch (err) { if (err instanceof PayloadTooLargeError) console.error(err.sizeBytes, err.limitBytes); }
 * ```
 */
export class PayloadTooLargeError extends LambdaAdapterError {
  public override readonly name: string = 'PayloadTooLargeError';
  declare public readonly retryable: false;
  /** Size of the encoded payload, in bytes. */
  public readonly sizeBytes: number;
  /** Lambda's limit for `invocationType`, in bytes. */
  public readonly limitBytes: number;
  /** The invocation type the limit applies to. */
  public readonly invocationType: InvocationType;

  public constructor(functionName: string, sizeBytes: number, limitBytes: number, invocationType: InvocationType) {
    super(
      `Payload for "${functionName}" is ${sizeBytes} bytes (${formatBytes(sizeBytes)}), over the ${limitBytes}-byte (${formatBytes(limitBytes)}) limit of ${invocationType} invocations`,
      'LAMBDA_PAYLOAD_TOO_LARGE',
      functionName,
      false,
      { reason: 'payload-too-large', attempts: 0 },
    );
    this.sizeBytes = sizeBytes;
    this.limitBytes = limitBytes;
    this.invocationType = invocationType;
  }
}

/**
 * The payload given to `invoke` cannot be encoded as JSON (a cycle, a BigInt...). No request is
 * made (`attempts` 0; reason the default `internal-error`: a caller's bug, not the reading's).
 *
 * @example
 * ```ts
 * const cyclic: Record<string, unknown> = {};
 * cyclic['self'] = cyclic;
 * await adapter.invoke(cyclic as never); // throws InvalidPayloadError
 * ```
 */
export class InvalidPayloadError extends ValidationError {
  public override readonly name: string = 'InvalidPayloadError';
  public constructor(message: string, options: TwinflowErrorOptions = {}) {
    super(message, 'payload', 'LAMBDA_PAYLOAD_INVALID', { attempts: 0, ...options });
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(2)} MiB`;
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function nameOf(error: unknown): string {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name !== '' ? name : 'Error';
}

function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}
