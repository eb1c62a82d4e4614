import type { ExecuteRequest, ExecuteResponse } from './execute';
import type { HealthStatus } from './health';

/**
 * A transport that runs requests against a target. `LambdaAdapter` implements it; an
 * in-process or HTTP adapter can stand in without touching callers.
 *
 * @example
 * ```ts
 * class EchoAdapter implements Adapter {
 *   private requests = 0;
 *
 *   async execute(request: ExecuteRequest): Promise<ExecuteResponse> {
 *     this.requests += 1;
 *     // `data` is a JSON object: the payload (any JSON value) goes under a field of its own.
 *     return { success: true, message: 'echoed', data: { echo: request.payload }, targets: [{ type: 'echo' }] };
 *   }
 *
 *   health(): HealthStatus {
 *     return {
 *       status: 'healthy',
 *       isHealthy: true,
 *       consecutiveFailures: 0,
 *       totalRequests: this.requests,
 *       totalFailures: 0,
 *       errorRate: 0,
 *       windowErrorRate: 0,
 *       circuit: 'closed',
 *     };
 *   }
 * }
 * ```
 */
export interface Adapter {
  /** Runs the request; never throws, reports failures as `success: false`. */
  execute(request: ExecuteRequest): Promise<ExecuteResponse>;
  /** Current health of the target as seen by this adapter. */
  health(): HealthStatus;
}
