import type { InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { describeValue, isExecuteRequest, isModuleRequest } from '@twinflow/core';
import type { ExecuteRequest, ExecuteResponse, JsonValue, ModuleRequest } from '@twinflow/core';
import { decodeLambdaPayload, fromLambdaPayload, toExecuteResponse, toLambdaPayload, toModuleLambdaPayload } from '@twinflow/payload-mappers';
import { InvalidPayloadError } from './errors';
import type { LambdaAdapterRequest, LambdaRequestPayload } from './types/codec';

const encoder = new TextEncoder();

/** `HealthStatus.lastError.type` of a call the function answered with `success: false` and no error type. */
export const UNSUCCESSFUL_RESPONSE = 'UnsuccessfulResponse';

/**
 * The built-in payload of `execute`'s request: the module SDK's payload object for a module
 * request (`timestamp` from `now`), `toLambdaPayload`'s bytes for an envelope. A value of neither
 * shape goes to the mapper of the shape it is closer to (a `command` key: module), whose error
 * names the offending field.
 *
 * @throws EnvelopeValidationError / ModuleRequestValidationError (payload-mappers) for an invalid request
 */
export function builtInPayload(request: LambdaAdapterRequest, now: () => number): LambdaRequestPayload {
  if (isExecuteRequest(request)) return toLambdaPayload(request);
  const looksLikeModule = isModuleRequest(request) || (typeof request === 'object' && request !== null && 'command' in request);
  return looksLikeModule ? toModuleLambdaPayload(request as ModuleRequest, { now }) : toLambdaPayload(request as ExecuteRequest);
}

/**
 * The built-in response parser: `toExecuteResponse` of the decoded body. Without a body (none,
 * or one that is not JSON) `fromLambdaPayload` of the raw bytes says what was wrong.
 */
export function builtInResponse(body: JsonValue | undefined, output: InvokeCommandOutput): ExecuteResponse {
  return body === undefined ? fromLambdaPayload(output.Payload) : toExecuteResponse(body);
}

/** The decoded JSON body of a response; `undefined` when there is none or it is not UTF-8 JSON. */
export function decodeBody(output: InvokeCommandOutput): JsonValue | undefined {
  try {
    return decodeLambdaPayload(output.Payload);
  } catch {
    return undefined;
  }
}

/** `execute`'s answer to a queued (`Event`) invocation, as in the module SDK. */
export function queuedResponse(output: InvokeCommandOutput): ExecuteResponse {
  return { success: true, message: 'Lambda function queued', data: { statusCode: output.StatusCode ?? 202 }, targets: [] };
}

/**
 * Checks what a (possibly overridden) `parseResponse` returned.
 *
 * @throws TypeError unless it has a boolean `success` and an array `targets`
 */
export function checkedResponse(value: unknown): ExecuteResponse {
  const fields = typeof value === 'object' && value !== null ? (value as Partial<ExecuteResponse>) : undefined;
  if (fields === undefined || typeof fields.success !== 'boolean' || !Array.isArray(fields.targets)) {
    throw new TypeError(`parseResponse returned ${describeValue(value)}, not an ExecuteResponse { success: boolean, targets: [] }`);
  }
  return value as ExecuteResponse;
}

/** What an unsuccessful answer is recorded as on the health tracker (its `lastError`). */
export function unsuccessfulOutcome(response: ExecuteResponse): { name: string; message: string } {
  return { name: response.errorDetails?.type ?? UNSUCCESSFUL_RESPONSE, message: response.error ?? 'Unknown error' };
}

/**
 * Encodes a payload as UTF-8 JSON; bytes are sent as they are. `undefined` stays `undefined` (no
 * payload) only when `allowEmpty`.
 *
 * @throws InvalidPayloadError when it cannot be encoded as JSON
 */
export function encodePayload(payload: JsonValue | LambdaRequestPayload | undefined, allowEmpty: boolean): Uint8Array | undefined {
  if (payload instanceof Uint8Array) return payload;
  if (payload === undefined && allowEmpty) return undefined;
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (cause) {
    throw new InvalidPayloadError(`payload: cannot be encoded as JSON (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  }
  if (json === undefined) throw new InvalidPayloadError('payload: must be a JSON value, got a function, a symbol or undefined');
  return encoder.encode(json);
}

/** The id `execute` logs a request under: an envelope's `requestId`, a module request's `sessionId`. */
export function requestIdOf(request: unknown): string | undefined {
  if (typeof request !== 'object' || request === null) return undefined;
  const { requestId, sessionId } = request as { requestId?: unknown; sessionId?: unknown };
  if (typeof requestId === 'string' && requestId !== '') return requestId;
  return typeof sessionId === 'string' && sessionId !== '' ? sessionId : undefined;
}
