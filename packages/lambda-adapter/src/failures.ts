import type { InvokeCommandOutput } from '@aws-sdk/client-lambda';
import type { ExecuteErrorInfo, JsonValue } from '@twinflow/core';
import { decodeLambdaPayload } from '@twinflow/payload-mappers';
import { classifyError } from './classifyError';
import { LambdaFunctionError } from './errors';
import type { LambdaFunctionErrorDetails } from './errors';

/**
 * Builds the {@link LambdaFunctionError} for a response that carries `FunctionError`, from the
 * function's error body `{ errorType, errorMessage, trace }` (tolerating a missing or unreadable body).
 *
 * @example
 * ```ts
 * functionErrorFrom('demo-x', { FunctionError: 'Unhandled', StatusCode: 200, Payload: bytes, $metadata: {} });
 * ```
 */
export function functionErrorFrom(functionName: string, output: InvokeCommandOutput): LambdaFunctionError {
  const functionError = output.FunctionError === 'Handled' ? 'Handled' : 'Unhandled';
  let body: JsonValue | undefined;
  let cause: unknown;
  try {
    body = decodeLambdaPayload(output.Payload);
  } catch (error) {
    cause = error;
  }
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
  const errorType = fields['errorType'];
  const errorMessage = fields['errorMessage'];
  const trace = fields['trace'];
  const details: LambdaFunctionErrorDetails = {
    functionName,
    functionError,
    errorType: typeof errorType === 'string' && errorType !== '' ? errorType : 'Error',
    errorMessage:
      typeof errorMessage === 'string'
        ? errorMessage
        : typeof body === 'string'
          ? body
          : `the function failed (${functionError}) without an error message`,
    statusCode: output.StatusCode ?? 200,
  };
  if (Array.isArray(trace) && trace.every((line) => typeof line === 'string')) details.trace = trace as string[];
  if (output.ExecutedVersion !== undefined) details.executedVersion = output.ExecutedVersion;
  return new LambdaFunctionError(details, cause === undefined ? {} : { cause });
}

/**
 * Describes any thrown value as an `ExecuteResponse` error: its name, message, code and
 * whether retrying later may help.
 *
 * @example
 * ```ts
 * toExecuteErrorInfo(new LambdaRetriesExhaustedError('demo-x', 4, cause)); // { type: 'LambdaRetriesExhaustedError', ..., retryable: true }
 * ```
 */
export function toExecuteErrorInfo(error: unknown): ExecuteErrorInfo {
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : undefined;
  const name = fields?.['name'];
  const message = fields?.['message'];
  const code = fields?.['code'];
  const retryable = fields?.['retryable'];
  const info: ExecuteErrorInfo = {
    type: typeof name === 'string' && name !== '' ? name : 'Error',
    message: typeof message === 'string' ? message : fields === undefined ? String(error) : 'unknown error',
  };
  if (typeof code === 'string') info.code = code;
  info.retryable = typeof retryable === 'boolean' ? retryable : classifyError(error).retryable;
  return info;
}
