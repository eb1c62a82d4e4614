import type { ExecuteErrorInfo, ExecuteRequest, ExecuteResponse, ExecuteTarget, JsonValue } from '@twinflow/core';
import { EnvelopeValidationError, PayloadDecodeError } from './errors';
import { isPlainObject, preview, utf8Decoder, utf8Encoder } from './json';

/**
 * Encodes an {@link ExecuteRequest} as the Lambda payload (UTF-8 JSON), after checking the envelope.
 *
 * @throws EnvelopeValidationError naming the field (requestId, timestamp, trigger, source, payload)
 * @example
 * ```ts
 * const Payload = toLambdaPayload({ requestId: 'r1', timestamp: new Date().toISOString(), trigger: 'telemetry', payload: event });
 * await client.send(new InvokeCommand({ FunctionName: 'demo-persister', Payload }));
 * ```
 */
export function toLambdaPayload(request: ExecuteRequest): Uint8Array {
  if (!isPlainObject(request)) throw new EnvelopeValidationError('request: must be an object');
  if (typeof request.requestId !== 'string' || request.requestId.length === 0) {
    throw new EnvelopeValidationError('requestId: must be a non-empty string', 'requestId');
  }
  if (typeof request.timestamp !== 'string' || Number.isNaN(Date.parse(request.timestamp))) {
    throw new EnvelopeValidationError('timestamp: must be an ISO-8601 string', 'timestamp');
  }
  if (typeof request.trigger !== 'string' || request.trigger.length === 0) {
    throw new EnvelopeValidationError('trigger: must be a non-empty string', 'trigger');
  }
  if (request.source !== undefined && typeof request.source !== 'string') {
    throw new EnvelopeValidationError('source: must be a string when given', 'source');
  }
  if (request.payload === undefined) throw new EnvelopeValidationError('payload: is required', 'payload');
  let text: string;
  try {
    text = JSON.stringify(request);
  } catch (err) {
    throw new EnvelopeValidationError('payload: is not serializable to JSON', 'payload', { cause: err });
  }
  return utf8Encoder.encode(text);
}

/**
 * Decodes a Lambda response body as JSON. Empty body → `undefined`.
 *
 * @throws PayloadDecodeError when the body is not JSON (message shows its start)
 * @example
 * ```ts
 * const { Payload } = await client.send(new InvokeCommand({ FunctionName }));
 * const result = decodeLambdaPayload(Payload);
 * ```
 */
export function decodeLambdaPayload(bytes: Uint8Array | undefined): JsonValue | undefined {
  if (bytes === undefined || bytes.byteLength === 0) return undefined;
  const text = utf8Decoder.decode(bytes);
  try {
    return JSON.parse(text) as JsonValue;
  } catch (err) {
    throw new PayloadDecodeError(`response body is not JSON: ${preview(text)}`, { cause: err });
  }
}

/**
 * Maps a function's response body to an {@link ExecuteResponse}. A body that is not an object
 * with a boolean `success` (empty, malformed, anything else) becomes a failure with error type
 * `InvalidResponseError`. Never throws.
 *
 * @example
 * ```ts
 * const response = fromLambdaPayload(Payload);
 * if (!response.success) log.warn('target failed', { error: response.error });
 * ```
 */
export function fromLambdaPayload(bytes: Uint8Array | undefined): ExecuteResponse {
  let body: JsonValue | undefined;
  try {
    body = decodeLambdaPayload(bytes);
  } catch (err) {
    return invalidResponse((err as Error).message);
  }
  if (body === undefined) return invalidResponse('response body is empty');
  if (!isPlainObject(body)) return invalidResponse(`response body is ${Array.isArray(body) ? 'an array' : typeof body}, not an object`);
  if (typeof body['success'] !== 'boolean') return invalidResponse('response body has no boolean "success" field');

  const response: ExecuteResponse = { success: body['success'], targets: readTargets(body['targets']) };
  if (typeof body['message'] === 'string') response.message = body['message'];
  if (body['data'] !== undefined) response.data = body['data'];
  const error = readError(body['error']);
  if (error) response.error = error;
  return response;
}

function readTargets(value: unknown): ExecuteTarget[] {
  if (!Array.isArray(value)) return [];
  return value.filter((t): t is ExecuteTarget => isPlainObject(t) && typeof t['type'] === 'string');
}

function readError(value: unknown): ExecuteErrorInfo | undefined {
  if (!isPlainObject(value)) return undefined;
  const error: ExecuteErrorInfo = {
    type: typeof value['type'] === 'string' ? value['type'] : 'Error',
    message: typeof value['message'] === 'string' ? value['message'] : 'no message',
  };
  if (typeof value['code'] === 'string') error.code = value['code'];
  if (typeof value['retryable'] === 'boolean') error.retryable = value['retryable'];
  return error;
}

function invalidResponse(message: string): ExecuteResponse {
  return { success: false, error: { type: 'InvalidResponseError', message }, targets: [] };
}
