import { describe } from '@twinflow/core';

/**
 * Short, safe rendering of any value for error messages: core's `describe`, except that
 * `undefined` reads as `undefined` and a function never has its source printed.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  return describe(value);
}
