import { Metrics } from '@aws-lambda-powertools/metrics';

/** CloudWatch namespace of every twinflow service's metrics. */
export const METRICS_NAMESPACE = 'twinflow';

/**
 * A service's metrics sink: Powertools `Metrics` in the `twinflow` namespace, the function's name
 * as `service`. Every adapter of the service records on it; each metric is its own single-metric
 * EMF line written when recorded, so nothing is stored and nothing is published per invocation.
 *
 * @example
 * ```ts
 * new LambdaAdapter({ functionName: 'demo-processor-wrapper', metrics: serviceMetrics('demo-dispatcher') });
 * ```
 */
export function serviceMetrics(serviceName: string): Metrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
}
