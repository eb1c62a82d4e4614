import type { JsonObject, JsonValue } from './json';

/**
 * twinflow's hand-off envelope: a request to run a target (a Lambda function or any other
 * {@link Adapter}) with a JSON payload. The pipeline (dispatcher → wrapper → persister) speaks
 * only this. Told apart from the module SDK's {@link ModuleRequest} by {@link isExecuteRequest}.
 *
 * @example
 * ```ts
 * const request: ExecuteRequest = { requestId: event.eventId, timestamp: new Date().toISOString(), trigger: 'telemetry', payload: { events } };
 * ```
 */
export type ExecuteRequest = {
  /** Caller-chosen id, carried through logs and the response. */
  requestId: string;
  /** When the request was made, ISO-8601 UTC. */
  timestamp: string;
  /** What caused the request, e.g. `telemetry`, `replay`, `schedule`. */
  trigger: string;
  /** Who made the request, e.g. `demo-processor-wrapper`. */
  source?: string;
  /** The body sent to the target. */
  payload: JsonValue;
};

/**
 * Machine-readable details of a failed {@link ExecuteResponse}, beside its `error` message.
 *
 * @example
 * ```ts
 * const details: ExecuteErrorDetails = { type: 'LambdaRetriesExhaustedError', code: 'LAMBDA_RETRIES_EXHAUSTED', retryable: true };
 * ```
 */
export type ExecuteErrorDetails = {
  /** Error class or type name, e.g. `LambdaFunctionError`, `CircuitOpenError`, `InvalidResponseError`. */
  type: string;
  /** Stable machine-readable code, when known, e.g. `CIRCUIT_OPEN`. */
  code?: string;
  /** Whether trying again later may succeed, when known. */
  retryable?: boolean;
};

/**
 * A target that handled (or is to handle) a request, e.g. `{ type: 'platform' }` from a module's
 * `targets: ['platform']`.
 *
 * @example
 * ```ts
 * const target: ExecuteTarget = { type: 'overlay', url: 'https://example.com/overlay' };
 * ```
 */
export type ExecuteTarget = {
  /** Kind of target, e.g. `platform`, `overlay`. */
  type: string;
  [key: string]: JsonValue | undefined;
};

/**
 * The outcome of {@link Adapter.execute}, as in the module SDK. Adapters never throw from
 * `execute`: every failure is reported here with `success: false`, an `error` message and,
 * when known, `errorDetails`.
 *
 * @example
 * ```ts
 * const response = await adapter.execute(request);
 * if (!response.success) log.warn('execute failed', { error: response.error, type: response.errorDetails?.type });
 * ```
 */
export type ExecuteResponse = {
  success: boolean;
  message?: string;
  /** The target's other fields (e.g. a module's `response_type`, `overlay_data`, custom fields). */
  data?: JsonObject;
  /** What went wrong, as a message (set on failures only). */
  error?: string;
  /** The failure's type, code and retryability, when known. */
  errorDetails?: ExecuteErrorDetails;
  /** The targets the response is for, in the target's own order. */
  targets: ExecuteTarget[];
};

/**
 * Whether `value` has the shape of twinflow's hand-off envelope {@link ExecuteRequest}: an object
 * with string `requestId`, `timestamp` and `trigger` and a `payload`. A shape check only (the
 * timestamp's format and the payload's JSON are checked where the envelope is encoded, e.g.
 * `toLambdaPayload`). An object never has both this shape and {@link isModuleRequest}'s unless it
 * carries both sets of fields; `LambdaAdapter` then treats it as an envelope.
 *
 * @example
 * ```ts
 * isExecuteRequest({ requestId: 'r1', timestamp: '2026-11-24T08:00:00.000Z', trigger: 'telemetry', payload: {} }); // true
 * isExecuteRequest({ command: 'help', args: [] });                                                               // false
 * ```
 */
export function isExecuteRequest(value: unknown): value is ExecuteRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const fields = value as Record<string, unknown>;
  return (
    typeof fields['requestId'] === 'string' &&
    typeof fields['timestamp'] === 'string' &&
    typeof fields['trigger'] === 'string' &&
    fields['payload'] !== undefined &&
    (fields['source'] === undefined || typeof fields['source'] === 'string')
  );
}
