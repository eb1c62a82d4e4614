import { MIN_ATTEMPT_TIMEOUT_MS, TIME_SAFETY_MARGIN_MS } from './constants';

/** How long a processor attempt may take right now. */
export interface AttemptBudget {
  /** Per-attempt timeout to pass to the adapter. */
  timeoutMs: number;
  /** Whether that is enough to start a call at all (false: park the reading as `timeout`). */
  enough: boolean;
}

/**
 * The per-attempt timeout of a processor call (contract): `min(PROCESSOR_TIMEOUT_MS,
 * context.getRemainingTimeInMillis() - 2000)` when a Lambda context is given, else
 * `PROCESSOR_TIMEOUT_MS`. Read right before each call, so later readings of a batch get what is
 * actually left. Not `enough` when the deadline leaves less than 100 ms (or less than the
 * configured timeout, if that is smaller).
 *
 * @example
 * ```ts
 * attemptBudget(20_000, { getRemainingTimeInMillis: () => 5_000 }); // { timeoutMs: 3000, enough: true }
 * ```
 */
export function attemptBudget(configuredMs: number, context?: { getRemainingTimeInMillis?: () => number }): AttemptBudget {
  if (context === undefined || typeof context.getRemainingTimeInMillis !== 'function') return { timeoutMs: configuredMs, enough: true };
  const timeoutMs = Math.min(configuredMs, Math.floor(context.getRemainingTimeInMillis()) - TIME_SAFETY_MARGIN_MS);
  return { timeoutMs, enough: timeoutMs >= Math.min(MIN_ATTEMPT_TIMEOUT_MS, configuredMs) };
}
