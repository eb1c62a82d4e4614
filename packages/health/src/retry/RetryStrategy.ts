/**
 * Settings of a {@link RetryStrategy}, all resolved (no defaults applied here).
 *
 * @example
 * ```ts
 * const options: RetryStrategyOptions = { maxRetries: 3, initialDelayMs: 500, maxDelayMs: 30_000, random: Math.random, sleep };
 * ```
 */
export interface RetryStrategyOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Cap of the first delay, in ms. */
  initialDelayMs: number;
  /** Cap of every delay, in ms. */
  maxDelayMs: number;
  /** Jitter source in [0, 1). */
  random: () => number;
  /** Waits the given ms. */
  sleep: (ms: number) => Promise<void>;
}

/**
 * Waits `ms` milliseconds with `setTimeout` (the default `sleep`).
 *
 * @example
 * ```ts
 * await sleep(250);
 * ```
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Full-jitter exponential backoff as a strategy object (in the spirit of AWS SDK v3
 * util-retry): decides whether another attempt is allowed and how long to wait before it.
 * `random` and `sleep` are injected so tests assert exact delays without waiting.
 *
 * `delayMs(n) = random() * min(initialDelayMs * 2^n, maxDelayMs)`, `n` = 0 for the first retry.
 *
 * @example
 * ```ts
 * const strategy = new RetryStrategy({ maxRetries: 3, initialDelayMs: 500, maxDelayMs: 30_000, random: () => 0.5, sleep });
 * strategy.delayMs(0); // 250
 * strategy.delayMs(2); // 1000
 * ```
 */
export class RetryStrategy {
  /** Retries after the first attempt. */
  public readonly maxRetries: number;
  /** Cap of the first delay, in ms. */
  public readonly initialDelayMs: number;
  /** Cap of every delay, in ms. */
  public readonly maxDelayMs: number;
  private readonly random: () => number;
  private readonly sleepFn: (ms: number) => Promise<void>;

  public constructor(options: RetryStrategyOptions) {
    this.maxRetries = options.maxRetries;
    this.initialDelayMs = options.initialDelayMs;
    this.maxDelayMs = options.maxDelayMs;
    this.random = options.random;
    this.sleepFn = options.sleep;
  }

  /**
   * Whether a retry may follow `retriesSoFar` retries after a failure that is `retryable`.
   *
   * @example
   * ```ts
   * strategy.shouldRetry(true, 3); // false with maxRetries 3
   * ```
   */
  public shouldRetry(retryable: boolean, retriesSoFar: number): boolean {
    return retryable && retriesSoFar < this.maxRetries;
  }

  /**
   * The delay before retry number `retry` (0 for the first retry), in ms.
   *
   * @example
   * ```ts
   * strategy.delayMs(1); // random() * min(initialDelayMs * 2, maxDelayMs)
   * ```
   */
  public delayMs(retry: number): number {
    // 2^retry overflows to Infinity for absurd values; min() then caps it at maxDelayMs.
    const cap = Math.min(this.initialDelayMs * 2 ** retry, this.maxDelayMs);
    const jitter = this.random();
    // A misbehaving injected random must not produce negative or over-cap delays.
    return cap * (jitter > 0 ? (jitter < 1 ? jitter : 1) : 0);
  }

  /**
   * Waits `delayMs` before the next attempt.
   *
   * @example
   * ```ts
   * await strategy.wait(strategy.delayMs(0));
   * ```
   */
  public wait(delayMs: number): Promise<void> {
    return this.sleepFn(delayMs);
  }
}
