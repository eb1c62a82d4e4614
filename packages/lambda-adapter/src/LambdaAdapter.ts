import type { InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import type { Adapter, ExecuteResponse, HealthStatus, JsonValue } from '@twinflow/core';
import type { CircuitBreaker, HealthTracker, RetryStrategy } from '@twinflow/health';
import { CallPipeline } from './callPipeline';
import { builtInPayload, builtInResponse, checkedResponse, decodeBody, encodePayload, queuedResponse, requestIdOf } from './executeMapping';
import { failedResponse } from './failures';
import { perCallQualifier } from './functionName';
import type { ResolvedFunctionName } from './functionName';
import { InvocationLoop } from './InvocationLoop';
import { grantsAll, moduleInfoOf } from './moduleInfo';
import { invocationTypeOption, invokeOptionKeys, requestIdOption, resolveAdapterOptions, timeoutOption } from './resolveOptions';
import type { LambdaAdapterCodec, LambdaAdapterRequest, LambdaRequestPayload } from './types/codec';
import type { ModuleInfo } from './types/module';
import type { InvocationType, InvokeOptions, LambdaAdapterOptions } from './types/options';
import type { LambdaInvokeResult } from './types/result';

/**
 * Invokes one AWS Lambda function, synchronously (`RequestResponse`) or queued (`Event`),
 * with per-attempt timeouts, jittered exponential retries of transient failures, error
 * classification, a circuit breaker and health tracking. Implements core's `Adapter`.
 *
 * - `invoke` returns the parsed response or throws a typed error ({@link LambdaFunctionError},
 *   {@link LambdaInvocationError}, {@link LambdaRetriesExhaustedError}, {@link PayloadTooLargeError},
 *   `CircuitOpenError`, `RateLimitedError`).
 * - `execute` never throws: it sends twinflow's envelope or the module SDK's request (as the SDK's
 *   snake_case payload) and maps the answer to an `ExecuteResponse`, reporting failures as
 *   `{ success: false, error, errorDetails }`. Payload and response go through the protected
 *   {@link LambdaAdapter.buildPayload} / {@link LambdaAdapter.parseResponse} (override them in a
 *   subclass) and the `codec` option's hooks (compose them without one).
 * - As the module SDK's adapter it is a module too: `moduleName`, `moduleVersion`,
 *   `requiredScopes`, {@link LambdaAdapter.moduleInfo} and {@link LambdaAdapter.validateScopes}.
 * - Opt-in features on the call path: a response cache, a rate limiter, metrics and a dead-letter
 *   sink (see `LambdaAdapterFeatureOptions`); off by default, and then free.
 *
 * A retried `RequestResponse` call may run the function more than once (e.g. after a timeout):
 * functions must be idempotent, as twinflow's are (keyed by event id).
 *
 * @example
 * ```ts
 * const adapter = new LambdaAdapter({ functionName: 'thermostat-1-processor', functionPrefix: 'demo-' });
 * const { payload } = await adapter.invoke({ temperature: 21.5 }, { requestId: 'r1' });
 * const response = await adapter.execute({ requestId: 'r1', timestamp: new Date().toISOString(), trigger: 'telemetry', payload: {} });
 * adapter.health();     // { status: 'healthy', isHealthy: true, consecutiveFailures: 0, ... }
 * adapter.moduleInfo(); // { name: 'demo-thermostat-1-processor', version: '1.0.0', type: 'lambda', ... }
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
  /** The module's name (`moduleName`; default the function's plain name). */
  public readonly moduleName: string;
  /** The module's version (`moduleVersion`; default `'1.0.0'`). */
  public readonly moduleVersion: string;
  /** Scopes a caller must hold (`requiredScopes`; default none), frozen. */
  public readonly requiredScopes: readonly string[];

  private readonly target: ResolvedFunctionName;
  private readonly timeoutMs: number;
  private readonly retry: RetryStrategy;
  private readonly trackerInjected: boolean;
  private readonly pipeline: CallPipeline;
  private readonly codec: LambdaAdapterCodec;
  private readonly now: () => number;
  private readonly read: (output: InvokeCommandOutput) => ExecuteResponse;
  private region: string | undefined;

  public constructor(options: LambdaAdapterOptions) {
    const resolved = resolveAdapterOptions(options);
    this.target = resolved.target;
    this.functionName = resolved.target.functionName;
    this.invocationType = resolved.invocationType;
    this.client = resolved.client;
    this.timeoutMs = resolved.timeoutMs;
    this.retry = resolved.retry;
    this.circuitBreaker = resolved.breaker;
    this.healthTracker = resolved.tracker;
    this.trackerInjected = resolved.trackerInjected;
    this.codec = resolved.codec;
    this.moduleName = resolved.moduleName;
    this.moduleVersion = resolved.moduleVersion;
    this.requiredScopes = resolved.requiredScopes;
    this.region = resolved.region;
    this.now = () => resolved.clock.now();
    this.read = (output) => this.readAnswer(output);
    const { client, retry, logger, clock, breaker, tracker, metrics, cache, rateLimiter, deadLetter } = resolved;
    const loop = new InvocationLoop({ functionName: this.functionName, client, retry, logger, clock, breaker, tracker, metrics });
    this.pipeline = new CallPipeline({ functionName: this.functionName, loop, logger, clock, metrics, cache, rateLimiter, deadLetter });
    // Known without asking the client (its region provider is async and may query IMDS): the option,
    // the ARN's, else the environment's, as the SDK itself reads it on Lambda.
    this.region ??= process.env['AWS_REGION'] || process.env['AWS_DEFAULT_REGION'] || undefined;
    const { moduleName, moduleVersion, functionName, region, invocationType, timeoutMs } = this;
    logger.info('lambda adapter created', { moduleName, moduleVersion, functionName, region, invocationType, maxRetries: retry.maxRetries, timeoutMs });
  }

  /**
   * Invokes the function with `payload`: a JSON value (encoded here as UTF-8 JSON), or a
   * `Uint8Array` of UTF-8 JSON the caller encoded already (sent as it is; e.g. a batch encoded
   * once). Any JSON-shaped type alias (core's `TelemetryEvent`, `ProcessorBatchRequest`) is
   * accepted as it is. Resolves with the parsed response (`payload` is `undefined` for `Event`),
   * or throws a typed error after retrying what can be retried (dead-lettered first, when a
   * `deadLetter` sink is set); the error carries its `attempts` and failure `reason`.
   * `options.requestId` goes on every log line of the call.
   *
   * @example
   * ```ts
   * const result = await adapter.invoke({ deviceId: 'thermostat-1' }, { timeoutMs: 5_000 });
   * result.statusCode; // 200
   * result.payload;    // the function's return value
   *
   * const bytes = new TextEncoder().encode(JSON.stringify(toProcessorBatchRequest(events))); // encoded once
   * await adapter.invoke(bytes); // sent as is, its size checked against Lambda's limit
   * ```
   */
  public async invoke(payload: JsonValue | Uint8Array, options?: InvokeOptions): Promise<LambdaInvokeResult> {
    if (options !== undefined) invokeOptionKeys(options);
    const invocationType = invocationTypeOption('invocationType', options?.invocationType) ?? this.invocationType;
    const timeoutMs = timeoutOption('timeoutMs', options?.timeoutMs) ?? this.timeoutMs;
    const qualifier = perCallQualifier(this.target, options?.qualifier);
    const requestId = requestIdOption(options?.requestId);
    // With a cache, a JSON object is encoded only when the cache misses: a hit sends nothing.
    const encoded = !this.pipeline.encodesLater(payload, invocationType);
    const bytes = encoded ? encodePayload(payload, true) : undefined;
    return this.pipeline.invoke({ payload, bytes, encoded, invocationType, timeoutMs, qualifier, requestId });
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
    let bytes: Uint8Array | undefined;
    try {
      bytes = encodePayload(this.buildPayload(request), false);
    } catch (error) {
      return failedResponse(error); // an invalid request: nothing sent, nothing recorded
    }
    const { invocationType, timeoutMs, read } = this;
    return this.pipeline.execute({ request, bytes, invocationType, timeoutMs, requestId: requestIdOf(request), read });
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

  /**
   * The module SDK's `get_module_info()`: name, version, the function and its region, invocation
   * type, retry settings, time limit, required scopes and `health()` now. Synchronous: `region` is
   * what is known without waiting (see {@link ModuleInfo.region}).
   *
   * @example
   * ```ts
   * const { name, version, functionName, health } = adapter.moduleInfo();
   * ```
   */
  public moduleInfo(): ModuleInfo {
    const { moduleName, moduleVersion, functionName, region, invocationType, retry, timeoutMs, requiredScopes } = this;
    return moduleInfoOf({ moduleName, moduleVersion, functionName, region, invocationType, retry, timeoutMs, requiredScopes, health: this.health() });
  }

  /**
   * Whether `granted` holds every one of `requiredScopes` (the module SDK's `validate_scopes`):
   * `true` when none are required, whatever is granted.
   *
   * @example
   * ```ts
   * if (!adapter.validateScopes(request.scopes ?? [])) return { success: false, error: 'missing scope', targets: [] };
   * ```
   */
  public validateScopes(granted: readonly string[]): boolean {
    return grantsAll(granted, this.requiredScopes);
  }

  /** `execute`'s answer from the output: queued for `Event`, else `parseResponse` checked; never throws. */
  private readAnswer(output: InvokeCommandOutput): ExecuteResponse {
    try {
      return this.invocationType === 'Event' ? queuedResponse(output) : checkedResponse(this.parseResponse(decodeBody(output), output));
    } catch (error) {
      return failedResponse(error);
    }
  }
}
