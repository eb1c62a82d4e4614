import { systemClock } from './clock';
import { DEFAULT_UNHEALTHY_STATUS_CODE } from './constants';
import { healthReport } from './healthReport';
import type { HealthTracker } from './HealthTracker';
import type { HealthHandlerOptions, HealthHandlerResponse, HealthReport } from './types/healthReport';
import { clockOption, integerOption, invalid } from './validateOption';

const OWNER = 'createHealthHandler';
const HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json', 'cache-control': 'no-store' };

/**
 * Creates a Lambda handler (API Gateway / function URL proxy style) that serves a health
 * report as JSON: `200` when healthy or degraded, `503` (configurable) when unhealthy. The
 * source is called on every request; if it throws, the response is the unhealthy status with
 * an `error` in the body, so a broken health check never looks healthy.
 *
 * @example
 * ```ts
 * const tracker = new HealthTracker('demo-persister');
 * export const health = createHealthHandler(() => [tracker]);
 * // → { statusCode: 200, headers: { 'content-type': 'application/json', ... }, body: '{"status":"healthy",...}' }
 * ```
 */
export function createHealthHandler(
  source: () => HealthReport | Iterable<HealthTracker>,
  options: HealthHandlerOptions = {},
): (event?: unknown) => Promise<HealthHandlerResponse> {
  if (typeof source !== 'function') throw invalid(OWNER, 'source', 'must be a function returning a HealthReport or trackers', source);
  if (typeof options !== 'object' || options === null) throw invalid(OWNER, 'options', 'must be an object', options);
  const unhealthyStatusCode = integerOption(OWNER, 'unhealthyStatusCode', options.unhealthyStatusCode, DEFAULT_UNHEALTHY_STATUS_CODE, 400, 599);
  const clock = clockOption(OWNER, options.clock, systemClock);

  return async () => {
    let report: HealthReport;
    try {
      const value = await source();
      report = isHealthReport(value) ? value : healthReport(value, { clock });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const body = { status: 'unhealthy', generatedAt: new Date(clock.now()).toISOString(), components: {}, error: message };
      return { statusCode: unhealthyStatusCode, headers: { ...HEADERS }, body: JSON.stringify(body) };
    }
    const statusCode = report.status === 'unhealthy' ? unhealthyStatusCode : 200;
    return { statusCode, headers: { ...HEADERS }, body: JSON.stringify(report) };
  };
}

function isHealthReport(value: unknown): value is HealthReport {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function' &&
    typeof (value as { status?: unknown }).status === 'string' &&
    typeof (value as { components?: unknown }).components === 'object'
  );
}
