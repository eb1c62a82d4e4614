import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { InvokeCommandInput, InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import type { Logger } from '@twinflow/core';
import { CircuitOpenError } from '@twinflow/health';
import type { CircuitBreaker, Clock, HealthTracker } from '@twinflow/health';
import { AttemptSignal } from './AttemptSignal';
import type { RetryStrategy } from './backoff';
import { classifyError } from './classifyError';
import { MAX_ASYNC_PAYLOAD_BYTES, MAX_SYNC_PAYLOAD_BYTES } from './constants';
import { LambdaInvocationError, LambdaRetriesExhaustedError, LambdaTimeoutError, PayloadTooLargeError } from './errors';
import { functionErrorFrom } from './failures';
import type { InvocationType } from './types/options';

/** What an {@link InvocationLoop} works with: the adapter's resolved function, client and policies. */
export interface InvocationLoopOptions {
  functionName: string;
  client: LambdaClient;
  retry: RetryStrategy;
  logger: Logger;
  clock: Clock;
  breaker: CircuitBreaker | undefined;
  tracker: HealthTracker;
}

/**
 * The one retry loop of {@link LambdaAdapter}: checks the payload size and the circuit, sends
 * `InvokeCommand` with a per-attempt timeout, retries what `classifyError` calls retryable with the
 * backoff of the `RetryStrategy`, turns the last failure into a typed error and records terminal
 * outcomes on the breaker and the tracker (one per call, not per attempt). Internal.
 *
 * @example
 * ```ts
 * const loop = new InvocationLoop({ functionName, client, retry, logger, clock, breaker, tracker });
 * const { output, attempts } = await loop.send(bytes, 'RequestResponse', 30_000, undefined, true);
 * ```
 */
export class InvocationLoop {
  private readonly functionName: string;
  private readonly client: LambdaClient;
  private readonly retry: RetryStrategy;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly breaker: CircuitBreaker | undefined;
  private readonly tracker: HealthTracker;

  public constructor(options: InvocationLoopOptions) {
    this.functionName = options.functionName;
    this.client = options.client;
    this.retry = options.retry;
    this.logger = options.logger;
    this.clock = options.clock;
    this.breaker = options.breaker;
    this.tracker = options.tracker;
  }

  /**
   * Invokes the function until it answers or a failure is final. A function error, a
   * non-retryable error, exhausted retries, an oversized payload or an open circuit throw their
   * typed error (failures recorded). A success is recorded only with `recordSuccess` (`execute`
   * records its outcome after reading the answer).
   */
  public async send(
    payload: Uint8Array | undefined,
    invocationType: InvocationType,
    timeoutMs: number,
    qualifier: string | undefined,
    recordSuccess: boolean,
  ): Promise<{ output: InvokeCommandOutput; attempts: number }> {
    const functionName = this.functionName;
    const size = payload === undefined ? 0 : payload.byteLength;
    const limit = invocationType === 'Event' ? MAX_ASYNC_PAYLOAD_BYTES : MAX_SYNC_PAYLOAD_BYTES;
    if (size > limit) throw new PayloadTooLargeError(functionName, size, limit, invocationType);

    const breaker = this.breaker;
    if (breaker !== undefined && !breaker.canRequest()) {
      const retryAt = breaker.retryAt();
      this.logger.warn('lambda invoke rejected: circuit open', { functionName, retryAt });
      throw new CircuitOpenError(functionName, retryAt);
    }

    const input: InvokeCommandInput = { FunctionName: functionName, InvocationType: invocationType, Payload: payload };
    if (qualifier !== undefined) input.Qualifier = qualifier;

    for (let attempt = 1; ; attempt += 1) {
      const startedAt = this.clock.now();
      let output: InvokeCommandOutput;
      try {
        output = await this.attempt(input, timeoutMs, attempt);
      } catch (error) {
        const verdict = classifyError(error);
        const { errorName, statusCode } = verdict;
        this.logger.debug('lambda invoke attempt', {
          functionName,
          attempt,
          invocationType,
          durationMs: this.clock.now() - startedAt,
          errorName,
          statusCode,
        });
        if (!verdict.retryable) {
          throw this.fail(new LambdaInvocationError(functionName, errorName, statusCode, error), false, attempt);
        }
        if (!this.retry.shouldRetry(true, attempt - 1)) {
          throw this.fail(new LambdaRetriesExhaustedError(functionName, attempt, error), true, attempt);
        }
        const delayMs = this.retry.delayMs(attempt - 1);
        this.logger.warn('lambda invoke retrying', { functionName, attempt, delayMs, errorName, statusCode });
        await this.retry.wait(delayMs);
        continue;
      }

      this.logger.debug('lambda invoke attempt', {
        functionName,
        attempt,
        invocationType,
        durationMs: this.clock.now() - startedAt,
        statusCode: output.StatusCode,
      });
      if (output.FunctionError !== undefined && output.FunctionError !== '') {
        // The function itself failed: counts against its circuit, never retried.
        throw this.fail(functionErrorFrom(functionName, output), true, attempt);
      }
      // execute records the outcome itself once the answer is read (a success: false is a failure).
      if (recordSuccess) this.recordSuccess();
      return { output, attempts: attempt };
    }
  }

  /**
   * One request, aborted after `timeoutMs`. The timeout rejects first, so it is what the caller
   * sees even from a client that ignores the signal (or rejects with its own `AbortError` inside
   * `abort()`).
   */
  private attempt(input: InvokeCommandInput, timeoutMs: number, attempt: number): Promise<InvokeCommandOutput> {
    return new Promise<InvokeCommandOutput>((resolve, reject) => {
      const signal = new AttemptSignal();
      const timer = setTimeout(() => {
        const timeout = new LambdaTimeoutError(this.functionName, timeoutMs, attempt);
        reject(timeout);
        signal.abort(timeout);
      }, timeoutMs);
      const settled = (output: InvokeCommandOutput): void => {
        clearTimeout(timer);
        resolve(output);
      };
      const failed = (error: unknown): void => {
        clearTimeout(timer);
        reject(error);
      };
      try {
        // Promise.resolve returns the SDK's own promise as is; it also takes a client (a test double) that answers synchronously.
        Promise.resolve(this.client.send(new InvokeCommand(input), { abortSignal: signal })).then(settled, failed);
      } catch (error) {
        failed(error);
      }
    });
  }

  /** Records a terminal failure on the breaker and the tracker, logs it, and returns it for `throw`. */
  public fail<E extends Error>(error: E, countsForBreaker: boolean, attempts: number): E {
    const breaker = this.breaker;
    if (breaker !== undefined) {
      if (countsForBreaker) breaker.recordFailure();
      else breaker.releaseProbe(); // a caller/config error says nothing about the function's health
    }
    this.tracker.recordFailure(error);
    this.logger.error('lambda invoke failed', { functionName: this.functionName, attempts, error });
    return error;
  }

  /** Records a successful call on the breaker and the tracker. */
  public recordSuccess(): void {
    this.breaker?.recordSuccess();
    this.tracker.recordSuccess();
  }
}
