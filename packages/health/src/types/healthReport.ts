import type { HealthState, HealthStatus } from '@twinflow/core';
import type { Clock } from './clock';

/**
 * Health of a whole service: the worst of its components, with each component's status.
 *
 * @example
 * ```ts
 * const report: HealthReport = healthReport({ persister: persisterTracker });
 * if (report.status !== 'healthy') logger.warn('service degraded', { report });
 * ```
 */
export interface HealthReport {
  /** Worst status among `components` (`healthy` when there are none). */
  status: HealthState;
  /** When the report was generated, ISO-8601 UTC. */
  generatedAt: string;
  /** One entry per tracked dependency, keyed by tracker name (or by the record key given). */
  components: Record<string, HealthStatus>;
}

/**
 * Options of {@link healthReport}.
 *
 * @example
 * ```ts
 * healthReport(trackers, { clock: { now: () => Date.UTC(2026, 10, 24) } });
 * ```
 */
export interface HealthReportOptions {
  /** Time source for `generatedAt`. Default the system clock (`Date.now()`). */
  clock?: Clock;
}

/**
 * Options of {@link createHealthHandler}.
 *
 * @example
 * ```ts
 * createHealthHandler(() => trackers, { unhealthyStatusCode: 500 });
 * ```
 */
export interface HealthHandlerOptions {
  /** HTTP status returned when the report is `unhealthy` (or cannot be built). Integer 400..599. Default `503`. */
  unhealthyStatusCode?: number;
  /** Time source for `generatedAt` when the source returns trackers. Default the system clock. */
  clock?: Clock;
}

/**
 * The Lambda / API Gateway proxy style response of a health handler.
 *
 * @example
 * ```ts
 * const { statusCode, body }: HealthHandlerResponse = await handler();
 * ```
 */
export interface HealthHandlerResponse {
  /** `200` when healthy or degraded, `unhealthyStatusCode` otherwise. */
  statusCode: number;
  /** `content-type: application/json` and `cache-control: no-store`. */
  headers: Record<string, string>;
  /** The {@link HealthReport} as JSON. */
  body: string;
}
