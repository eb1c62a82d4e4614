import { LambdaClient } from '@aws-sdk/client-lambda';
import type { LambdaClientConfig } from '@aws-sdk/client-lambda';
import { createLogger, describe } from '@twinflow/core';
import type { Logger } from '@twinflow/core';
import { CircuitBreaker, HealthConfigError, HealthTracker, systemClock } from '@twinflow/health';
import type { Clock } from '@twinflow/health';
import { RetryStrategy, sleep as defaultSleep } from './backoff';
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
import type { LambdaAdapterCodec } from './types/codec';
import type { InvocationType, LambdaAdapterOptions } from './types/options';

/** {@link LambdaAdapterOptions} validated, with every default applied. */
export interface ResolvedAdapterOptions {
  target: ResolvedFunctionName;
  invocationType: InvocationType;
  client: LambdaClient;
  retry: RetryStrategy;
  timeoutMs: number;
  logger: Logger;
  clock: Clock;
  breaker: CircuitBreaker | undefined;
  tracker: HealthTracker;
  trackerInjected: boolean;
  codec: LambdaAdapterCodec;
}

/**
 * Validates the adapter's options and applies defaults; throws {@link LambdaAdapterConfigError}
 * naming the first invalid option.
 *
 * @example
 * ```ts
 * const resolved = resolveAdapterOptions({ functionName: 'persister', functionPrefix: 'demo-' });
 * resolved.target.functionName; // 'demo-persister'
 * ```
 */
export function resolveAdapterOptions(options: LambdaAdapterOptions): ResolvedAdapterOptions {
  if (typeof options !== 'object' || options === null) throw invalid('options', 'must be an object', options);
  const target = resolveFunctionName(options.functionName, options.functionPrefix);
  const invocationType = invocationTypeOption('invocationType', options.invocationType) ?? DEFAULT_INVOCATION_TYPE;
  const timeoutMs = timeoutOption('timeoutMs', options.timeoutMs) ?? DEFAULT_TIMEOUT_MS;
  const clock = clockOption(options.clock);
  const breaker = breakerOption(options.circuitBreaker, clock);
  const tracker = trackerOption(options.healthTracker) ?? new HealthTracker(target.functionName, breaker ? { breaker, clock } : { clock });

  const retry = retryStrategy(options);
  const logger = loggerOption(options.logger);
  const codec = codecOption(options.codec);
  // Last, so an invalid option never leaves a half-configured client behind.
  const client = clientOption(options);
  return {
    target,
    invocationType,
    client,
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

/** A {@link LambdaAdapterConfigError} for `option`. */
export function invalid(option: string, rule: string, value: unknown): LambdaAdapterConfigError {
  return new LambdaAdapterConfigError(`Invalid option "${option}": ${rule}, got ${describe(value)}`, option);
}

function retryStrategy(options: LambdaAdapterOptions): RetryStrategy {
  const retry: unknown = options.retry ?? {};
  if (typeof retry !== 'object' || retry === null) throw invalid('retry', 'must be an object', retry);
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
    sleep: functionOption('sleep', options.sleep) ?? defaultSleep,
  });
}

function clientOption(options: LambdaAdapterOptions): LambdaClient {
  if (options.client !== undefined) {
    if (typeof options.client !== 'object' || options.client === null || typeof options.client.send !== 'function') {
      throw invalid('client', 'must be a LambdaClient', options.client);
    }
    return options.client;
  }
  const config: LambdaClientConfig = { maxAttempts: 1 }; // the adapter runs its own retry loop
  if (options.region !== undefined) {
    if (typeof options.region !== 'string' || options.region === '') throw invalid('region', 'must be a non-empty string', options.region);
    config.region = options.region;
  }
  if (options.endpoint !== undefined) {
    if (typeof options.endpoint !== 'string' || !/^https?:\/\/\S+$/.test(options.endpoint)) {
      throw invalid('endpoint', 'must be an http(s) URL', options.endpoint);
    }
    config.endpoint = options.endpoint;
  }
  if (options.credentials !== undefined) config.credentials = options.credentials;
  return new LambdaClient(config);
}

function breakerOption(value: LambdaAdapterOptions['circuitBreaker'], clock: Clock): CircuitBreaker | undefined {
  if (value === false) return undefined;
  if (value instanceof CircuitBreaker) return value;
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw invalid('circuitBreaker', 'must be CircuitBreaker options, a CircuitBreaker or false', value);
  }
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
