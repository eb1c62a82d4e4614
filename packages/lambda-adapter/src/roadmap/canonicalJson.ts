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
  return write(value, []) ?? 'null';
}

// On the cache's hot path (a key per call): one string built by appending, the objects being
// written kept in an array (a cycle is an object that is its own ancestor; the path is as deep as
// the value, a few levels for a payload), keys sorted only when they are not in order already.
function write(value: unknown, path: object[]): string | undefined {
  switch (typeof value) {
    case 'string':
      return quoted(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null'; // String() writes finite numbers as JSON does (-0 as 0)
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
  if (path.includes(value)) throw new InvalidPayloadError('payload: cannot be encoded as JSON (a cycle)');
  path.push(value);
  let json: string;
  if (Array.isArray(value)) {
    json = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) json += ',';
      json += write(value[i], path) ?? 'null';
    }
    json += ']';
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (!inOrder(keys)) keys.sort();
    json = '{';
    for (const key of keys) {
      const item = write(record[key], path);
      if (item === undefined) continue;
      if (json.length > 1) json += ',';
      json += `${quoted(key)}:${item}`;
    }
    json += '}';
  }
  path.pop(); // a throw above abandons the whole path
  return json;
}

// What JSON.stringify escapes in a string: a quote, a backslash, a control character, a surrogate
// (when unpaired; a paired one is matched too, and left to JSON.stringify).
// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `JSON.stringify(text)`; most strings need no escape, and are quoted without the call. */
function quoted(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** Whether `keys` are in the order `sort()` puts them (UTF-16 code units). */
function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i += 1) if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  return true;
}
