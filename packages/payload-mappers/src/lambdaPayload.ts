import type { ExecuteErrorInfo, ExecuteRequest, ExecuteResponse, ExecuteTarget, JsonValue } from '@twinflow/core';
import { describeValue } from './describeValue';
import { EnvelopeValidationError, PayloadDecodeError } from './errors';
import { isPlainObject } from './inspectJson';
import { parseIsoTimestamp } from './timestamp';
import { isBytes, utf8Decoder, utf8Encoder } from './utf8';

/**
 * Encodes an {@link ExecuteRequest} as a Lambda payload: the UTF-8 JSON of exactly
 * `{ requestId, timestamp, trigger, source?, payload }` (other properties of `request` are not
 * sent). Built for the hot path: a few field checks, one `JSON.stringify`, a shared `TextEncoder`.
 *
 * @param request - requestId (non-empty string), timestamp (ISO-8601 string), trigger (non-empty
 *   string), source (optional string), payload (required, JSON-serialisable)
 * @returns the payload bytes for `InvokeCommand({ Payload })`
 * @throws EnvelopeValidationError whose `field` and message name the offending field
 * @example
 * ```ts
 * const Payload = toLambdaPayload({ requestId: event.eventId, timestamp: new Date().toISOString(), trigger: 'telemetry', payload: event });
 * await client.send(new InvokeCommand({ FunctionName: 'demo-thermostat-1-processor', Payload }));
 * ```
 */
export function toLambdaPayload(request: ExecuteRequest): Uint8Array {
  if (typeof request !== 'object' || request === null) throw new EnvelopeValidationError(`request: must be an object, got ${describeValue(request)}`, 'request');
  const { requestId, timestamp, trigger, source, payload } = request;
  if (typeof requestId !== 'string' || requestId.length === 0) {
    throw new EnvelopeValidationError(`requestId: must be a non-empty string, got ${describeValue(requestId)}`, 'requestId');
  }
  if (typeof timestamp !== 'string' || parseIsoTimestamp(timestamp) === undefined) {
    throw new EnvelopeValidationError(`timestamp: must be an ISO-8601 date-time string, got ${describeValue(timestamp)}`, 'timestamp');
  }
  if (typeof trigger !== 'string' || trigger.length === 0) {
    throw new EnvelopeValidationError(`trigger: must be a non-empty string, got ${describeValue(trigger)}`, 'trigger');
  }
  if (source !== undefined && typeof source !== 'string') {
    throw new EnvelopeValidationError(`source: must be a string when given, got ${describeValue(source)}`, 'source');
  }
  const payloadType: string = typeof payload;
  if (payload === undefined || payloadType === 'function' || payloadType === 'symbol') {
    throw new EnvelopeValidationError(`payload: is required and must be a JSON value, got ${payloadType}`, 'payload');
  }
  let text: string;
  try {
    text = JSON.stringify({ requestId, timestamp, trigger, source, payload });
  } catch (err) {
    // Cycles and BigInt throw TypeError; absurd nesting throws RangeError.
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new EnvelopeValidationError(`payload: is not JSON-serialisable (${why})`, 'payload', { cause: err });
  }
  return utf8Encoder.encode(text);
}

/**
 * Decodes a Lambda payload as UTF-8 JSON. An absent or empty payload is `undefined`.
 *
 * @param bytes - `InvokeCommandOutput.Payload`
 * @returns the parsed JSON value, or `undefined` for no body
 * @throws PayloadDecodeError when the body is not bytes, not UTF-8 or not JSON (the message shows
 *   the start of the text; `cause` is the underlying error)
 * @example
 * ```ts
 * const { Payload } = await client.send(new InvokeCommand({ FunctionName }));
 * const body = decodeLambdaPayload(Payload); // { statusCode: 200, ... } or undefined
 * ```
 */
export function decodeLambdaPayload(bytes: Uint8Array | undefined): JsonValue | undefined {
  if (bytes === undefined) return undefined;
  if (!isBytes(bytes)) throw new PayloadDecodeError(`response body must be bytes (Uint8Array), got ${describeValue(bytes)}`);
  if (bytes.byteLength === 0) return undefined;
  let text: string;
  try {
    text = utf8Decoder.decode(bytes);
  } catch (err) {
    throw new PayloadDecodeError(`response body is not valid UTF-8 (${bytes.byteLength} bytes)`, { cause: err });
  }
  try {
    return JSON.parse(text) as JsonValue;
  } catch (err) {
    throw new PayloadDecodeError(`response body is not JSON: ${describeValue(text)}`, { cause: err });
  }
}

/**
 * Maps a function's response body to an {@link ExecuteResponse}. An object with a boolean
 * `success` keeps `success`, `message` (string), `data`, `error` (`{ type, message, code?,
 * retryable? }`; a string error becomes `{ type: 'Error', message }`) and `targets` (entries that
 * are objects with a string `type`; default `[]`). Anything else (no body, malformed JSON, not an
 * object, no boolean `success`) becomes `{ success: false, error: { type: 'InvalidResponseError',
 * message }, targets: [] }` with a message saying what was wrong. Never throws.
 *
 * @param bytes - `InvokeCommandOutput.Payload` of a RequestResponse invocation
 * @example
 * ```ts
 * const response = fromLambdaPayload(output.Payload);
 * if (!response.success) log.warn('processor failed', { error: response.error });
 * ```
 */
export function fromLambdaPayload(bytes: Uint8Array | undefined): ExecuteResponse {
  let body: JsonValue | undefined;
  try {
    body = decodeLambdaPayload(bytes);
  } catch (err) {
    return invalidResponse(err instanceof Error ? err.message : 'response body could not be decoded');
  }
  if (body === undefined) return invalidResponse('response body is empty; expected a JSON object with a boolean "success" field');
  if (!isPlainObject(body)) return invalidResponse(`response body is ${describeValue(body)}, not a JSON object with a boolean "success" field`);
  const success = body['success'];
  if (typeof success !== 'boolean') {
    const lambdaError = typeof body['errorType'] === 'string' ? ` (it looks like a Lambda error: ${describeValue(body['errorType'])}: ${describeValue(body['errorMessage'])})` : '';
    return invalidResponse(`response body has no boolean "success" field${success === undefined ? '' : `, got ${describeValue(success)}`}${lambdaError}`);
  }
  const response: ExecuteResponse = { success, targets: readTargets(body['targets']) };
  if (typeof body['message'] === 'string') response.message = body['message'];
  if (body['data'] !== undefined) response.data = body['data'];
  const error = readError(body['error']);
  if (error !== undefined) response.error = error;
  return response;
}

function readTargets(value: unknown): ExecuteTarget[] {
  if (!Array.isArray(value)) return [];
  return value.filter((target): target is ExecuteTarget => isPlainObject(target) && typeof target['type'] === 'string');
}

function readError(value: unknown): ExecuteErrorInfo | undefined {
  if (typeof value === 'string') return { type: 'Error', message: value };
  if (!isPlainObject(value)) return undefined;
  const error: ExecuteErrorInfo = {
    type: typeof value['type'] === 'string' && value['type'] !== '' ? value['type'] : 'Error',
    message: typeof value['message'] === 'string' ? value['message'] : '(no message)',
  };
  if (typeof value['code'] === 'string') error.code = value['code'];
  if (typeof value['retryable'] === 'boolean') error.retryable = value['retryable'];
  return error;
}

function invalidResponse(message: string): ExecuteResponse {
  return { success: false, error: { type: 'InvalidResponseError', message }, targets: [] };
}
