import type { HealthState, HealthStatus } from '@twinflow/core';
import { systemClock } from './clock';
import { HealthTracker } from './HealthTracker';
import type { HealthReport, HealthReportOptions } from './types/healthReport';
import { clockOption, invalid } from './validateOption';

const SEVERITY: Record<HealthState, number> = { healthy: 0, degraded: 1, unhealthy: 2 };

/**
 * Builds a report of several dependencies: each tracker's status under its name (or under
 * the record key), and the worst status overall (`healthy` when there are no trackers).
 * Two trackers with the same name are kept apart as `name`, `name#2`, ...
 *
 * @example
 * ```ts
 * const report = healthReport([processorTracker, persisterTracker]);
 * // { status: 'degraded', generatedAt: '2026-11-24T08:00:00.000Z', components: { 'demo-thermostat-1-processor': {...}, ... } }
 * ```
 */
export function healthReport(
  trackers: Iterable<HealthTracker> | Record<string, HealthTracker>,
  options: HealthReportOptions = {},
): HealthReport {
  if (typeof trackers !== 'object' || trackers === null) {
    throw invalid('healthReport', 'trackers', 'must be an iterable of HealthTracker or a record of them', trackers);
  }
  const clock = clockOption('healthReport', options.clock, systemClock);
  // A Map, then Object.fromEntries: a tracker named `__proto__` stays a plain own key.
  const components = new Map<string, HealthStatus>();
  let status: HealthState = 'healthy';

  const add = (key: string, tracker: HealthTracker): void => {
    const component = tracker.status();
    components.set(uniqueKey(components, key), component);
    if (SEVERITY[component.status] > SEVERITY[status]) status = component.status;
  };

  if (isIterable(trackers)) {
    let index = 0;
    for (const tracker of trackers) {
      add(assertTracker(`trackers[${index}]`, tracker).name, tracker);
      index += 1;
    }
  } else {
    for (const [key, tracker] of Object.entries(trackers)) add(key, assertTracker(`trackers.${key}`, tracker));
  }
  return { status, generatedAt: new Date(clock.now()).toISOString(), components: Object.fromEntries(components) };
}

function assertTracker(option: string, value: unknown): HealthTracker {
  if (!(value instanceof HealthTracker)) throw invalid('healthReport', option, 'must be a HealthTracker', value);
  return value;
}

function isIterable(value: unknown): value is Iterable<HealthTracker> {
  return typeof value === 'object' && value !== null && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

function uniqueKey(existing: Map<string, unknown>, key: string): string {
  if (!existing.has(key)) return key;
  let n = 2;
  while (existing.has(`${key}#${n}`)) n += 1;
  return `${key}#${n}`;
}
