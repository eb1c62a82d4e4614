import { TwinflowError } from '@twinflow/core';
import { classifyError, RetryStrategy, sleep as defaultSleep } from '@twinflow/health';
import type { WithRetriesOptions } from '@twinflow/health';
import { WRITE_INITIAL_DELAY_MS, WRITE_MAX_DELAY_MS, WRITE_MAX_RETRIES } from './constants';
import { UnprocessedItemsError, WriteRetriesExhaustedError } from './errors';

/** Injectable parts of the write retry strategy. */
export interface WriteStrategyOptions {
  /** Waits between attempts. Default a `setTimeout` promise. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/**
 * The hot table's retry strategy, built once per container: at most {@link WRITE_MAX_RETRIES}
 * retries with full-jitter exponential backoff, `random() * min(50 ms * 2^n, 2 s)`.
 *
 * @example
 * ```ts
 * const strategy = writeStrategy({ sleep: async () => undefined, random: () => 0.5 });
 * strategy.delayMs(0); // 25
 * ```
 */
export function writeStrategy(options: WriteStrategyOptions = {}): RetryStrategy {
  return new RetryStrategy({
    maxRetries: WRITE_MAX_RETRIES,
    initialDelayMs: WRITE_INITIAL_DELAY_MS,
    maxDelayMs: WRITE_MAX_DELAY_MS,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? defaultSleep,
  });
}

/**
 * Whether a failed write round is worth another: a transient DynamoDB error (throttling, 5xx,
 * network: health's `classifyError`, by name, code and status, never by message) or a twinflow
 * error that says so (an {@link UnprocessedItemsError}: the round left work).
 *
 * @example
 * ```ts
 * isRetryableWrite(Object.assign(new Error('x'), { name: 'ResourceNotFoundException' })); // false
 * ```
 */
export function isRetryableWrite(error: unknown): boolean {
  return classifyError(error).retryable || (error instanceof TwinflowError && error.retryable);
}

/**
 * The options of health's `withRetries` for every hot-table request (inserts and reads): the
 * strategy, {@link isRetryableWrite}, and what ends the loop — a spent budget as a
 * {@link WriteRetriesExhaustedError} (`unprocessed` when the last round left work, with its last
 * `StatementError`; else with the last error as its cause), any other error as it is.
 *
 * @example
 * ```ts
 * await withRetries(() => sendRound(), writeRetries('demo-hot', strategy));
 * ```
 */
export function writeRetries(table: string, strategy: RetryStrategy): WithRetriesOptions {
  return {
    strategy,
    classify: isRetryableWrite,
    giveUp: (error, run) => {
      if (!run.exhausted) return error;
      if (error instanceof UnprocessedItemsError) return new WriteRetriesExhaustedError(table, run.attempts, { unprocessed: true, cause: error.cause });
      return new WriteRetriesExhaustedError(table, run.attempts, { unprocessed: false, cause: error });
    },
  };
}
