import { sleep as defaultSleep, systemClock } from '@twinflow/health';
import type { Clock } from '@twinflow/health';
import { RateLimitedError } from './errors';
import { clockOption, functionOption, integerOption, invalidOption, optionsObject, positiveNumberOption } from './options';

/** Default {@link RateLimitOptions.maxWaitMs}: a call waits at most 1 s for a token, then is refused. */
export const DEFAULT_RATE_LIMIT_MAX_WAIT_MS = 1_000;
/** Largest accepted {@link RateLimitOptions.perSecond} and {@link RateLimitOptions.burst}. */
export const MAX_RATE_LIMIT = 1_000_000;
/** Largest accepted {@link RateLimitOptions.maxWaitMs}: Lambda's own 15-minute maximum run time. */
export const MAX_RATE_LIMIT_WAIT_MS = 900_000;

const OPTION = 'rateLimit';
const KEYS = ['perSecond', 'burst', 'maxWaitMs', 'clock', 'sleep'] as const;

/**
 * Options of {@link RateLimiter} (the adapter's `rateLimit` option). Only `perSecond` is required.
 *
 * @example
 * ```ts
 * const options: RateLimitOptions = { perSecond: 20, burst: 40, maxWaitMs: 250 };
 * ```
 */
export interface RateLimitOptions {
  /** Sustained rate: tokens added per second (fractions allowed, e.g. `0.5`). Greater than 0, at most 1,000,000. Required. */
  perSecond: number;
  /** Bucket size: calls that may go at once after a quiet spell. Integer 1..1,000,000. Default `perSecond` rounded up (at least 1). */
  burst?: number;
  /** Longest a call waits for a token before {@link RateLimitedError}; `0` never waits. Integer 0..900,000. Default `1_000`. */
  maxWaitMs?: number;
  /** Time source. Default the system clock (`Date.now()`). */
  clock?: Clock;
  /** Waits the given ms. Default a `setTimeout` promise. Inject a fake in tests. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A token bucket in front of Lambda calls: `burst` calls may go at once, then `perSecond` on
 * average. `acquire()` takes a token, waiting (with the injected `sleep`) when the bucket is
 * empty; a call that would wait longer than `maxWaitMs` is refused with {@link RateLimitedError}
 * and takes nothing. Waiting calls are served in order: each reserves its token when it
 * arrives, so a later call never overtakes an earlier one.
 *
 * One limiter per adapter bounds one function; a limiter shared between adapters bounds them
 * together (e.g. to stay under an account's concurrency). Synchronous bookkeeping, no timers:
 * safe across Lambda freezes.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter({ perSecond: 10, burst: 20, maxWaitMs: 500 });
 * await limiter.acquire('demo-persister'); // resolves at once, or after a wait of at most 500 ms
 * await adapter.invoke(payload);
 * ```
 */
export class RateLimiter {
  /** Tokens added per second. */
  public readonly perSecond: number;
  /** Bucket size. */
  public readonly burst: number;
  /** Longest wait for a token, in ms. */
  public readonly maxWaitMs: number;

  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<void>;
  // May go negative: tokens reserved by waiting calls ahead of the refill.
  private tokens: number;
  private refilledAt: number;

  public constructor(options: RateLimitOptions) {
    if (options === undefined) throw invalidOption(OPTION, 'must be an object with perSecond', options);
    const raw = optionsObject(OPTION, options, KEYS);
    this.perSecond = positiveNumberOption(`${OPTION}.perSecond`, raw['perSecond'], MAX_RATE_LIMIT);
    this.burst = integerOption(`${OPTION}.burst`, raw['burst'], Math.max(1, Math.ceil(this.perSecond)), 1, MAX_RATE_LIMIT);
    this.maxWaitMs = integerOption(`${OPTION}.maxWaitMs`, raw['maxWaitMs'], DEFAULT_RATE_LIMIT_MAX_WAIT_MS, 0, MAX_RATE_LIMIT_WAIT_MS);
    this.clock = clockOption(`${OPTION}.clock`, raw['clock'], systemClock);
    this.sleep = functionOption(`${OPTION}.sleep`, raw['sleep'], defaultSleep);
    this.tokens = this.burst;
    this.refilledAt = this.clock.now();
  }

  /**
   * Takes a token for a call to `functionName`, waiting up to `maxWaitMs` for one. Throws
   * {@link RateLimitedError} (naming the function and the wait it would need) without waiting
   * when the wait would be longer.
   *
   * @example
   * ```ts
   * try {
   *   await limiter.acquire(adapter.functionName);
   * } catch (err) {
   *   if (err instanceof RateLimitedError) return { success: false, error: err.message };
   *   throw err;
   * }
   * ```
   */
  public async acquire(functionName: string): Promise<void> {
    const waitMs = this.reserve();
    if (waitMs === 0) return;
    if (waitMs > this.maxWaitMs) throw new RateLimitedError(functionName, waitMs, this.maxWaitMs);
    this.tokens -= 1;
    await this.sleep(waitMs);
  }

  /**
   * Takes a token if one is there now; never waits.
   *
   * @example
   * ```ts
   * if (!limiter.tryAcquire()) metrics.rateLimited(adapter.functionName);
   * ```
   */
  public tryAcquire(): boolean {
    return this.reserve() === 0;
  }

  /**
   * Whole tokens available now (0 while calls are waiting).
   *
   * @example
   * ```ts
   * limiter.available(); // 20 on a fresh limiter with burst 20
   * ```
   */
  public available(): number {
    this.refill();
    return Math.max(0, Math.floor(this.tokens));
  }

  /** Takes a token if there is one (returns 0), else returns the wait for the next one in ms (taking nothing). */
  private reserve(): number {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.perSecond));
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = now - this.refilledAt;
    if (elapsed <= 0) return; // a clock that stands still (or steps back) adds nothing
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.perSecond) / 1000);
    this.refilledAt = now;
  }
}
