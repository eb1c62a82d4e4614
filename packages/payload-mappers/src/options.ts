import { DEFAULT_MAX_READING_BYTES, assertTwinName, describeValue } from '@twinflow/core';
import {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_FUTURE_SKEW_MS,
  DEFAULT_MIN_TIMESTAMP_MS,
  MAX_DATE_MS,
  MAX_RETENTION_DAYS,
  MIN_RETENTION_DAYS,
} from './constants';
import { MapperOptionsError } from './errors';
import type { NormalizeOptions } from './types';

/** {@link NormalizeOptions} with every default applied and every value checked. */
export interface ResolvedNormalizeOptions {
  twin: string;
  now: () => number;
  maxBytes: number;
  maxDepth: number;
  maxFutureSkewMs: number;
  minTimestampMs: number;
}

/**
 * Applies the defaults of {@link NormalizeOptions} and checks every value (a handful of `typeof`
 * tests: cheap enough to run per reading, so callers need not cache anything).
 *
 * @throws InvalidTwinNameError (from core) for a bad `twin`; MapperOptionsError naming any other bad option
 */
export function resolveNormalizeOptions(options: NormalizeOptions): ResolvedNormalizeOptions {
  if (typeof options !== 'object' || options === null) {
    throw new MapperOptionsError(`options: must be an object with at least { twin }, got ${describeValue(options)}`, 'options');
  }
  assertTwinName(options.twin);
  const minTimestampMs = options.minTimestampMs ?? DEFAULT_MIN_TIMESTAMP_MS;
  if (typeof minTimestampMs !== 'number' || !(Math.abs(minTimestampMs) <= MAX_DATE_MS)) {
    throw new MapperOptionsError(`minTimestampMs: must be epoch milliseconds, got ${describeValue(minTimestampMs)}`, 'minTimestampMs');
  }
  const maxFutureSkewMs = options.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS;
  if (typeof maxFutureSkewMs !== 'number' || !(maxFutureSkewMs >= 0)) {
    throw new MapperOptionsError(`maxFutureSkewMs: must be a number ≥ 0, got ${describeValue(maxFutureSkewMs)}`, 'maxFutureSkewMs');
  }
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 1) {
    throw new MapperOptionsError(`maxDepth: must be an integer ≥ 1, got ${describeValue(maxDepth)}`, 'maxDepth');
  }
  return {
    twin: options.twin,
    now: resolveClock(options.now),
    maxBytes: resolveMaxBytes(options.maxBytes, DEFAULT_MAX_READING_BYTES),
    maxDepth,
    maxFutureSkewMs,
    minTimestampMs,
  };
}

/**
 * `maxBytes`, or `fallback` when it is undefined.
 *
 * @throws MapperOptionsError unless it is a positive integer
 */
export function resolveMaxBytes(maxBytes: number | undefined, fallback: number): number {
  const value = maxBytes ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new MapperOptionsError(`maxBytes: must be a positive integer, got ${describeValue(value)}`, 'maxBytes');
  }
  return value;
}

/**
 * The `now` option, or `Date.now`.
 *
 * @throws MapperOptionsError unless it is a function
 */
export function resolveClock(now: (() => number) | undefined): () => number {
  if (now === undefined) return Date.now;
  if (typeof now !== 'function') throw new MapperOptionsError(`now: must be a function returning epoch milliseconds, got ${describeValue(now)}`, 'now');
  return now;
}

/**
 * Reads the clock once.
 *
 * @throws MapperOptionsError when it does not return a representable epoch-millisecond instant
 */
export function readClock(now: () => number): number {
  const value = now();
  if (typeof value !== 'number' || !(Math.abs(value) <= MAX_DATE_MS)) {
    throw new MapperOptionsError(`now: must return epoch milliseconds, returned ${describeValue(value)}`, 'now');
  }
  return value;
}

/**
 * Checks `retentionDays` of the hot-table options.
 *
 * @throws MapperOptionsError unless it is an integer 1..3650
 */
export function resolveRetentionDays(retentionDays: unknown): number {
  if (!Number.isInteger(retentionDays) || (retentionDays as number) < MIN_RETENTION_DAYS || (retentionDays as number) > MAX_RETENTION_DAYS) {
    throw new MapperOptionsError(
      `retentionDays: must be an integer ${MIN_RETENTION_DAYS}..${MAX_RETENTION_DAYS}, got ${describeValue(retentionDays)}`,
      'retentionDays',
    );
  }
  return retentionDays as number;
}
