import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { InvokeCommandInput, InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import type { Logger } from '@twinflow/core';
import { CircuitOpenError, classifyError, isThrottling, withRetries } from '@twinflow/health';
import type { CircuitBreaker, Clock, ErrorClassification, HealthTracker, RetryStrategy } from '@twinflow/health';
import { AttemptSignal } from './AttemptSignal';
import { MAX_ASYNC_PAYLOAD_BYTES, MAX_SYNC_PAYLOAD_BYTES } from './constants';
import { LambdaInvocationError, LambdaRetriesExhaustedError, LambdaTimeoutError, PayloadTooLargeError } from './errors';
import type { LambdaFunctionError } from './errors';
import { functionErrorFrom } from './failures';
import type { AdapterMetrics } from './roadmap/metrics';
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
  /** Counts retries, throttled attempts and circuit-open rejections; `undefined` records nothing. */
  metrics: AdapterMetrics | undefined;
}

/** One call of {@link InvocationLoop.send}. */
export interface SendInput {
  /** The encoded payload, already checked with {@link InvocationLoop.checkSize}. */
  payload: Uint8Array | undefined;
  invocationType: InvocationType;
  timeoutMs: number;
  qualifier: string | undefined;
  /** Record a success on the breaker and tracker (`invoke`); `execute` records its outcome once it has read the answer. */
  recordSuccess: boolean;
  /** Put on every log line of the call. */
  requestId: string | undefined;
}

/** What the callbacks of one {@link InvocationLoop.send} share. */
interface AttemptState {
  call: SendInput;
  input: InvokeCommandInput;
  /** When the current attempt started. */
  startedAt: number;
  /** The function's own failure (an answer with FunctionError): thrown by its attempt, never retried nor wrapped. */
  functionError: LambdaFunctionError | undefined;
  /** The verdict on the last failed attempt, for the retry line and the terminal error. */
  verdict: ErrorClassification;
}

