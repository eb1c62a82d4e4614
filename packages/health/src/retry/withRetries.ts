import { classifyError } from './classifyError';
import type { RetryStrategy } from './RetryStrategy';

/**
 * A retry about to happen: the attempt that failed, the wait before the next one and why.
 *
 * @example
 * ```ts
 * const onRetry = ({ attempt, delayMs, error }: RetryEvent): void => logger.warn('retrying', { attempt, delayMs, error });
 * ```
 */
export interface RetryEvent {
  /** The attempt that failed, from 1. */
  attempt: number;
  /** The wait before the next attempt, in ms (the strategy's `delayMs(attempt - 1)`). */
  delayMs: number;
  /** What the failed attempt threw. */
  error: unknown;
}

/**
 * How a {@link withRetries} loop ended without a value.
 *
 * @example
 * ```ts
 * const giveUp = (error: unknown, { attempts, exhausted }: GiveUp) => (exhausted ? new RetriesExhaustedError(attempts, error) : error);
 * ```
 */
export interface GiveUp {
  /** Attempts made, the last one included. */
  attempts: number;
  /** true: the budget ran out on a retryable error; false: the error was not retryable */
  exhausted: boolean;
}

/**
 * Options of {@link withRetries}. Only `strategy` is required.
 *
 * @example
 * ```ts
 * const options: WithRetriesOptions = {
 *   strategy: new RetryStrategy({ maxRetries: 3, initialDelayMs: 100, maxDelayMs: 2_000, random: Math.random, sleep }),
 *   onRetry: ({ attempt, delayMs }) => logger.warn('write retrying', { attempt, delayMs }),
 * };
 * ```
 */
export interface WithRetriesOptions {
  /** Budget (`maxRetries`), backoff (`delayMs`) and waiting (`wait`) of the loop. */
  strategy: RetryStrategy;
  /** Whether a failed attempt may be retried. Default: classifyError(error).retryable. Called once per failed attempt (also the last). */
  classify?: (error: unknown, attempt: number) => boolean;
  /** Called before each wait (logging, metrics). */
  onRetry?: (event: RetryEvent) => void;
  /** The error to throw when the loop gives up; default: the last error itself. */
  giveUp?: (error: unknown, outcome: GiveUp) => unknown;
}

/**
 * twinflow's one retry loop: runs `op` (attempt 1, 2, …) until it resolves, retrying a failure
 * that `classify` calls retryable while `strategy` has retries left, waiting
 * `strategy.delayMs(attempt - 1)` through `strategy.wait` before each retry. A synchronous throw
 * from `op` is a failed attempt like a rejection. Resolves with the value and the attempts made;
 * when it gives up (a non-retryable error, or the budget spent on a retryable one) it throws
 * `giveUp(lastError, { attempts, exhausted })`, by default the last error itself.
 *
 * @example
 * ```ts
 * const strategy = new RetryStrategy({ maxRetries: 3, initialDelayMs: 500, maxDelayMs: 30_000, random: Math.random, sleep });
 * const { value, attempts } = await withRetries((attempt) => client.send(command), {
 *   strategy,
 *   onRetry: ({ attempt, delayMs, error }) => logger.warn('retrying', { attempt, delayMs, error }),
 *   giveUp: (error, { attempts, exhausted }) => (exhausted ? new MyRetriesExhaustedError(attempts, error) : error),
 * });
 * ```
 */
export async function withRetries<T>(op: (attempt: number) => Promise<T>, options: WithRetriesOptions): Promise<{ value: T; attempts: number }> {
  const { strategy, onRetry, giveUp } = options;
  const classify = options.classify ?? defaultClassify;
  for (let attempt = 1; ; attempt += 1) {
    let value: T;
    try {
      value = await op(attempt);
    } catch (error) {
      const retryable = classify(error, attempt);
      if (!strategy.shouldRetry(retryable, attempt - 1)) {
        throw giveUp === undefined ? error : giveUp(error, { attempts: attempt, exhausted: retryable });
      }
      const delayMs = strategy.delayMs(attempt - 1);
      onRetry?.({ attempt, delayMs, error });
      await strategy.wait(delayMs);
      continue;
    }
    return { value, attempts: attempt };
  }
}

function defaultClassify(error: unknown): boolean {
  return classifyError(error).retryable;
}
