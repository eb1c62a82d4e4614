import type { Clock } from '@twinflow/health';
import { DEFAULT_MODULE_VERSION } from './constants';
import type { DeadLetterSink } from './roadmap/deadLetter';
import { AdapterMetrics } from './roadmap/metrics';
import { invalidOption } from './roadmap/options';
import { RateLimiter } from './roadmap/rateLimiter';
import { ResponseCache } from './roadmap/responseCache';
import type { LambdaAdapterOptions } from './types/options';

const MODULE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const MODULE_VERSION = /^\S{1,64}$/;

/** The module identity and the opt-in features, validated, defaults applied. */
export interface ResolvedFeatures {
  moduleName: string;
  moduleVersion: string;
  requiredScopes: readonly string[];
  metrics: AdapterMetrics | undefined;
  cache: ResponseCache<unknown> | undefined;
  rateLimiter: RateLimiter | undefined;
  deadLetter: DeadLetterSink | undefined;
}

/**
 * Checks `moduleName`, `moduleVersion`, `requiredScopes`, `metrics`, `cache`, `rateLimit` and
 * `deadLetter`; a cache or rate limiter built from options takes the adapter's `clock` (and
 * `sleep`) unless given its own. Throws `LambdaAdapterConfigError` naming the option.
 */
export function resolveFeatures(
  options: LambdaAdapterOptions,
  defaults: { moduleName: string; clock: Clock; sleep: (ms: number) => Promise<void> },
): ResolvedFeatures {
  const moduleName = options.moduleName ?? defaults.moduleName;
  if (typeof moduleName !== 'string' || !MODULE_NAME.test(moduleName)) {
    throw invalidOption('moduleName', "must be 1 to 64 letters, digits, '_' or '-'", moduleName);
  }
  const moduleVersion = options.moduleVersion ?? DEFAULT_MODULE_VERSION;
  if (typeof moduleVersion !== 'string' || !MODULE_VERSION.test(moduleVersion)) {
    throw invalidOption('moduleVersion', 'must be a non-empty string of at most 64 characters without spaces', moduleVersion);
  }
  return {
    moduleName,
    moduleVersion,
    requiredScopes: scopesOption(options.requiredScopes),
    metrics: options.metrics === undefined ? undefined : new AdapterMetrics(options.metrics),
    cache: cacheOption(options.cache, defaults.clock),
    rateLimiter: rateLimitOption(options.rateLimit, defaults.clock, defaults.sleep),
    deadLetter: deadLetterOption(options.deadLetter),
  };
}

function scopesOption(value: unknown): readonly string[] {
  if (value === undefined) return Object.freeze([]);
  if (!Array.isArray(value)) throw invalidOption('requiredScopes', 'must be an array of scope names', value);
  const scopes = value as unknown[];
  const bad = scopes.findIndex((scope) => typeof scope !== 'string' || scope.trim() === '');
  if (bad !== -1) throw invalidOption(`requiredScopes[${bad}]`, 'must be a non-empty string', scopes[bad]);
  return Object.freeze([...(scopes as string[])]);
}

function cacheOption(value: unknown, clock: Clock): ResponseCache<unknown> | undefined {
  if (value === undefined || value === false) return undefined;
  if (value instanceof ResponseCache) return value as ResponseCache<unknown>;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidOption('cache', 'must be cache options { ttlMs?, maxEntries? }, a ResponseCache or false', value);
  }
  const given = value as { clock?: Clock };
  return new ResponseCache<unknown>({ ...given, clock: given.clock ?? clock });
}

function rateLimitOption(value: unknown, clock: Clock, sleep: (ms: number) => Promise<void>): RateLimiter | undefined {
  if (value === undefined || value === false) return undefined;
  if (value instanceof RateLimiter) return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidOption('rateLimit', 'must be rate limit options { perSecond, burst?, maxWaitMs? }, a RateLimiter or false', value);
  }
  const given = value as { perSecond: number; clock?: Clock; sleep?: (ms: number) => Promise<void> };
  return new RateLimiter({ ...given, clock: given.clock ?? clock, sleep: given.sleep ?? sleep });
}

function deadLetterOption(value: unknown): DeadLetterSink | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || typeof (value as { send?: unknown }).send !== 'function') {
    throw invalidOption('deadLetter', 'must be a DeadLetterSink (an object with a send(entry) method), e.g. an SqsDeadLetter', value);
  }
  return value as DeadLetterSink;
}

