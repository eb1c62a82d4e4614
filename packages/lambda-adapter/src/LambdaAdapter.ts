import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { InvokeCommandInput, InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import type { Adapter, ExecuteRequest, ExecuteResponse, ExecuteTarget, HealthStatus, JsonValue, Logger } from '@twinflow/core';
import { CircuitOpenError } from '@twinflow/health';
import type { CircuitBreaker, Clock, HealthTracker } from '@twinflow/health';
import { decodeLambdaPayload, fromLambdaPayload, toLambdaPayload } from '@twinflow/payload-mappers';
import type { RetryStrategy } from './backoff';
import { AttemptSignal } from './AttemptSignal';
import { classifyError } from './classifyError';
import { MAX_ASYNC_PAYLOAD_BYTES, MAX_SYNC_PAYLOAD_BYTES } from './constants';
import {
  InvalidPayloadError,
  LambdaInvocationError,
  LambdaRetriesExhaustedError,
  LambdaTimeoutError,
  PayloadTooLargeError,
} from './errors';
import { functionErrorFrom, toExecuteErrorInfo } from './failures';
import { isValidQualifier } from './functionName';
import type { ResolvedFunctionName } from './functionName';
import { invalid, invocationTypeOption, resolveAdapterOptions, timeoutOption } from './resolveOptions';
import type { InvocationType, InvokeOptions, LambdaAdapterOptions } from './types/options';
import type { LambdaInvokeResult } from './types/result';

const encoder = new TextEncoder();

/**
 * Invokes one AWS Lambda function, synchronously (`RequestResponse`) or queued (`Event`),
 * with per-attempt timeouts, jittered exponential retries of transient failures, error
 * classification, a circuit breaker and health tracking. Implements core's `Adapter`.
 *
 * - `invoke` returns the parsed response or throws a typed error ({@link LambdaFunctionError},
 *   {@link LambdaInvocationError}, {@link LambdaRetriesExhaustedError}, {@link PayloadTooLargeError},
 *   `CircuitOpenError`).
 * - `execute` never throws: it maps an `ExecuteRequest` to the function and reports failures as
 *   `{ success: false, error }`.
 *
 * A retried `RequestResponse` call may run the function more than once (e.g. after a timeout):
 * functions must be idempotent, as twinflow's are (keyed by event id).
 *
 * @example
 * ```ts
 * const adapter = new LambdaAdapter({ functionName: 'thermostat-1-processor', functionPrefix: 'demo-' });
 * const { payload } = await adapter.invoke({ temperature: 21.5 });
 * const response = await adapter.execute({ requestId: 'r1', timestamp: new Date().toISOString(), trigger: 'telemetry', payload: {} });
 * adapter.health(); // { status: 'healthy', consecutiveFailures: 0, ... }
 * ```
 */
export class LambdaAdapter implements Adapter {
  /** The resolved function name (prefix applied, qualifier kept), as sent to Lambda. */
  public readonly functionName: string;
  /** Default invocation type of `invoke` and `execute`. */
  public readonly invocationType: InvocationType;
  /** The Lambda client, injected or built once (with `maxAttempts: 1`). */
  public readonly client: LambdaClient;
  /** The circuit breaker in front of the function; `undefined` with `circuitBreaker: false`. */
  public readonly circuitBreaker: CircuitBreaker | undefined;
  /** The tracker every invocation's outcome is recorded on. */
  public readonly healthTracker: HealthTracker;

  private readonly target: ResolvedFunctionName;
  private readonly retry: RetryStrategy;
  private readonly timeoutMs: number;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly trackerInjected: boolean;

  public constructor(options: LambdaAdapterOptions) {
    const resolved = resolveAdapterOptions(options);
    this.target = resolved.target;
    this.functionName = resolved.target.functionName;
    this.invocationType = resolved.invocationType;
    this.client = resolved.client;
    this.retry = resolved.retry;
    this.timeoutMs = resolved.timeoutMs;
    this.logger = resolved.logger;
    this.clock = resolved.clock;
    this.circuitBreaker = resolved.breaker;
    this.healthTracker = resolved.tracker;
    this.trackerInjected = resolved.trackerInjected;
  }

  /**
   * Invokes the function with `payload` (JSON-encoded). Resolves with the parsed response
   * (`payload` is `undefined` for `Event`), or throws a typed error after retrying what can be retried.
   *
   * @example
   * ```ts
   * const result = await adapter.invoke({ deviceId: 'thermostat-1' }, { timeoutMs: 5_000 });
   * result.statusCode; // 200
   * result.payload;    // the function's return value
   * ```
   */
  public async invoke(payload: JsonValue, options?: InvokeOptions): Promise<LambdaInvokeResult> {
    const invocationType = invocationTypeOption('invocationType', options?.invocationType) ?? this.invocationType;
    const timeoutMs = timeoutOption('timeoutMs', options?.timeoutMs) ?? this.timeoutMs;
    const qualifier = this.qualifierFor(options?.qualifier);
    const { output, attempts } = await this.send(encode(payload), invocationType, timeoutMs, qualifier);
    const result: LambdaInvokeResult = {
      statusCode: output.StatusCode ?? (invocationType === 'Event' ? 202 : 200),
      payload: invocationType === 'Event' ? undefined : decodeLambdaPayload(output.Payload),
      functionName: this.functionName,
      attempts,
    };
    if (output.ExecutedVersion !== undefined) result.executedVersion = output.ExecutedVersion;
    return result;
  }

  /**
   * Runs an `ExecuteRequest` on the function (with the adapter's invocation type). Never
   * throws: every failure is returned as `{ success: false, error }`.
   *
   * @example
   * ```ts
   * const response = await adapter.execute({ requestId: 'r1', timestamp: '2026-11-24T08:00:00.000Z', trigger: 'telemetry', payload: event });
   * if (!response.success) console.error(response.error?.type, response.error?.retryable);
   * ```
   */
  public async execute(request: ExecuteRequest): Promise<ExecuteResponse> {
    const invocationType = this.invocationType;
    const target: ExecuteTarget = { type: 'lambda', functionName: this.functionName, invocationType };
    try {
      const { output } = await this.send(toLambdaPayload(request), invocationType, this.timeoutMs, undefined);
      if (invocationType === 'Event') {
        return { success: true, message: 'Lambda function queued', data: { statusCode: output.StatusCode ?? 202 }, targets: [target] };
      }
      if (output.ExecutedVersion !== undefined) target['executedVersion'] = output.ExecutedVersion;
      const response = fromLambdaPayload(output.Payload);
      response.targets = Array.isArray(response.targets) ? [target, ...response.targets] : [target];
      return response;
    } catch (error) {
      return { success: false, error: toExecuteErrorInfo(error), targets: [target] };
    }
  }

  /**
   * Health of the function as seen by this adapter (a fresh object each call).
   *
   * @example
   * ```ts
   * if (adapter.health().status === 'unhealthy') console.warn('processor is failing');
   * ```
   */
  public health(): HealthStatus {
    const status = this.healthTracker.status();
    // An injected tracker may not be wired to this adapter's breaker; report the breaker anyway.
    if (this.trackerInjected && this.circuitBreaker !== undefined) {
      status.circuit = this.circuitBreaker.state();
      if (status.circuit === 'open') status.status = 'unhealthy';
    }
    return status;
  }

  private async send(
    payload: Uint8Array | undefined,
    invocationType: InvocationType,
    timeoutMs: number,
    qualifier: string | undefined,
  ): Promise<{ output: InvokeCommandOutput; attempts: number }> {
    const functionName = this.functionName;
    const size = payload === undefined ? 0 : payload.byteLength;
    const limit = invocationType === 'Event' ? MAX_ASYNC_PAYLOAD_BYTES : MAX_SYNC_PAYLOAD_BYTES;
    if (size > limit) throw new PayloadTooLargeError(functionName, size, limit, invocationType);

    const breaker = this.circuitBreaker;
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
      breaker?.recordSuccess();
      this.healthTracker.recordSuccess();
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
  private fail<E extends Error>(error: E, countsForBreaker: boolean, attempts: number): E {
    const breaker = this.circuitBreaker;
    if (breaker !== undefined) {
      if (countsForBreaker) breaker.recordFailure();
      else breaker.releaseProbe(); // a caller/config error says nothing about the function's health
    }
    this.healthTracker.recordFailure(error);
    this.logger.error('lambda invoke failed', { functionName: this.functionName, attempts, error });
    return error;
  }

  private qualifierFor(qualifier: unknown): string | undefined {
    if (qualifier === undefined) return undefined;
    if (!isValidQualifier(qualifier)) throw invalid('qualifier', "must be $LATEST, a version number or an alias (letters, digits, '-', '_')", qualifier);
    if (this.target.qualifier !== undefined && this.target.qualifier !== qualifier) {
      throw invalid('qualifier', `conflicts with the qualifier "${this.target.qualifier}" in functionName`, qualifier);
    }
    return this.target.qualifier === undefined ? qualifier : undefined;
  }
}

function encode(payload: JsonValue | undefined): Uint8Array | undefined {
  if (payload === undefined) return undefined;
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (cause) {
    throw new InvalidPayloadError(`payload: cannot be encoded as JSON (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  }
  if (json === undefined) throw new InvalidPayloadError('payload: must be a JSON value, got a function or symbol');
  return encoder.encode(json);
}
