import type { InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { isExecuteRequest, isModuleRequest } from '@twinflow/core';
import type { ExecuteResponse, JsonValue, Logger } from '@twinflow/core';
import { CircuitOpenError } from '@twinflow/health';
import type { Clock } from '@twinflow/health';
import { decodeLambdaPayload } from '@twinflow/payload-mappers';
import { LambdaAdapterError } from './errors';
import { encodePayload, unsuccessfulOutcome } from './executeMapping';
import { failedResponse } from './failures';
import type { InvocationLoop } from './InvocationLoop';
import { deadLetterEntry } from './roadmap/deadLetter';
import type { DeadLetterSink } from './roadmap/deadLetter';
import { RateLimitedError } from './roadmap/errors';
import type { AdapterMetrics } from './roadmap/metrics';
import type { RateLimiter } from './roadmap/rateLimiter';
import type { ResponseCache } from './roadmap/responseCache';
import type { LambdaAdapterRequest } from './types/codec';
import type { InvocationType } from './types/options';
import type { LambdaInvokeResult } from './types/result';

/** What a {@link CallPipeline} works with; every feature is `undefined` when off. */
export interface CallPipelineOptions {
  functionName: string;
  loop: InvocationLoop;
  logger: Logger;
  clock: Clock;
  metrics: AdapterMetrics | undefined;
  cache: ResponseCache<unknown> | undefined;
  rateLimiter: RateLimiter | undefined;
  deadLetter: DeadLetterSink | undefined;
}

/** One `invoke` call, its options checked and its payload encoded (or left to {@link CallPipeline.invoke}). */
export interface InvokeCall {
  /** The payload as given: a JSON value, or UTF-8 JSON bytes the caller encoded (then `bytes` is the same array). */
  payload: JsonValue | Uint8Array | undefined;
  /** The encoded payload; not made yet when `encoded` is `false`. */
  bytes: Uint8Array | undefined;
  /**
   * `false`: `payload` is a JSON object or array left for the pipeline to encode, once the cache
   * has missed (a hit sends nothing, so it encodes nothing). See {@link CallPipeline.encodesLater}.
   */
  encoded: boolean;
  invocationType: InvocationType;
  timeoutMs: number;
  qualifier: string | undefined;
  requestId: string | undefined;
}

/** One `execute` call, its payload built and encoded; `read` maps the answer and never throws. */
export interface ExecuteCall {
  request: LambdaAdapterRequest;
  bytes: Uint8Array | undefined;
  invocationType: InvocationType;
  timeoutMs: number;
  requestId: string | undefined;
  read: (output: InvokeCommandOutput) => ExecuteResponse;
}

/**
 * The call path of {@link LambdaAdapter} around its one retry loop: cache lookup
 * (`RequestResponse` only) → payload size → rate limiter → circuit breaker and retries
 * ({@link InvocationLoop}) → cache store; metrics for each step, the success log line, and the
 * dead letter of a call that failed for good. A feature that is off costs one `undefined` check.
 * Internal.
 *
 * @example
 * ```ts
 * const pipeline = new CallPipeline({ functionName, loop, logger, clock, metrics: undefined, cache: undefined, rateLimiter: undefined, deadLetter: undefined });
 * const result = await pipeline.invoke({ payload, bytes, encoded: true, invocationType: 'RequestResponse', timeoutMs: 30_000, qualifier: undefined, requestId: 'r1' });
 * ```
 */
export class CallPipeline {
  private readonly functionName: string;
  private readonly loop: InvocationLoop;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly metrics: AdapterMetrics | undefined;
  private readonly cache: ResponseCache<unknown> | undefined;
  private readonly rateLimiter: RateLimiter | undefined;
  private readonly deadLetter: DeadLetterSink | undefined;

  public constructor(options: CallPipelineOptions) {
    this.functionName = options.functionName;
    this.loop = options.loop;
    this.logger = options.logger;
    this.clock = options.clock;
    this.metrics = options.metrics;
    this.cache = options.cache;
    this.rateLimiter = options.rateLimiter;
    this.deadLetter = options.deadLetter;
  }

  /**
   * Whether an `invoke` of `payload` may leave encoding to {@link CallPipeline.invoke} (`encoded:
   * false`): with a cache, for a synchronous call of an object or array without `toJSON`, whose
   * canonical JSON (the key) fails exactly where `JSON.stringify` fails.
   */
  public encodesLater(payload: JsonValue | Uint8Array | undefined, invocationType: InvocationType): boolean {
    if (this.cache === undefined || invocationType !== 'RequestResponse') return false;
    return typeof payload === 'object' && payload !== null && !(payload instanceof Uint8Array) && typeof (payload as { toJSON?: unknown }).toJSON !== 'function';
  }

  /** Runs an `invoke` call: resolves with its result or throws its typed error (dead-lettered first). */
  public async invoke(call: InvokeCall): Promise<LambdaInvokeResult> {
    const { functionName, metrics } = this;
    const { invocationType, requestId } = call;
    const startedAt = this.clock.now();
    const key = this.cache === undefined || invocationType !== 'RequestResponse' ? undefined : this.keyFor(functionName, call.qualifier, call.payload);
    // A payload that cannot be keyed cannot be encoded either: its InvalidPayloadError, before anything is counted.
    let bytes = call.encoded || key !== undefined ? call.bytes : encodePayload(call.payload, true);
    metrics?.invocation(functionName);
    try {
      if (key !== undefined) {
        const hit = this.lookUp(key) as LambdaInvokeResult | undefined;
        if (hit !== undefined) {
          this.succeeded('lambda invoke succeeded', requestId, invocationType, 0, startedAt, true);
          return { ...hit, attempts: 0, cached: true };
        }
        if (!call.encoded) bytes = encodePayload(call.payload, true);
      }
      this.loop.checkSize(bytes, invocationType);
      if (this.rateLimiter !== undefined) await this.acquire(this.rateLimiter, requestId);
      const { output, attempts } = await this.loop.send({
        payload: bytes,
        invocationType,
        timeoutMs: call.timeoutMs,
        qualifier: call.qualifier,
        recordSuccess: true,
        requestId,
      });
      const result: LambdaInvokeResult = {
        statusCode: output.StatusCode ?? (invocationType === 'Event' ? 202 : 200),
        payload: invocationType === 'Event' ? undefined : decodeLambdaPayload(output.Payload),
        functionName,
        attempts,
      };
      if (output.ExecutedVersion !== undefined) result.executedVersion = output.ExecutedVersion;
      if (key !== undefined) this.cache?.set(key, result);
      this.succeeded('lambda invoke succeeded', requestId, invocationType, attempts, startedAt, false);
      return result;
    } catch (error) {
      await this.failed(error, requestId, requestOf(call.payload));
      throw error;
    } finally {
      metrics?.duration(functionName, this.clock.now() - startedAt);
    }
  }

  /** Runs an `execute` call; never throws. One outcome is recorded on the breaker and tracker (none for a cache hit). */
  public async execute(call: ExecuteCall): Promise<ExecuteResponse> {
    const { functionName, metrics } = this;
    const { invocationType, requestId } = call;
    const startedAt = this.clock.now();
    metrics?.invocation(functionName);
    try {
      // `#execute` keeps execute's entries apart from invoke's in a shared cache (no function name has a '#').
      const key = this.cache === undefined || invocationType !== 'RequestResponse' ? undefined : this.keyFor(`${functionName}#execute`, undefined, cacheSubject(call.request));
      if (key !== undefined) {
        const hit = this.lookUp(key) as ExecuteResponse | undefined;
        if (hit !== undefined) {
          this.succeeded('lambda execute succeeded', requestId, invocationType, 0, startedAt, true);
          return hit;
        }
      }
      let output: InvokeCommandOutput;
      let attempts: number;
      try {
        this.loop.checkSize(call.bytes, invocationType);
        if (this.rateLimiter !== undefined) await this.acquire(this.rateLimiter, requestId);
        const send = { payload: call.bytes, invocationType, timeoutMs: call.timeoutMs, qualifier: undefined, recordSuccess: false, requestId };
        ({ output, attempts } = await this.loop.send(send));
      } catch (error) {
        await this.failed(error, requestId, call.request as unknown as JsonValue);
        return failedResponse(error); // the loop recorded the failure, or nothing was sent
      }
      const response = call.read(output);
      if (!response.success) {
        const outcome = unsuccessfulOutcome(response);
        this.loop.recordUnsuccessful(outcome);
        metrics?.error(functionName, outcome.name);
        this.logger.warn('lambda function answered success: false', { functionName, requestId, errorType: outcome.name, error: outcome.message });
        return response;
      }
      this.loop.recordSuccess();
      if (key !== undefined) this.cache?.set(key, response);
      this.succeeded('lambda execute succeeded', requestId, invocationType, attempts, startedAt, false);
      return response;
    } finally {
      metrics?.duration(functionName, this.clock.now() - startedAt);
    }
  }

  /** The cache key of a call; `undefined` (not cached) for a subject the cache cannot key. */
  private keyFor(functionName: string, qualifier: string | undefined, subject: JsonValue | Uint8Array | undefined): string | undefined {
    try {
      return this.cache?.keyFor(functionName, qualifier, subject);
    } catch {
      return undefined;
    }
  }

  /** A live cache entry (counted as a hit) or `undefined` (a miss). */
  private lookUp(key: string): unknown {
    const hit = this.cache?.get(key);
    if (hit === undefined) this.metrics?.cacheMiss(this.functionName);
    else this.metrics?.cacheHit(this.functionName);
    return hit;
  }

  private async acquire(limiter: RateLimiter, requestId: string | undefined): Promise<void> {
    try {
      await limiter.acquire(this.functionName);
    } catch (error) {
      if (error instanceof RateLimitedError) {
        this.metrics?.rateLimited(this.functionName);
        this.logger.warn('lambda invoke rejected: rate limited', { functionName: this.functionName, requestId, waitMs: error.waitMs, maxWaitMs: error.maxWaitMs });
      }
      throw error;
    }
  }

  private succeeded(message: string, requestId: string | undefined, invocationType: InvocationType, attempts: number, startedAt: number, cached: boolean): void {
    const { functionName } = this;
    const durationMs = this.clock.now() - startedAt;
    this.logger.info(message, cached ? { functionName, requestId, invocationType, attempts, durationMs, cached } : { functionName, requestId, invocationType, attempts, durationMs });
  }

  /** Counts a failed call and, when it failed on the call path, sends its dead letter. */
  private async failed(error: unknown, requestId: string | undefined, request: JsonValue): Promise<void> {
    this.metrics?.error(this.functionName, errorType(error));
    if (this.deadLetter !== undefined && (error instanceof LambdaAdapterError || error instanceof CircuitOpenError)) {
      await this.sendDeadLetter(this.deadLetter, error, requestId, request);
    }
  }

  /** Sends (and awaits) the dead letter; a sink that fails is logged, never thrown over the call's own failure. */
  private async sendDeadLetter(sink: DeadLetterSink, error: LambdaAdapterError | CircuitOpenError, requestId: string | undefined, request: JsonValue): Promise<void> {
    const functionName = this.functionName;
    let reason: string | undefined;
    try {
      const entry = deadLetterEntry({ functionName, request, error, attempts: error.attempts ?? 0, clock: this.clock });
      reason = entry.reason;
      await sink.send(entry);
      this.logger.info('lambda call dead-lettered', { functionName, requestId, reason, attempts: entry.attempts });
    } catch (sendError) {
      this.logger.error('lambda dead letter failed', { functionName, requestId, reason, error: sendError });
    }
  }
}

const textDecoder = new TextDecoder();

/**
 * What a dead letter keeps of an `invoke` payload, for replay: the JSON value; for bytes, the JSON
 * they encode (their text when they are not JSON); `null` for none.
 */
function requestOf(payload: JsonValue | Uint8Array | undefined): JsonValue {
  if (!(payload instanceof Uint8Array)) return payload ?? null;
  try {
    return decodeLambdaPayload(payload) ?? null;
  } catch {
    return textDecoder.decode(payload);
  }
}

/** What `execute`'s cache key is made of: the request without its per-call identity. */
function cacheSubject(request: LambdaAdapterRequest): JsonValue {
  if (isExecuteRequest(request)) {
    const { requestId: _requestId, timestamp: _timestamp, ...subject } = request;
    return subject as JsonValue;
  }
  if (isModuleRequest(request)) {
    const { sessionId: _sessionId, scopes: _scopes, ...subject } = request;
    return subject as unknown as JsonValue;
  }
  return request as unknown as JsonValue;
}

function errorType(error: unknown): string {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name !== '' ? name : 'Error';
}
