import type { LambdaClient } from '@aws-sdk/client-lambda';
import { createLogger } from '@twinflow/core';
import type { Logger } from '@twinflow/core';
import { CircuitBreaker, HealthConfigError, HealthTracker, RetryStrategy, sleep as defaultSleep, systemClock } from '@twinflow/health';
import type { CircuitBreakerOptions, Clock } from '@twinflow/health';
import {
  DEFAULT_INITIAL_DELAY_MS,
  DEFAULT_INVOCATION_TYPE,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  MAX_RETRIES_LIMIT,
  MAX_TIMEOUT_MS,
} from './constants';
import { LambdaAdapterConfigError } from './errors';
import { resolveFunctionName } from './functionName';
import type { ResolvedFunctionName } from './functionName';
import { resolveClient } from './resolveClient';
import { resolveFeatures } from './resolveFeatures';
import type { ResolvedFeatures } from './resolveFeatures';
import { invalidOption as invalid, rejectUnknownKeys } from './roadmap/options';
import type { LambdaAdapterCodec } from './types/codec';
import type { InvocationType, InvokeOptions, LambdaAdapterOptions } from './types/options';

/** {@link LambdaAdapterOptions} validated, with every default applied. */
export interface ResolvedAdapterOptions extends ResolvedFeatures {
  target: ResolvedFunctionName;
  invocationType: InvocationType;
  client: LambdaClient;
  /** The region known without asking the SDK: a full ARN's, else the `region` the adapter built its client with. */
  region: string | undefined;
  retry: RetryStrategy;
  timeoutMs: number;
  logger: Logger;
  clock: Clock;
  breaker: CircuitBreaker | undefined;
  tracker: HealthTracker;
  trackerInjected: boolean;
  codec: LambdaAdapterCodec;
}

// Every option, so that an unknown key (a typo such as `timeoutMS`) is an error, not a silent default.
// A Record over keyof LambdaAdapterOptions: the compiler keeps it complete.
const OPTION_KEYS = Object.keys({
  functionName: true,
  functionPrefix: true,
  invocationType: true,
  client: true,
  region: true,
  endpoint: true,
  credentials: true,
  retry: true,
  timeoutMs: true,
  logger: true,
  circuitBreaker: true,
  healthTracker: true,
  sleep: true,
  random: true,
  clock: true,
  codec: true,
  moduleName: true,
  moduleVersion: true,
  requiredScopes: true,
  maxSockets: true,
  metrics: true,
  cache: true,
  rateLimit: true,
  deadLetter: true,
} satisfies Record<keyof LambdaAdapterOptions, true>);
const RETRY_KEYS = Object.keys({ maxRetries: true, initialDelayMs: true, maxDelayMs: true } satisfies Record<keyof NonNullable<LambdaAdapterOptions['retry']>, true>);
const BREAKER_KEYS = Object.keys({
  failureThreshold: true,
  cooldownMs: true,
  halfOpenMaxProbes: true,
  clock: true,
  onStateChange: true,
} satisfies Record<keyof CircuitBreakerOptions, true>);
const INVOKE_KEYS = Object.keys({ invocationType: true, timeoutMs: true, qualifier: true, requestId: true } satisfies Record<keyof InvokeOptions, true>);

/**
 * Validates the adapter's options and applies defaults; throws {@link LambdaAdapterConfigError}
 * naming the first invalid or unknown option.
 *
 * @example
 * ```ts
 * const resolved = resolveAdapterOptions({ functionName: 'persister', functionPrefix: 'demo-' });
 * resolved.target.functionName; // 'demo-persister'
 * ```
 */
export function resolveAdapterOptions(options: LambdaAdapterOptions): ResolvedAdapterOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw invalid('options', 'must be an object', options);
  rejectUnknownKeys(undefined, options, OPTION_KEYS);
  const target = resolveFunctionName(options.functionName, options.functionPrefix);
  const invocationType = invocationTypeOption('invocationType', options.invocationType) ?? DEFAULT_INVOCATION_TYPE;
  const timeoutMs = timeoutOption('timeoutMs', options.timeoutMs) ?? DEFAULT_TIMEOUT_MS;
  const clock = clockOption(options.clock);
  const breaker = breakerOption(options.circuitBreaker, clock);
  const tracker = trackerOption(options.healthTracker) ?? new HealthTracker(target.functionName, breaker ? { breaker, clock } : { clock });

  const sleep = functionOption('sleep', options.sleep) ?? defaultSleep;
  const retry = retryStrategy(options, sleep);
  const logger = loggerOption(options.logger);
  const codec = codecOption(options.codec);
  const features = resolveFeatures(options, { moduleName: target.name, clock, sleep });
  // Last, so an invalid option never leaves a half-configured client (and its agents) behind.
  const { client, region } = resolveClient(options);
  return {
    ...features,
    target,
    invocationType,
    client,
    region: target.region ?? region,
    retry,
    timeoutMs,
    logger,
    clock,
    breaker,
    tracker,
    trackerInjected: options.healthTracker !== undefined,
    codec,
  };
}

/** Checks the keys of `invoke`'s per-call options (their values are checked where they are read). */
export function invokeOptionKeys(options: InvokeOptions): void {
  if (typeof options !== 'object' || options === null) throw invalid('options', 'must be an object of per-call options', options);
  rejectUnknownKeys(undefined, options, INVOKE_KEYS);
}

/** Checks a per-call `requestId`. */
export function requestIdOption(value: unknown): string | undefined {
  if (value === undefined || (typeof value === 'string' && value !== '')) return value;
  throw invalid('requestId', 'must be a non-empty string', value);
}

