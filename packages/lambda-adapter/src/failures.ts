import type { InvokeCommandOutput } from '@aws-sdk/client-lambda';
import type { ExecuteErrorDetails, ExecuteResponse, JsonValue } from '@twinflow/core';
import { classifyError } from '@twinflow/health';
import { decodeLambdaPayload } from '@twinflow/payload-mappers';
import { LambdaFunctionError } from './errors';
import type { LambdaFunctionErrorDetails } from './errors';

/**
 * Builds the {@link LambdaFunctionError} for a response that carries `FunctionError`, from the
 * function's error body `{ errorType, errorMessage, trace }` (tolerating a missing or unreadable
 * body); `attempts` is the attempt that got the answer.
 *
 * @example
 * ```ts
 * functionErrorFrom('demo-x', { FunctionError: 'Unhandled', StatusCode: 200, Payload: bytes, $metadata: {} }, 1);
 * ```
 */
export function functionErrorFrom(functionName: string, output: InvokeCommandOutput, attempts: number): LambdaFunctionError {
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
    attempts,
  };
  if (Array.isArray(trace) && trace.every((line) => typeof line === 'string')) details.trace = trace as string[];
  if (output.ExecutedVersion !== undefined) details.executedVersion = output.ExecutedVersion;
  return new LambdaFunctionError(details, { cause });
}

/**
 * Describes any thrown value as a failed `ExecuteResponse`: `error` is its message, as in the
 * module SDK; `errorDetails` its name (`type`), code and whether retrying later may help
 * (the error's own `retryable`, else {@link classifyError}'s verdict). No targets.
 *
 * @example
 * ```ts
 * failedResponse(new LambdaRetriesExhaustedError('demo-x', 4, cause));
 * // { success: false, error: 'Invoking "demo-x" failed after 4 attempts; ...', errorDetails: { type: 'LambdaRetriesExhaustedError', code: 'LAMBDA_RETRIES_EXHAUSTED', retryable: true }, targets: [] }
 * ```
 */
export function failedResponse(error: unknown): ExecuteResponse {
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : undefined;
  const name = fields?.['name'];
  const message = fields?.['message'];
  const code = fields?.['code'];
  const retryable = fields?.['retryable'];
  const details: ExecuteErrorDetails = { type: typeof name === 'string' && name !== '' ? name : 'Error' };
  if (typeof code === 'string') details.code = code;
  details.retryable = typeof retryable === 'boolean' ? retryable : classifyError(error).retryable;
  return {
    success: false,
    error: typeof message === 'string' && message !== '' ? message : fields === undefined ? String(error) : 'Unknown error',
    errorDetails: details,
    targets: [],
  };
}
