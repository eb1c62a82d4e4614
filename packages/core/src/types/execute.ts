import type { JsonValue } from './json';

/**
 * A request to run a target (a Lambda function or any other {@link Adapter}).
 */
export interface ExecuteRequest {
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
}

/** Description of a failure inside an {@link ExecuteResponse}. */
export interface ExecuteErrorInfo {
  /** Error class or type name, e.g. `LambdaFunctionError`, `TypeError`. */
  type: string;
  /** Human-readable message. */
  message: string;
  /** Stable machine-readable code, when known. */
  code?: string;
  /** Whether trying again later may succeed. */
  retryable?: boolean;
}

/** A target that handled (or was asked to handle) a request. */
export interface ExecuteTarget {
  /** Kind of target, e.g. `lambda`. */
  type: string;
  [key: string]: JsonValue | undefined;
}

/**
 * The outcome of {@link Adapter.execute}. Adapters never throw from `execute`: every
 * failure is reported here with `success: false`.
 */
export interface ExecuteResponse {
  success: boolean;
  message?: string;
  data?: JsonValue;
  error?: ExecuteErrorInfo;
  targets: ExecuteTarget[];
}