/**
 * The call path of {@link LambdaAdapter} around twinflow's one retry loop (`withRetries` from
 * `@twinflow/health`): checks the circuit, sends `InvokeCommand` with a per-attempt timeout,
 * retries what `classifyError` calls retryable with the backoff of the `RetryStrategy` (never a
 * function error), turns the last failure into a typed error that carries its `attempts` and
 * failure `reason`, and records terminal outcomes on the breaker and the tracker (one per call,
 * not per attempt). Internal.
 *
 * @example
 * ```ts
 * const loop = new InvocationLoop({ functionName, client, retry, logger, clock, breaker, tracker, metrics: undefined });
 * loop.checkSize(bytes, 'RequestResponse');
 * const { output, attempts } = await loop.send({ payload: bytes, invocationType: 'RequestResponse', timeoutMs: 30_000, qualifier: undefined, recordSuccess: true, requestId: 'r1' });
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
  private readonly metrics: AdapterMetrics | undefined;

  public constructor(options: InvocationLoopOptions) {
    this.functionName = options.functionName;
    this.client = options.client;
    this.retry = options.retry;
    this.logger = options.logger;
    this.clock = options.clock;
    this.breaker = options.breaker;
    this.tracker = options.tracker;
    this.metrics = options.metrics;
  }

  /**
   * Checks the payload against Lambda's limit for the invocation type, before anything else
   * (cache, rate limiter, circuit) is consulted.
   *
   * @throws PayloadTooLargeError (nothing recorded)
   */
  public checkSize(payload: Uint8Array | undefined, invocationType: InvocationType): void {
    const size = payload === undefined ? 0 : payload.byteLength;
    const limit = invocationType === 'Event' ? MAX_ASYNC_PAYLOAD_BYTES : MAX_SYNC_PAYLOAD_BYTES;
    if (size > limit) throw new PayloadTooLargeError(this.functionName, size, limit, invocationType);
  }

  /**
   * Invokes the function until it answers or a failure is final. A function error, a
   * non-retryable error, exhausted retries or an open circuit throw their typed error (failures
   * recorded). A success is recorded only with `recordSuccess` (`execute` records its outcome
   * after reading the answer).
   */
  public async send(call: SendInput): Promise<{ output: InvokeCommandOutput; attempts: number }> {
    const { functionName, metrics } = this;
    const { payload, invocationType, qualifier, requestId } = call;
    const breaker = this.breaker;
    if (breaker !== undefined && !breaker.canRequest()) {
      const retryAt = breaker.retryAt();
      metrics?.circuitOpen(functionName);
      this.logger.warn('lambda invoke rejected: circuit open', { functionName, requestId, retryAt });
      throw new CircuitOpenError(functionName, retryAt); // attempts: 0
    }

    const input: InvokeCommandInput = { FunctionName: functionName, InvocationType: invocationType, Payload: payload };
    if (qualifier !== undefined) input.Qualifier = qualifier;

    // The loop's callbacks are bound methods sharing one state per call: no function is named per
    // call (a transpiler keeping names, as tsx's does, would set each one's name on every call).
    const state: AttemptState = { call, input, startedAt: 0, functionError: undefined, verdict: { retryable: false, errorName: 'Error' } };
    const { value: output, attempts } = await withRetries(this.attemptOnce.bind(this, state), {
      strategy: this.retry,
      classify: this.classifyFailure.bind(this, state),
      onRetry: this.logRetry.bind(this, state),
      giveUp: this.finalError.bind(this, state),
    });
    // execute records the outcome itself once the answer is read (a success: false is a failure).
    if (call.recordSuccess) this.recordSuccess();
    return { output, attempts };
  }

  /** One attempt of {@link InvocationLoop.send}: an answer, or its function error thrown (never retried). */
  private async attemptOnce(state: AttemptState, attempt: number): Promise<InvokeCommandOutput> {
    state.startedAt = this.clock.now();
    const answer = await this.attempt(state.input, state.call.timeoutMs, attempt);
    this.logAttempt(state.call, attempt, state.startedAt, { statusCode: answer.StatusCode });
    if (answer.FunctionError !== undefined && answer.FunctionError !== '') {
      state.functionError = functionErrorFrom(this.functionName, answer, attempt);
      throw state.functionError;
    }
    return answer;
  }

  /** Whether a failed attempt may be retried: never a function error; otherwise `classifyError`'s verdict, kept. */
  private classifyFailure(state: AttemptState, error: unknown, attempt: number): boolean {
    if (state.functionError !== undefined && error === state.functionError) return false;
    state.verdict = classifyError(error);
    const { errorName, statusCode } = state.verdict;
    if (this.metrics !== undefined && isThrottling(errorName, statusCode)) this.metrics.throttle(this.functionName);
    this.logAttempt(state.call, attempt, state.startedAt, { errorName, statusCode });
    return state.verdict.retryable;
  }

  private logRetry(state: AttemptState, { attempt, delayMs }: { attempt: number; delayMs: number }): void {
    const { functionName } = this;
    const { errorName, statusCode } = state.verdict;
    this.metrics?.retry(functionName);
    this.logger.warn('lambda invoke retrying', { functionName, requestId: state.call.requestId, attempt, delayMs, errorName, statusCode });
  }

  /** The typed error the call throws, its failure recorded. */
  private finalError(state: AttemptState, error: unknown, { attempts: made, exhausted }: { attempts: number; exhausted: boolean }): Error {
    const { functionName } = this;
    const { functionError, verdict, call } = state;
    // The function itself failed: counts against its circuit.
    if (functionError !== undefined && error === functionError) return this.fail(functionError, true, made, call.requestId);
    if (!exhausted) return this.fail(new LambdaInvocationError(functionName, verdict.errorName, verdict.statusCode, error, made), false, made, call.requestId);
    return this.fail(new LambdaRetriesExhaustedError(functionName, made, error), true, made, call.requestId);
  }

  /** The debug line of one attempt, answered (`statusCode`) or failed (`errorName`, `statusCode`). */
  private logAttempt(call: SendInput, attempt: number, startedAt: number, outcome: { errorName?: string; statusCode?: number | undefined }): void {
    this.logger.debug('lambda invoke attempt', {
      functionName: this.functionName,
      requestId: call.requestId,
      attempt,
      invocationType: call.invocationType,
      durationMs: this.clock.now() - startedAt,
      ...outcome,
    });
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
      let sent: Promise<InvokeCommandOutput>;
      try {
        // Promise.resolve returns the SDK's own promise as is; it also takes a client (a test double) that answers synchronously.
        sent = Promise.resolve(this.client.send(new InvokeCommand(input), { abortSignal: signal }));
      } catch (error) {
        sent = Promise.reject(error);
      }
      sent.then(
        (output) => {
          clearTimeout(timer);
          resolve(output);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  /** Records a terminal failure on the breaker and the tracker, logs it with its attempts, and returns it for `throw`. */
  private fail<E extends Error>(error: E, countsForBreaker: boolean, attempts: number, requestId: string | undefined): E {
    const breaker = this.breaker;
    if (breaker !== undefined) {
      if (countsForBreaker) breaker.recordFailure();
      else breaker.releaseProbe(); // a caller/config error says nothing about the function's health
    }
    this.tracker.recordFailure(error);
    this.logger.error('lambda invoke failed', { functionName: this.functionName, requestId, attempts, error });
    return error;
  }

  /** Records a successful call on the breaker and the tracker. */
  public recordSuccess(): void {
    this.breaker?.recordSuccess();
    this.tracker.recordSuccess();
  }

  /** Records an answer that counts as a failure (`execute`'s `success: false`) on the breaker and the tracker. */
  public recordUnsuccessful(outcome: { name: string; message: string }): void {
    this.breaker?.recordFailure();
    this.tracker.recordFailure(outcome);
  }
}
