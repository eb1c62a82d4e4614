import type { ExecuteRequest, ExecuteResponse, JsonValue } from '@twinflow/core';
import { describeValue } from '@twinflow/core';
import { EnvelopeValidationError, PayloadDecodeError } from './errors';
import { invalidResponse, toExecuteResponse } from './executeResponse';
import { parseIsoTimestamp } from '@twinflow/core';
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
 * Maps the bytes of a function's response to an {@link ExecuteResponse}: decodes them
 * ({@link decodeLambdaPayload}) and reads the body with {@link toExecuteResponse} (the module SDK's
 * rules: `success` and `message` kept, every other field in `data`, string targets as `{ type }`,
 * `"Unknown error"` for a failure without one). A body that cannot be decoded, is empty or has no
 * boolean `success` becomes `{ success: false, error, errorDetails: { type: 'InvalidResponseError' },
 * targets: [] }` with a message saying what was wrong. Never throws.
 *
 * @param bytes - `InvokeCommandOutput.Payload` of a RequestResponse invocation
 * @example
 * ```ts
 * const response = fromLambdaPayload(output.Payload);
 * if (!response.success) log.warn('function failed', { error: response.error, type: response.errorDetails?.type });
 * ```
 */
export function fromLambdaPayload(bytes: Uint8Array | undefined): ExecuteResponse {
  let body: JsonValue | undefined;
  try {
    body = decodeLambdaPayload(bytes);
  } catch (err) {
    return invalidResponse(err instanceof Error ? err.message : 'response body could not be decoded');
  }
  return toExecuteResponse(body);
}
