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

/** The outcome of an operation run with {@link withWriteRetries}. */
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

/**
 * Runs `operation`, retrying transient errors within the strategy's budget. Never throws: a
 * non-transient error is returned as is, a spent budget as {@link WriteRetriesExhaustedError}
 * (reason `dynamodb-unavailable`) with the last error as its cause.
 *
 * @example
 * ```ts
 * const put = await withWriteRetries(strategy, 'demo-hot', () => ddb.send(new PutCommand(input)));
 * if (!put.ok) park(put.error, put.attempts);
 * ```
 */
export async function withWriteRetries<T>(strategy: RetryStrategy, table: string, operation: () => Promise<T>): Promise<Attempted<T>> {
  for (let retries = 0; ; retries += 1) {
    try {
      return { ok: true, value: await operation(), attempts: retries + 1 };
    } catch (error) {
      if (!isTransientWriteError(error)) return { ok: false, error, attempts: retries + 1 };
      if (!strategy.shouldRetry(true, retries)) {
        return { ok: false, error: new WriteRetriesExhaustedError(table, retries + 1, { unprocessed: false, cause: error }), attempts: retries + 1 };
      }
      await strategy.wait(strategy.delayMs(retries));
    }
  }
}
