import type { ExecuteErrorDetails, ExecuteResponse, ExecuteTarget, JsonObject, JsonValue } from '@twinflow/core';
import { describeValue, isPlainObject } from '@twinflow/core';

const SUCCESS_EXPECTED = 'not a JSON object with a boolean "success" field';
/** The module SDK's error of a failure whose body carries none. */
const UNKNOWN_ERROR = 'Unknown error';

/**
 * Maps a function's decoded response body to an {@link ExecuteResponse}, as the module SDK's
 * `LambdaAdapter._parse_lambda_response` does. Never throws.
 *
 * - A body that is a string holding JSON is parsed once more (a function that returns
 *   `JSON.stringify(result)`).
 * - The body must then be an object with a boolean `success`; anything else (no body, not an
 *   object, no boolean `success`) is `{ success: false, error, errorDetails: { type:
 *   'InvalidResponseError' }, targets: [] }`, the error saying what was wrong.
 * - `success` is kept, and `message` when it is a string.
 * - `data` holds every other top-level field as it is (all but `success`, `message` and `error`):
 *   `response_type`, `overlay_data`, `browser_source_url`, `targets`, custom fields. A body's own
 *   `data` field is one of them, so it nests: `{ success, data: { a: 1 } }` gives
 *   `data: { data: { a: 1 } }`. No other field: no `data`.
 * - `targets`: each string becomes `{ type }`, each object with a string `type` is kept, anything
 *   else is dropped; in the body's order; `[]` when the body has none.
 * - On a failure, `error` is the body's `error` string; an error object gives its `message` and
 *   `errorDetails` (`type`, default `Error`; `code`; `retryable`); no (or an empty) error gives
 *   `"Unknown error"`. A success never carries `error`.
 *
 * @param body - the decoded body (`decodeLambdaPayload(output.Payload)`), `undefined` for none
 * @example
 * ```ts
 * toExecuteResponse({ success: true, response_type: 'text', message: 'hi', targets: ['platform'] });
 * // { success: true, message: 'hi', data: { response_type: 'text', targets: ['platform'] }, targets: [{ type: 'platform' }] }
 * toExecuteResponse({ success: false });
 * // { success: false, error: 'Unknown error', targets: [] }
 * ```
 */
export function toExecuteResponse(body: unknown): ExecuteResponse {
  if (body === undefined) return invalidResponse(`response body is empty; expected a JSON object with a boolean "success" field`);
  const fields = typeof body === 'string' ? (parseObject(body) ?? body) : body;
  if (!isPlainObject(fields)) return invalidResponse(`response body is ${describeValue(body)}, ${SUCCESS_EXPECTED}`);
  const success = fields['success'];
  if (typeof success !== 'boolean') {
    const lambdaError =
      typeof fields['errorType'] === 'string'
        ? ` (it looks like a Lambda error: ${describeValue(fields['errorType'])}: ${describeValue(fields['errorMessage'])})`
        : '';
    return invalidResponse(`response body has no boolean "success" field${success === undefined ? '' : `, got ${describeValue(success)}`}${lambdaError}`);
  }

  const response: ExecuteResponse = { success, targets: readTargets(fields['targets']) };
  if (typeof fields['message'] === 'string') response.message = fields['message'];
  // Object.fromEntries defines own properties, so a "__proto__" key stays a plain field.
  const others = Object.entries(fields).filter(([key]) => key !== 'success' && key !== 'message' && key !== 'error');
  if (others.length > 0) response.data = Object.fromEntries(others) as JsonObject;
  if (!success) readError(fields['error'], response);
  return response;
}

/**
 * A failed {@link ExecuteResponse} for a response body that cannot be used.
 *
 * @example
 * ```ts
 * invalidResponse('response body is empty'); // { success: false, error: 'response body is empty', errorDetails: { type: 'InvalidResponseError' }, targets: [] }
 * ```
 */
export function invalidResponse(message: string): ExecuteResponse {
  return { success: false, error: message, errorDetails: { type: 'InvalidResponseError' }, targets: [] };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function readTargets(value: unknown): ExecuteTarget[] {
  if (!Array.isArray(value)) return [];
  const targets: ExecuteTarget[] = [];
  for (const target of value as JsonValue[]) {
    if (typeof target === 'string') targets.push({ type: target });
    else if (isPlainObject(target) && typeof target['type'] === 'string') targets.push(target as ExecuteTarget);
  }
  return targets;
}

function readError(value: unknown, response: ExecuteResponse): void {
  if (typeof value === 'string') {
    response.error = value === '' ? UNKNOWN_ERROR : value;
    return;
  }
  if (!isPlainObject(value)) {
    response.error = UNKNOWN_ERROR;
    return;
  }
  const message = value['message'];
  response.error = typeof message === 'string' && message !== '' ? message : UNKNOWN_ERROR;
  const type = value['type'];
  const details: ExecuteErrorDetails = { type: typeof type === 'string' && type !== '' ? type : 'Error' };
  if (typeof value['code'] === 'string') details.code = value['code'];
  if (typeof value['retryable'] === 'boolean') details.retryable = value['retryable'];
  response.errorDetails = details;
}
