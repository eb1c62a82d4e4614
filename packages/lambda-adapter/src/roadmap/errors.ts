import { TwinflowError } from '@twinflow/core';
import type { TwinflowErrorOptions } from '@twinflow/core';
import { LambdaAdapterError } from '../errors';

/**
 * The rate limiter had no token for this call and the wait for one (`waitMs`) would exceed
 * `maxWaitMs`, so the call was refused without reaching Lambda. Retryable: the same call fits
 * once the bucket refills. Reason `rate-limited`, `attempts` 0.
 *
 * @example
 * ```ts
 * catch (err) {
 *   if (err instanceof RateLimitedError) console.warn(`${err.functionName} busy, retry in ${err.waitMs} ms`);
 * }
 * // message: Rate limit for "demo-persister": a token would take 250 ms, over maxWaitMs 100 ms
 * ```
 */
export class RateLimitedError extends LambdaAdapterError {
  public override readonly name: string = 'RateLimitedError';
  declare public readonly retryable: true;
  /** How long the call would have had to wait for a token, in ms. */
  public readonly waitMs: number;
  /** The longest wait the limiter allows, in ms. */
  public readonly maxWaitMs: number;

  public constructor(functionName: string, waitMs: number, maxWaitMs: number, options: TwinflowErrorOptions = {}) {
    super(
      `Rate limit for "${functionName}": a token would take ${waitMs} ms, over maxWaitMs ${maxWaitMs} ms`,
      'RATE_LIMITED',
      functionName,
      true,
      { reason: 'rate-limited', attempts: 0, ...options },
    );
    this.waitMs = waitMs;
    this.maxWaitMs = maxWaitMs;
  }

  /** The base description plus `functionName`, `waitMs` and `maxWaitMs`. */
  public override toJSON(): { name: string; code: string; message: string; cause?: string; functionName: string; waitMs: number; maxWaitMs: number } {
    return { ...super.toJSON(), functionName: this.functionName, waitMs: this.waitMs, maxWaitMs: this.maxWaitMs };
  }
}

/**
 * A dead-letter entry could not be sent (the queue is missing, access denied, throttled...).
 * The SDK error is the `cause`. A caller should log it and keep the original failure as the
 * outcome: a broken dead-letter queue must not hide why the call failed. Its failure `reason` is
 * the default `internal-error` (it is never a reading's own reason).
 *
 * @example
 * ```ts
 * try { await deadLetter.send(entry); } catch (err) { if (err instanceof DeadLetterSendError) logger.error('dead letter lost', { error: err }); }
 * ```
 */
export class DeadLetterSendError extends TwinflowError {
  public override readonly name: string = 'DeadLetterSendError';
  /** The queue the entry was meant for. */
  public readonly queueUrl: string;
  /** The function whose failed call the entry describes. */
  public readonly functionName: string;

  public constructor(queueUrl: string, functionName: string, cause: unknown) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`Sending the dead letter of "${functionName}" to ${queueUrl} failed: ${reason}`, 'DEAD_LETTER_SEND_FAILED', { cause });
    this.queueUrl = queueUrl;
    this.functionName = functionName;
  }
}
