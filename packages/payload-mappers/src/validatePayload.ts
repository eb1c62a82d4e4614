import type { JsonObject } from '@twinflow/core';
import { FORBIDDEN_KEYS } from './constants';
import { TelemetryValidationError } from './errors';
import { isPlainObject } from './json';

/**
 * Checks that `payload` is plain JSON no deeper than `maxDepth`, without forbidden keys
 * (`__proto__`, `constructor`, `prototype`) at any depth. Iterative, so hostile nesting can
 * neither blow the stack nor cost more than one pass up to the first fault.
 *
 * @throws TelemetryValidationError `payload-too-deep`, `forbidden-key` or `invalid-payload`, naming the path
 */
export function validatePayload(payload: Record<string, unknown>, maxDepth: number): asserts payload is JsonObject {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: payload, path: 'payload', depth: 1 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (value === null || typeof value === 'string' || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw invalid(path, 'numbers must be finite (no NaN or Infinity)');
      continue;
    }
    const isArray = Array.isArray(value);
    if (!isArray && !isPlainObject(value)) throw invalid(path, `${typeof value === 'object' ? 'non-plain object' : typeof value} is not JSON`);
    if (depth > maxDepth) {
      throw new TelemetryValidationError('payload-too-deep', `${path}: nested deeper than the limit of ${maxDepth} levels`, path);
    }
    if (isArray) {
      const items = value as unknown[];
      for (let i = 0; i < items.length; i += 1) stack.push({ value: items[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(value as object)) {
      const childPath = `${path}.${key}`;
      if (FORBIDDEN_KEYS.has(key)) {
        throw new TelemetryValidationError('forbidden-key', `${childPath}: the key "${key}" is not allowed`, childPath);
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: childPath, depth: depth + 1 });
    }
  }
}

function invalid(path: string, what: string): TelemetryValidationError {
  return new TelemetryValidationError('invalid-payload', `${path}: ${what}`, path);
}
