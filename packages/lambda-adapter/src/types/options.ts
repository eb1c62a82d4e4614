import type { LambdaClient, LambdaClientConfig } from '@aws-sdk/client-lambda';
import type { Logger } from '@twinflow/core';
import type { CircuitBreaker, CircuitBreakerOptions, Clock, HealthTracker } from '@twinflow/health';
import type { LambdaAdapterCodec } from './codec';
import type { LambdaAdapterFeatureOptions } from './features';
import type { LambdaAdapterModuleOptions } from './module';

/**
 * How Lambda runs the function: wait for its result, or queue it.
 *
 * @example
 * ```ts
 * const type: InvocationType = 'Event';
 * ```
 */
export type InvocationType = 'RequestResponse' | 'Event';

/**
 * Retry settings. Retryable failures (throttling, 5xx, network errors, per-attempt timeouts)
 * are retried with full-jitter exponential backoff:
 * `delay(n) = random() * min(initialDelayMs * 2^n, maxDelayMs)`, `n` = 0 for the first retry.
 *
 * @example
 * ```ts
 * new LambdaAdapter({ functionName: 'demo-persister', retry: { maxRetries: 5, initialDelayMs: 200 } });
 * ```
 */
export interface RetryOptions {
  /** Retries after the first attempt. Integer 0..10. Default `3` (so at most 4 attempts). */
  maxRetries?: number;
  /** Cap of the first backoff delay, in ms. Must be > 0. Default `500`. */
  initialDelayMs?: number;
  /** Cap of any backoff delay, in ms. Must be >= `initialDelayMs`. Default `30_000`. */
  maxDelayMs?: number;
}

/**
 * Options of {@link LambdaAdapter}. Only `functionName` is required. Validated once, by the
 * constructor: an invalid value or an unknown key (here or inside `retry`, `circuitBreaker`,
 * `cache`, `rateLimit`, `codec`) throws `LambdaAdapterConfigError` naming it. The module identity
 * (`moduleName`, `moduleVersion`, `requiredScopes`) is in {@link LambdaAdapterModuleOptions}, the
 * opt-in features (`maxSockets`, `metrics`, `cache`, `rateLimit`, `deadLetter`) in
 * {@link LambdaAdapterFeatureOptions}.
 *
 * @example
 * ```ts
 * const options: LambdaAdapterOptions = {
 *   functionName: 'thermostat-1-processor',
 *   functionPrefix: 'demo-',
 *   endpoint: 'http://127.0.0.1:3002',
 *   retry: { maxRetries: 3 },
 *   circuitBreaker: { failureThreshold: 5 },
 * };
 * ```
 */
export interface LambdaAdapterOptions extends LambdaAdapterModuleOptions, LambdaAdapterFeatureOptions {
  /**
   * The function to invoke: a plain name (`persister`), a name with a qualifier
   * (`persister:live`, `persister:$LATEST`, `persister:7`), a partial ARN
   * (`123456789012:function:persister[:alias]`) or a full ARN
   * (`arn:aws:lambda:eu-central-1:123456789012:function:persister[:alias]`). Required.
   */
  functionName: string;
  /**
   * Prepended to plain names only, never to ARNs (e.g. `demo-` + `persister`). A name that
   * already starts with the prefix is left as is. Letters, digits, `-`, `_`. Default none.
   */
  functionPrefix?: string;
  /** Default invocation type of `invoke` and `execute`. Default `'RequestResponse'`. */
  invocationType?: InvocationType;
  /**
   * The Lambda client to use. Build it with `maxAttempts: 1`: the adapter runs its own retry
   * loop, and SDK retries on top would multiply the attempts. Default: a client built once by
   * `createPooledLambdaClient` from `region`, `endpoint`, `credentials` and `maxSockets`
   * (`maxAttempts: 1`, keep-alive agents of at most `maxSockets` connections per host).
   */
  client?: LambdaClient;
  /** Region of the built client (ignored with `client`). Default the SDK's resolution (`AWS_REGION`...). */
  region?: string;
  /** Endpoint of the built client, e.g. `http://127.0.0.1:3002` locally (ignored with `client`). Default AWS. */
  endpoint?: string;
  /** Credentials of the built client (ignored with `client`). Default the SDK's provider chain. */
  credentials?: LambdaClientConfig['credentials'];
  /** Retry settings; each field has its own default. */
  retry?: RetryOptions;
  /** Time limit of each attempt in ms (the request is aborted). Integer 1..900000. Default `30_000`. */
  timeoutMs?: number;
  /**
   * Structured logger. Default `createLogger()` from `@twinflow/core` (level from `LOG_LEVEL`,
   * else `info`). The adapter logs `info` when created and per successful call, `debug` per
   * attempt, `warn` per retry and rejection, `error` when it gives up; each call's lines carry its
   * `requestId` when there is one.
   */
  logger?: Logger;
  /**
   * The circuit breaker in front of the function: options for a new one, an existing
   * `CircuitBreaker` (e.g. shared), or `false` for none. Default a new `CircuitBreaker()`
   * (opens after 5 consecutive failed invocations, probes after 30 s).
   */
  circuitBreaker?: CircuitBreakerOptions | CircuitBreaker | false;
  /**
   * Tracker that every invocation's outcome is recorded on. Default a new
   * `HealthTracker(functionName, { breaker, clock })`.
   */
  healthTracker?: HealthTracker;
  /** Waits between retries (and for a token of a `rateLimit` built from options). Default a `setTimeout` promise. Inject a fake in tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
  /**
   * Time source for durations, the default breaker, tracker, cache and rate limiter, dead-letter
   * entries' `at` and a module payload's `timestamp`. Default `Date.now()`.
   */
  clock?: Clock;
  /**
   * Hooks around `execute`'s payload building and response parsing, for composition instead of
   * a subclass (see {@link LambdaAdapterCodec}). Default none: the built-in mapping.
   */
  codec?: LambdaAdapterCodec;
}

/**
 * Per-call overrides of {@link LambdaAdapter.invoke}. An unknown key throws `LambdaAdapterConfigError`.
 *
 * @example
 * ```ts
 * await adapter.invoke(event, { invocationType: 'Event', qualifier: 'live', requestId: event.eventId });
 * ```
 */
export interface InvokeOptions {
  /** Invocation type of this call. Default the adapter's `invocationType`. */
  invocationType?: InvocationType;
  /** Time limit of each attempt of this call, in ms. Default the adapter's `timeoutMs`. */
  timeoutMs?: number;
  /** Version or alias to invoke, when `functionName` carries none. Default none (`$LATEST` or the name's qualifier). */
  qualifier?: string;
  /** Id of the request this call serves, put on every log line of the call (and its dead letter's logs). Default none. */
  requestId?: string;
}
