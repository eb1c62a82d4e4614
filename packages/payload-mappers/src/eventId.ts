import { createHash } from 'node:crypto';
import type { JsonValue } from '@twinflow/core';
import type { EventIdParts } from './types';

/** A pending piece of output: literal JSON text, or a value still to be written. */
type Task = string | { value: unknown };

/**
 * JSON text with object keys sorted (by UTF-16 code unit, `Array.prototype.sort` order) at every
 * level, so equal values always give equal text whatever their key order. Otherwise identical to
 * `JSON.stringify` without indentation: array order is kept, and like `JSON.stringify` a property
 * whose value is `undefined` or a function is left out. Iterative, so deep input cannot overflow
 * the call stack.
 *
 * @param value - a JSON value
 * @returns its canonical JSON text
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }); // '{"a":[{"c":3,"d":2}],"b":1}'
 * ```
 */
export function canonicalJson(value: JsonValue): string {
  let out = '';
  const tasks: Task[] = [{ value }];
  while (tasks.length > 0) {
    const task = tasks.pop() as Task;
    if (typeof task === 'string') {
      out += task;
      continue;
    }
    const current = task.value;
    if (Array.isArray(current)) {
      tasks.push(']');
      for (let i = current.length - 1; i >= 0; i -= 1) {
        const item: unknown = current[i];
        tasks.push(isOmitted(item) ? 'null' : { value: item });
        if (i > 0) tasks.push(',');
      }
      tasks.push('[');
    } else if (typeof current === 'object' && current !== null) {
      const record = current as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => !isOmitted(record[key]))
        .sort();
      tasks.push('}');
      for (let i = keys.length - 1; i >= 0; i -= 1) {
        const key = keys[i] as string;
        tasks.push({ value: record[key] }, `${JSON.stringify(key)}:`);
        if (i > 0) tasks.push(',');
      }
      tasks.push('{');
    } else {
      out += JSON.stringify(current) ?? 'null';
    }
  }
  return out;
}

/**
 * The stable id of a reading: the first 32 hex characters (128 bits) of SHA-256 over the
 * canonical JSON of `[twin, deviceId, timestamp, payload]`. The same reading always gets the same
 * id whatever its key order, so it is the idempotency key of the whole flow; a JSON array keeps
 * the parts apart, so text shifted between them cannot produce the same input.
 *
 * @param parts - twin, device id, normalized ISO timestamp and payload
 * @returns 32 lowercase hex characters
 * @example
 * ```ts
 * computeEventId({ twin: 'demo', deviceId: 'thermostat-1', timestamp: '2026-11-24T08:00:00.000Z', payload: { t: 70 } });
 * // → 32 hex characters, identical for { t: 70 } delivered twice
 * ```
 */
export function computeEventId(parts: EventIdParts): string {
  const text = canonicalJson([parts.twin, parts.deviceId, parts.timestamp, parts.payload]);
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32);
}

function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}
