import type { InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import type { Adapter, ExecuteResponse, HealthStatus, JsonValue, Logger } from '@twinflow/core';
import type { CircuitBreaker, HealthTracker } from '@twinflow/health';
import { decodeLambdaPayload } from '@twinflow/payload-mappers';
import {
  builtInPayload,
  builtInResponse,
  checkedResponse,
  decodeBody,
  encodePayload,
  queuedResponse,
  unsuccessfulOutcome,
} from './executeMapping';
import { failedResponse } from './failures';
import { isValidQualifier } from './functionName';
import type { ResolvedFunctionName } from './functionName';
import { InvocationLoop } from './InvocationLoop';
import { invalid, invocationTypeOption, resolveAdapterOptions, timeoutOption } from './resolveOptions';
import type { LambdaAdapterCodec, LambdaAdapterRequest, LambdaRequestPayload } from './types/codec';
import type { InvocationType, InvokeOptions, LambdaAdapterOptions } from './types/options';
import type { LambdaInvokeResult } from './types/result';

/**
 * Invokes one AWS Lambda function, synchronously (`RequestResponse`) or queued (`Event`),
 * with per-attempt timeouts, jittered exponential retries of transient failures, error
 * classification, a circuit breaker and health tracking. Implements core's `Adapter`.
 *
 * - `invoke` returns the parsed response or throws a typed error ({@link LambdaFunctionError},
 *   {@link LambdaInvocationError}, {@link LambdaRetriesExhaustedError}, {@link PayloadTooLargeError},
 *   `CircuitOpenError`).
 * - `execute` never throws: it sends twinflow's envelope or the module SDK's request (as the SDK's
 *   snake_case payload) and maps the answer to an `ExecuteResponse`, reporting failures as
 *   `{ success: false, error, errorDetails }`. Payload and response go through the protected
 *   {@link LambdaAdapter.buildPayload} / {@link LambdaAdapter.parseResponse} (override them in a
 *   subclass) and the `codec` option's hooks (compose them without one).
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
  private readonly timeoutMs: number;
  private readonly logger: Logger;
  private readonly trackerInjected: boolean;
  private readonly loop: InvocationLoop;
  private readonly codec: LambdaAdapterCodec;
  private readonly now: () => number;

  public constructor(options: LambdaAdapterOptions) {
    const resolved = resolveAdapterOptions(options);
    this.target = resolved.target;
    this.functionName = resolved.target.functionName;
    this.invocationType = resolved.invocationType;
    this.client = resolved.client;
    this.timeoutMs = resolved.timeoutMs;
    this.logger = resolved.logger;
    this.circuitBreaker = resolved.breaker;
    this.healthTracker = resolved.tracker;
    this.trackerInjected = resolved.trackerInjected;
    this.codec = resolved.codec;
    this.now = () => resolved.clock.now();
    const { client, retry, logger, clock, breaker, tracker } = resolved;
    this.loop = new InvocationLoop({ functionName: this.functionName, client, retry, logger, clock, breaker, tracker });
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
    const { output, attempts } = await this.loop.send(encodePayload(payload, true), invocationType, timeoutMs, qualifier, true);
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
   * Runs a request on the function (with the adapter's invocation type): twinflow's envelope
   * (`ExecuteRequest`) or the module SDK's `ModuleRequest`, told apart by `isExecuteRequest` /
   * `isModuleRequest`. The payload comes from {@link LambdaAdapter.buildPayload}, the answer goes
   * through {@link LambdaAdapter.parseResponse}; an `Event` invocation answers
   * `{ success: true, message: 'Lambda function queued', data: { statusCode: 202 }, targets: [] }`.
   * Never throws: every failure is `{ success: false, error, errorDetails }`. One outcome is
   * recorded per call: an answer with `success: false` (or an unreadable body) is a failure for
   * the health tracker and the circuit breaker; an invalid request records nothing.
   *
   * @example
   * ```ts
   * const response = await adapter.execute({
   *   command: 'analyze', args: ['dataset.csv'],
   *   userId: 'user_123', entityId: 'entity_456', communityId: 'community_789', sessionId: 'session_abc123', platform: 'discord',
   * });
   * if (!response.success) console.error(response.error, response.errorDetails?.retryable);
   * ```
   */
  public async execute(request: LambdaAdapterRequest): Promise<ExecuteResponse> {
    const invocationType = this.invocationType;
    let output: InvokeCommandOutput;
    try {
      const payload = encodePayload(this.buildPayload(request), false);
      ({ output } = await this.loop.send(payload, invocationType, this.timeoutMs, undefined, false));
    } catch (error) {
      return failedResponse(error); // send recorded the failure, or nothing was sent
    }
    let response: ExecuteResponse;
    try {
      response = invocationType === 'Event' ? queuedResponse(output) : checkedResponse(this.parseResponse(decodeBody(output), output));
    } catch (error) {
      response = failedResponse(error);
    }
    this.settle(response);
    return response;
  }

  /**
   * Builds the payload `execute` sends for `request`: the bytes to send, or a JSON object to encode.
   * Built in: for a module request the module SDK's snake_case payload object
   * (`toModuleLambdaPayload`, `timestamp` from the adapter's `clock`); for an envelope
   * `toLambdaPayload`'s bytes; the `codec.buildPayload` hook, when given, wraps that. Override it
   * to change the payload, calling `super.buildPayload(request)` for the default. A throw makes
   * `execute` answer `{ success: false }` without invoking.
   *
   * @example
   * ```ts
   * class CustomLambdaAdapter extends LambdaAdapter {
   *   protected override buildPayload(request: LambdaAdapterRequest): LambdaRequestPayload {
   *     const payload = super.buildPayload(request);
   *     return payload instanceof Uint8Array ? payload : { ...payload, custom_field: 'custom_value' };
   *   }
   * }
   * ```
   */
  protected buildPayload(request: LambdaAdapterRequest): LambdaRequestPayload {
    const builtIn = (next: LambdaAdapterRequest): LambdaRequestPayload => builtInPayload(next, this.now);
    return this.codec.buildPayload === undefined ? builtIn(request) : this.codec.buildPayload(request, builtIn);
  }

  /**
   * Maps a `RequestResponse` answer to `execute`'s `ExecuteResponse`. `body` is the decoded JSON
   * body (`undefined` when there is none or it is not UTF-8 JSON), `output` the SDK's
   * `InvokeCommandOutput` (status, executed version, raw `Payload`). Built in: `toExecuteResponse`
   * of the body (the module SDK's rules: `success` and `message` kept, every other field in `data`,
   * string targets as `{ type }`, a failure without error `"Unknown error"`, no boolean `success`
   * an `InvalidResponseError`); the `codec.parseResponse` hook, when given, wraps that. Override it
   * to post-process, calling `super.parseResponse(body, output)` for the default. Not called for
   * `Event` invocations (there is no answer) nor for function errors (`FunctionError`).
   *
   * @example
   * ```ts
   * class CustomLambdaAdapter extends LambdaAdapter {
   *   protected override parseResponse(body: JsonValue | undefined, output: InvokeCommandOutput): ExecuteResponse {
   *     const response = super.parseResponse(body, output);
   *     return { ...response, data: { ...response.data, version: output.ExecutedVersion ?? null } };
   *   }
   * }
   * ```
   */
  protected parseResponse(body: JsonValue | undefined, output: InvokeCommandOutput): ExecuteResponse {
    return this.codec.parseResponse === undefined ? builtInResponse(body, output) : this.codec.parseResponse(body, output, builtInResponse);
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
      if (status.circuit === 'open') {
        status.status = 'unhealthy';
        status.isHealthy = false;
      }
    }
    return status;
  }

  /** Records `execute`'s outcome: an answer with `success: false` counts against the function. */
  private settle(response: ExecuteResponse): void {
    if (response.success) {
      this.loop.recordSuccess();
      return;
    }
    const outcome = unsuccessfulOutcome(response);
    this.circuitBreaker?.recordFailure();
    this.healthTracker.recordFailure(outcome);
    this.logger.warn('lambda function answered success: false', { functionName: this.functionName, errorType: outcome.name, error: outcome.message });
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

