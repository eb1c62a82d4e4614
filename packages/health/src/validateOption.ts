import { describeValue } from '@twinflow/core';
import { HealthConfigError } from './errors';

// Option checks shared by HealthTracker, CircuitBreaker and createHealthHandler: each returns the
// value (or the default when undefined) and throws HealthConfigError naming the option otherwise.

export function integerOption(owner: string, option: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(owner, option, `must be an integer from ${min} to ${max}`, value);
  }
  return value;
}

export function positiveNumberOption(owner: string, option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalid(owner, option, 'must be a positive finite number', value);
  }
  return value;
}

export function functionOption<T>(owner: string, option: string, value: unknown, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') throw invalid(owner, option, 'must be a function', value);
  return value as T;
}

export function clockOption<T extends { now(): number }>(owner: string, value: unknown, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'object' || value === null || typeof (value as { now?: unknown }).now !== 'function') {
    throw invalid(owner, 'clock', 'must be an object with a now() method returning epoch ms', value);
  }
  return value as T;
}

export function invalid(owner: string, option: string, rule: string, value: unknown): HealthConfigError {
  return new HealthConfigError(`Invalid ${owner} option "${option}": ${rule}, got ${describeValue(value)}`, option);
}
