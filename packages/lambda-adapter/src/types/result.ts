import type { JsonValue } from '@twinflow/core';

/**
 * What {@link LambdaAdapter.invoke} resolves with.
 *
 * @example
 * ```ts
 * const { statusCode, payload, executedVersion, attempts }: LambdaInvokeResult = await adapter.invoke({});
 * ```
 */
export interface LambdaInvokeResult {
  /** HTTP status of the invocation: `200` for `RequestResponse`, `202` for `Event`. */
  statusCode: number;
  /** The function's response, parsed as JSON; `undefined` for `Event` or an empty body. */
  payload: JsonValue | undefined;
  /** The version that ran (`RequestResponse` only), e.g. `$LATEST` or `7`. */
  executedVersion?: string;
  /** The resolved function name that was invoked. */
  functionName: string;
  /** Attempts made, 1 when no retry was needed; 0 for an answer from the response cache. */
  attempts: number;
  /** `true` when the answer came from the response cache (the `cache` option) without calling Lambda. */
  cached?: true;
}