/** Checks an invocation type (adapter option or per-call option). */
export function invocationTypeOption(option: string, value: unknown): InvocationType | undefined {
  if (value === undefined || value === 'RequestResponse' || value === 'Event') return value;
  throw invalid(option, "must be 'RequestResponse' or 'Event'", value);
}

/** Checks a per-attempt timeout (adapter option or per-call option). */
export function timeoutOption(option: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_TIMEOUT_MS) {
    throw invalid(option, `must be an integer from 1 to ${MAX_TIMEOUT_MS}`, value);
  }
  return value;
}

function retryStrategy(options: LambdaAdapterOptions, sleep: (ms: number) => Promise<void>): RetryStrategy {
  const retry: unknown = options.retry ?? {};
  if (typeof retry !== 'object' || retry === null || Array.isArray(retry)) throw invalid('retry', 'must be an object', retry);
  rejectUnknownKeys('retry', retry, RETRY_KEYS);
  const { maxRetries = DEFAULT_MAX_RETRIES, initialDelayMs = DEFAULT_INITIAL_DELAY_MS, maxDelayMs = DEFAULT_MAX_DELAY_MS } =
    retry as Record<string, unknown>;
  if (typeof maxRetries !== 'number' || !Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > MAX_RETRIES_LIMIT) {
    throw invalid('retry.maxRetries', `must be an integer from 0 to ${MAX_RETRIES_LIMIT}`, maxRetries);
  }
  if (typeof initialDelayMs !== 'number' || !Number.isFinite(initialDelayMs) || initialDelayMs <= 0) {
    throw invalid('retry.initialDelayMs', 'must be a finite number > 0', initialDelayMs);
  }
  if (typeof maxDelayMs !== 'number' || !Number.isFinite(maxDelayMs) || maxDelayMs < initialDelayMs) {
    throw invalid('retry.maxDelayMs', `must be a finite number >= retry.initialDelayMs (${initialDelayMs})`, maxDelayMs);
  }
  return new RetryStrategy({
    maxRetries,
    initialDelayMs,
    maxDelayMs,
    random: functionOption('random', options.random) ?? Math.random,
    sleep,
  });
}

function breakerOption(value: LambdaAdapterOptions['circuitBreaker'], clock: Clock): CircuitBreaker | undefined {
  if (value === false) return undefined;
  if (value instanceof CircuitBreaker) return value;
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw invalid('circuitBreaker', 'must be CircuitBreaker options, a CircuitBreaker or false', value);
  }
  if (value !== undefined) rejectUnknownKeys('circuitBreaker', value, BREAKER_KEYS);
  try {
    return new CircuitBreaker({ ...value, clock: value?.clock ?? clock });
  } catch (error) {
    if (!(error instanceof HealthConfigError)) throw error;
    const option = `circuitBreaker.${error.option}`;
    throw new LambdaAdapterConfigError(`Invalid option "circuitBreaker": ${error.message}`, option, { cause: error });
  }
}

function trackerOption(value: unknown): HealthTracker | undefined {
  if (value === undefined || value instanceof HealthTracker) return value;
  throw invalid('healthTracker', 'must be a HealthTracker', value);
}

function loggerOption(value: unknown): Logger {
  if (value === undefined) return createLogger({ fields: { component: 'lambda-adapter' } });
  const logger = value as Partial<Record<keyof Logger, unknown>> | null;
  if (typeof logger !== 'object' || logger === null || !(['debug', 'info', 'warn', 'error'] as const).every((m) => typeof logger[m] === 'function')) {
    throw invalid('logger', 'must have debug, info, warn and error methods', value);
  }
  return value as Logger;
}

const CODEC_HOOKS = ['buildPayload', 'parseResponse'] as const;

/**
 * Checks `codec`: an object with `buildPayload` and/or `parseResponse`, each a function when given
 * (methods of a class instance count too); an object literal with any other key is rejected. The
 * hooks are kept bound to the object.
 */
function codecOption(value: unknown): LambdaAdapterCodec {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('codec', 'must be an object with buildPayload and/or parseResponse functions', value);
  }
  const hooks = value as Record<string, unknown>;
  const prototype = Object.getPrototypeOf(value) as unknown;
  // A literal's other keys are typos; a class instance may keep state of its own.
  const literal = prototype === Object.prototype || prototype === null;
  for (const key of literal ? Object.keys(hooks) : []) {
    if (!(CODEC_HOOKS as readonly string[]).includes(key)) throw invalid(`codec.${key}`, 'is not a codec hook (buildPayload, parseResponse)', hooks[key]);
  }
  const codec: LambdaAdapterCodec = {};
  const buildPayload = functionOption('codec.buildPayload', hooks['buildPayload']);
  const parseResponse = functionOption('codec.parseResponse', hooks['parseResponse']);
  if (buildPayload !== undefined) codec.buildPayload = (buildPayload as NonNullable<LambdaAdapterCodec['buildPayload']>).bind(value);
  if (parseResponse !== undefined) codec.parseResponse = (parseResponse as NonNullable<LambdaAdapterCodec['parseResponse']>).bind(value);
  return codec;
}

function clockOption(value: unknown): Clock {
  if (value === undefined) return systemClock;
  if (typeof value !== 'object' || value === null || typeof (value as { now?: unknown }).now !== 'function') {
    throw invalid('clock', 'must be an object with a now() method returning epoch ms', value);
  }
  return value as Clock;
}

function functionOption<T>(option: string, value: T | undefined): T | undefined {
  if (value === undefined || typeof value === 'function') return value;
  throw invalid(option, 'must be a function', value);
}
