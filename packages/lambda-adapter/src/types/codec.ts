import type { InvokeCommandOutput } from '@aws-sdk/client-lambda';
import type { ExecuteRequest, ExecuteResponse, JsonObject, JsonValue, ModuleRequest } from '@twinflow/core';

/**
 * What {@link LambdaAdapter.execute} takes: twinflow's hand-off envelope (`ExecuteRequest`) or the
 * module SDK's request (`ModuleRequest`), told apart by `isExecuteRequest` / `isModuleRequest`.
 *
 * @example
 * ```ts
 * const request: LambdaAdapterRequest = { command: 'help', args: [], userId: 'u', entityId: 'e', communityId: 'c', sessionId: 's', platform: 'discord' };
 * ```
 */
export type LambdaAdapterRequest = ExecuteRequest | ModuleRequest;

/**
 * What a payload builder returns: the bytes to send as they are, or a JSON object the adapter
 * encodes (UTF-8 JSON). The built-in builder returns the module SDK's payload object for a
 * module request and `toLambdaPayload`'s bytes for an envelope.
 *
 * @example
 * ```ts
 * const payload: LambdaRequestPayload = { ...modulePayload, custom_field: 'custom_value' };
 * ```
 */
export type LambdaRequestPayload = Uint8Array | JsonObject;

/**
 * Builds the payload of a request; `next` is the adapter's built-in builder.
 *
 * @example
 * ```ts
 * const build: BuildPayloadHook = (request, next) => next(request);
 * ```
 */
export type BuildPayloadHook = (request: LambdaAdapterRequest, next: (request: LambdaAdapterRequest) => LambdaRequestPayload) => LambdaRequestPayload;

/**
 * Maps a response to an `ExecuteResponse`; `next` is the adapter's built-in parser.
 *
 * @example
 * ```ts
 * const parse: ParseResponseHook = (body, output, next) => next(body, output);
 * ```
 */
export type ParseResponseHook = (
  body: JsonValue | undefined,
  output: InvokeCommandOutput,
  next: (body: JsonValue | undefined, output: InvokeCommandOutput) => ExecuteResponse,
) => ExecuteResponse;

/**
 * The `codec` option of {@link LambdaAdapterOptions}: customises payload building and response
 * parsing by composition, without a subclass. Each hook wraps the built-in step and may call it
 * through `next`. The hooks run inside the adapter's `buildPayload` / `parseResponse` methods, so a
 * subclass that overrides those and calls `super` gets the codec's result. A hook that throws
 * makes `execute` answer `{ success: false }` (it never throws). Checked at construction: an
 * object with only these two keys, each a function.
 *
 * @example
 * ```ts
 * const adapter = new LambdaAdapter({
 *   functionName: 'my-module',
 *   codec: {
 *     buildPayload: (request, next) => {
 *       const payload = next(request);
 *       return payload instanceof Uint8Array ? payload : { ...payload, custom_field: 'custom_value' };
 *     },
 *     parseResponse: (body, output, next) => {
 *       const response = next(body, output);
 *       return response.success ? { ...response, message: response.message?.trim() } : response;
 *     },
 *   },
 * });
 * ```
 */
export interface LambdaAdapterCodec {
  /** Builds the payload of `execute`'s request. Default the built-in builder. */
  buildPayload?: BuildPayloadHook;
  /** Maps a `RequestResponse` answer to the `ExecuteResponse`. Default the built-in parser. */
  parseResponse?: ParseResponseHook;
}
