import type { DeadLetterSink } from '../roadmap/deadLetter';
import type { MetricsSink } from '../roadmap/metrics';
import type { RateLimiter, RateLimitOptions } from '../roadmap/rateLimiter';
import type { ResponseCache, ResponseCacheOptions } from '../roadmap/responseCache';

/**
 * The opt-in features of {@link LambdaAdapterOptions}: a connection pool, metrics, a response
 * cache, a rate limiter and a dead-letter sink. All off by default (`maxSockets` aside, which
 * only sizes the client the adapter builds): an adapter without them does no extra work per call.
 *
 * A call goes through them in this order: cache lookup (`RequestResponse` only; a hit answers at
 * once) → rate limiter → circuit breaker → the retry loop; a call that fails for good goes to the
 * dead-letter sink; metrics see every step.
 *
 * @example
 * ```ts
 * import { Metrics } from '@aws-lambda-powertools/metrics';
 * new LambdaAdapter({
 *   functionName: 'demo-lookup',
 *   metrics: new Metrics({ namespace: 'twinflow', serviceName: 'wrapper' }),
 *   cache: { ttlMs: 5_000, maxEntries: 200 },
 *   rateLimit: { perSecond: 20, burst: 40, maxWaitMs: 250 },
 *   deadLetter: new SqsDeadLetter('https://sqs.eu-central-1.amazonaws.com/123456789012/demo-adapter-dlq'),
 * });
 * ```
 */
export interface LambdaAdapterFeatureOptions {
  /**
   * Most open connections per host of the client the adapter builds (keep-alive agents, see
   * `createPooledLambdaClient`). Integer 1..1000. Default `50`. Rejected together with `client`:
   * an injected client has its own pool (build it with `createPooledLambdaClient({ maxSockets })`).
   */
  maxSockets?: number;
  /**
   * Where the adapter's metrics go, e.g. a Powertools `Metrics` instance; the adapter records
   * through `AdapterMetrics` (one metric at a time via `singleMetric()`, dimension `functionName`):
   * `Invocations` (one per call, cache hits included), `Errors` and `ErrorsByType` (one per failed
   * call, by error class), `Retries`, `Throttles` (throttled attempts), `CircuitOpenRejections`,
   * `CacheHits`, `CacheMisses`, `RateLimited`, `Duration` (ms per call). Default none.
   */
  metrics?: MetricsSink;
  /**
   * A response cache for `RequestResponse` calls of `invoke` and `execute`: options of a new
   * `ResponseCache` (its `clock` defaults to the adapter's), an existing one (it may be shared:
   * entries are keyed by function), or `false`. A hit answers without calling Lambda (`invoke`:
   * `attempts: 0, cached: true`) and records nothing on the health tracker; only successes are
   * stored. `invoke` is keyed by qualifier and payload, `execute` by the request without its
   * per-call identity (an envelope's `requestId` and `timestamp`, a module request's `sessionId`
   * and `scopes`). Only for functions whose answer depends on the payload alone. Default `false`.
   */
  cache?: ResponseCacheOptions | ResponseCache<unknown> | false;
  /**
   * A token bucket in front of the function: options of a new `RateLimiter` (its `clock` and
   * `sleep` default to the adapter's), an existing one (share it to bound several adapters
   * together), or `false`. A call waits up to `maxWaitMs` for a token, else fails with
   * `RateLimitedError` (terminal, not retried, `retryable: true` for the caller; counted as
   * `RateLimited`, dead-lettered, not recorded on the health tracker). Default `false`.
   */
  rateLimit?: RateLimitOptions | RateLimiter | false;
  /**
   * Where calls that fail for good go, as `deadLetterEntry(...)` (function, request, error,
   * attempts, reason), e.g. an `SqsDeadLetter`. Sent, and awaited, for every failure of the call
   * path: rate limited, circuit open, payload too large, a non-retryable invocation error,
   * retries exhausted (timeouts included), a function error. Not for invalid options or a
   * request that cannot be built or encoded (nothing to replay), nor for `execute` answers
   * (`success: false`, unreadable bodies: the function ran). A sink that fails is logged and
   * never hides the call's own failure. Default none.
   */
  deadLetter?: DeadLetterSink;
}
