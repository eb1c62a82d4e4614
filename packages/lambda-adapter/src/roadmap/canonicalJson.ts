import type { JsonValue } from '@twinflow/core';
import { InvalidPayloadError } from '../errors';

/**
 * JSON with every object's keys sorted (arrays keep their order), otherwise as `JSON.stringify`
 * writes it: `toJSON` is honoured, `undefined` and functions are left out of objects and become
 * `null` in arrays, non-finite numbers become `null`. Throws `InvalidPayloadError` for a cycle or a BigInt.
 *
 * @example
 * ```ts
 * canonicalJson({ b: [2, 1], a: { d: 1, c: 2 } }); // '{"a":{"c":2,"d":1},"b":[2,1]}'
 * ```
 */
export function canonicalJson(value: JsonValue): string {
  return write(value, new Set()) ?? 'null';
}

function write(value: unknown, path: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new InvalidPayloadError('payload: cannot be encoded as JSON (a BigInt)');
    case 'object':
      break;
    default:
      return undefined; // undefined, function, symbol
  }
  if (value === null) return 'null';
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return write(toJSON.call(value), path);
  if (path.has(value)) throw new InvalidPayloadError('payload: cannot be encoded as JSON (a cycle)');
  path.add(value);
  try {
    if (Array.isArray(value)) return `[${value.map((item) => write(item, path) ?? 'null').join(',')}]`;
    const record = value as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const item = write(record[key], path);
      if (item !== undefined) members.push(`${JSON.stringify(key)}:${item}`);
    }
    return `{${members.join(',')}}`;
  } finally {
    path.delete(value);
  }
}
