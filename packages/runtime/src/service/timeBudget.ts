import { TwinflowError } from '@twinflow/core';
import type { TwinflowErrorOptions } from '@twinflow/core';

/**
 * Time kept back from an invocation's own Lambda deadline (contract: remaining - 2000 ms), so the
 * hand-offs and the failure store still run after the slowest call.
 */
export const TIME_SAFETY_MARGIN_MS = 2_000;
/** Below this per-attempt budget a call is not worth starting: its readings are parked as `timeout`. */
export const MIN_ATTEMPT_TIMEOUT_MS = 100;

/** How long an attempt of a call may take right now. */
export interface AttemptBudget {
  /** Per-attempt timeout to pass to the adapter. */
  timeoutMs: number;
  /** Whether that is enough to start a call at all (false: park its readings as `timeout`). */
  enough: boolean;
}

/** The retries a call may make (the adapter's `retry`, resolved): the budget is shared among its attempts. */
export interface BudgetRetry {
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/** What a budget reads the deadline from: a Lambda context. */
export interface DeadlineContext {
  getRemainingTimeInMillis?: () => number;
}

/**
 * The per-attempt timeout of a call made from inside a Lambda invocation:
 * `min(configuredMs, context.getRemainingTimeInMillis() - 2000)` when a Lambda context is given,
 * else `configuredMs`. With `retry`, what is left after the longest backoff the retries can
 * sleep is shared among all attempts, so that a call that retries to the end still returns
 * before the deadline. Read it right before each call, so later calls of an invocation get what
 * is actually left. Not `enough` when that leaves less than 100 ms (or less than `configuredMs`,
 * if that is smaller).
 *
 * @example
 * ```ts
 * attemptBudget(20_000, { getRemainingTimeInMillis: () => 5_000 }); // { timeoutMs: 3000, enough: true }
 * attemptBudget(5_000, { getRemainingTimeInMillis: () => 10_000 }, { maxRetries: 3, initialDelayMs: 100, maxDelayMs: 2_000 });
 * // { timeoutMs: 1825, enough: true }: (10000 - 2000 - 700) / 4
 * ```
 */
export function attemptBudget(configuredMs: number, context?: DeadlineContext, retry?: BudgetRetry): AttemptBudget {
  if (context === undefined || typeof context.getRemainingTimeInMillis !== 'function') return { timeoutMs: configuredMs, enough: true };
  const left = Math.floor(context.getRemainingTimeInMillis()) - TIME_SAFETY_MARGIN_MS;
  const shared = retry === undefined ? left : Math.floor((left - longestBackoffMs(retry)) / (retry.maxRetries + 1));
  const timeoutMs = Math.min(configuredMs, shared);
  return { timeoutMs, enough: timeoutMs >= Math.min(MIN_ATTEMPT_TIMEOUT_MS, configuredMs) };
}

/** The most the retries can sleep in all: each backoff is at most `min(maxDelayMs, initialDelayMs * 2^n)`. */
function longestBackoffMs(retry: BudgetRetry): number {
  let total = 0;
  for (let n = 0; n < retry.maxRetries; n += 1) total += Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** n);
  return total;
}

/**
 * The invocation has too little time left before its own Lambda deadline to start a call (the
 * remaining time minus the safety margin is below the minimum attempt time). Its readings are
 * parked with reason `timeout`, and a replay sends them again.
 *
 * @example
 * ```ts
 * new TimeBudgetExhaustedError('demo-thermostat-1-processor', 40);
 * ```
 */
export class TimeBudgetExhaustedError extends TwinflowError {
  public override readonly name: string = 'TimeBudgetExhaustedError';
  /** The function that was not called. */
  public readonly functionName: string;
  /** Per-attempt budget that was left, in ms (may be negative). */
  public readonly budgetMs: number;

  public constructor(functionName: string, budgetMs: number, options: TwinflowErrorOptions = {}) {
    super(`Not invoking "${functionName}": only ${budgetMs} ms left before this invocation's own deadline`, 'TIME_BUDGET_EXHAUSTED', {
      reason: 'timeout',
      retryable: true,
      attempts: 0,
      ...options,
    });
    this.functionName = functionName;
    this.budgetMs = budgetMs;
  }
}
