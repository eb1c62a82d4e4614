import { describeValue } from '@twinflow/core';
import type { Clock } from '@twinflow/health';
import { LambdaAdapterConfigError } from '../errors';

// Option checks shared by the roadmap modules: each returns the value (or the default when
// undefined) and throws LambdaAdapterConfigError naming the option (e.g. `rateLimit.burst`) otherwise.

/** A {@link LambdaAdapterConfigError} for `option`. */
export function invalidOption(option: string, rule: string, value: unknown): LambdaAdapterConfigError {
  return new LambdaAdapterConfigError(`Invalid option "${option}": ${rule}, got ${describeValue(value)}`, option);
}

/** Checks that `value` is an options object (or undefined, read as `{}`) with no keys besides `keys`. */
export function optionsObject(option: string, value: unknown, keys: readonly string[]): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidOption(option, 'must be an object', value);
  rejectUnknownKeys(option, value, keys);
  return value as Record<string, unknown>;
}

/**
 * Throws {@link LambdaAdapterConfigError} naming the first own key of `value` that is not in
 * `keys` (dotted under `owner`, e.g. `retry.maxRetry`; the key alone at the top level), with the
 * known key it differs from only in case as a hint (`timeoutMS` → did you mean `timeoutMs`).
 */
export function rejectUnknownKeys(owner: string | undefined, value: object, keys: readonly string[]): void {
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key) || keys.includes(key)) continue;
    const option = owner === undefined ? key : `${owner}.${key}`;
    const near = keys.find((known) => known.toLowerCase() === key.toLowerCase());
    const hint = near === undefined ? `expected one of ${keys.join(', ')}` : `did you mean "${near}"?`;
    throw new LambdaAdapterConfigError(`Invalid option "${option}": unknown option (${hint})`, option);
  }
}

export function integerOption(option: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidOption(option, `must be an integer from ${min} to ${max}`, value);
  }
  return value;
}

export function positiveNumberOption(option: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw invalidOption(option, `must be a number greater than 0 and at most ${max}`, value);
  }
  return value;
}

export function functionOption<T>(option: string, value: unknown, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') throw invalidOption(option, 'must be a function', value);
  return value as T;
}

export function clockOption(option: string, value: unknown, fallback: Clock): Clock {
  if (value === undefined) return fallback;
  if (typeof value !== 'object' || value === null || typeof (value as { now?: unknown }).now !== 'function') {
    throw invalidOption(option, 'must be an object with a now() method returning epoch ms', value);
  }
  return value as Clock;
}

export function nonEmptyStringOption(option: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidOption(option, 'must be a non-empty string', value);
  return value;
}

export function httpUrlOption(option: string, value: unknown): string {
  if (typeof value !== 'string' || !/^https?:\/\/\S+$/.test(value)) throw invalidOption(option, 'must be an http(s) URL', value);
  return value;
}

/** A client option: anything with a `send` method (an SDK client or a test double). */
export function clientOption<T extends { send: unknown }>(option: string, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || typeof (value as { send?: unknown }).send !== 'function') {
    throw invalidOption(option, 'must be an AWS SDK client (an object with a send() method)', value);
  }
  return value as T;
}
