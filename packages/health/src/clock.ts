import type { Clock } from './types/clock';

/**
 * The real clock (`Date.now()`), the default of every `clock` option.
 *
 * @example
 * ```ts
 * new HealthTracker('demo-persister', { clock: systemClock });
 * ```
 */
export const systemClock: Clock = { now: () => Date.now() };
