import { classifyError, RetryStrategy, sleep as defaultSleep } from '@twinflow/lambda-adapter';
import { WRITE_INITIAL_DELAY_MS, WRITE_MAX_DELAY_MS, WRITE_MAX_RETRIES } from './constants';
import { WriteRetriesExhaustedError } from './errors';

/** Injectable parts of the write retry strategy. */
export interface WriteRetryOptions {
  /** Waits between attempts. Default a `setTimeout` promise. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/** The outcome of a loop run with {@link withWriteRounds}. */
export type Attempted<T> = { ok: true; value: T; attempts: number } | { ok: false; error: unknown; attempts: number };

/**
 * The hot-table retry strategy: at most {@link WRITE_MAX_RETRIES} retries with full-jitter
 * exponential backoff, `random() * min(50 ms * 2^n, 2 s)` — lambda-adapter's `RetryStrategy`
 * with the persister's bounds.
 *
 * @example
 * ```ts
 * const strategy = createWriteRetry({ sleep: async () => undefined, random: () => 0.5 });
 * strategy.delayMs(0); // 25
 * ```
 */
export function createWriteRetry(options: WriteRetryOptions = {}): RetryStrategy {
  return new RetryStrategy({
    maxRetries: WRITE_MAX_RETRIES,
    initialDelayMs: WRITE_INITIAL_DELAY_MS,
    maxDelayMs: WRITE_MAX_DELAY_MS,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? defaultSleep,
  });
}

/**
 * Whether a DynamoDB error is worth retrying: throttling (`ProvisionedThroughputExceededException`,
 * `ThrottlingException`, `RequestLimitExceeded`), `InternalServerError`, 5xx and network errors.
 * Classified by name, code and status (lambda-adapter's `classifyError`), never by message.
 *
 * @example
 * ```ts
 * isTransientWriteError({ name: 'ResourceNotFoundException' }); // false
 * ```
 */
export function isTransientWriteError(error: unknown): boolean {
  return classifyError(error).retryable;
}

/** What one round of a write left: nothing (`done`, with its value), or work to send again, and why. */
export type Round<T> = { done: true; value: T } | { done: false; cause?: unknown };

/**
 * The persister's one retry loop. Runs `round` — one request for the work still pending — until it
 * reports `done`, within the strategy's budget and with its backoff between rounds. A round that
 * throws a transient error (throttling, 5xx, network) or leaves work (throttled statements,
 * unprocessed keys) runs again; a non-transient error ends the loop at once. Never throws: a spent
 * budget is a {@link WriteRetriesExhaustedError}, `unprocessed` when the last round left work
 * (reason `retries-exhausted`), else with the last error as its cause (`dynamodb-unavailable`).
 * `attempts` counts the rounds.
 *
 * @example
 * ```ts
 * let pending = items;
 * const run = await withWriteRounds(strategy, 'demo-hot', async () => {
 *   pending = await sendAndKeepThrottled(pending);
 *   return pending.length === 0 ? { done: true, value: undefined } : { done: false };
 * });
 * if (!run.ok) park(pending, run.error, run.attempts);
 * ```
 */
export async function withWriteRounds<T>(strategy: RetryStrategy, table: string, round: (retries: number) => Promise<Round<T>>): Promise<Attempted<T>> {
  for (let retries = 0; ; retries += 1) {
    const attempts = retries + 1;
    let outcome: Round<T>;
    try {
      outcome = await round(retries);
    } catch (error) {
      if (!isTransientWriteError(error)) return { ok: false, error, attempts };
      if (!strategy.shouldRetry(true, retries)) {
        return { ok: false, error: new WriteRetriesExhaustedError(table, attempts, { unprocessed: false, cause: error }), attempts };
      }
      await strategy.wait(strategy.delayMs(retries));
      continue;
    }
    if (outcome.done) return { ok: true, value: outcome.value, attempts };
    if (!strategy.shouldRetry(true, retries)) {
      const details = outcome.cause === undefined ? { unprocessed: true } : { unprocessed: true, cause: outcome.cause };
      return { ok: false, error: new WriteRetriesExhaustedError(table, attempts, details), attempts };
    }
    await strategy.wait(strategy.delayMs(retries));
  }
}
