import type { ExecuteRequest, ExecuteResponse } from './execute';
import type { HealthStatus } from './health';

/**
 * A transport that runs requests against a target. `LambdaAdapter` implements it; an
 * in-process or HTTP adapter can stand in without touching callers.
 *
 * @example
 * ```ts
 * class EchoAdapter implements Adapter {
 *   async execute(request: ExecuteRequest): Promise<ExecuteResponse> {
 *     return { success: true, data: request.payload, targets: [{ type: 'echo' }] };
 *   }
 *   health(): HealthStatus {
 *     return { status: 'healthy', consecutiveFailures: 0, errorRate: 0, totalRequests: 0, circuit: 'closed' };
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
