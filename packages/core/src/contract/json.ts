import { describeValue } from '../errors';

/** What {@link findJsonIssue} found wrong. */
export type JsonIssueKind = 'too-large' | 'too-deep' | 'forbidden-key' | 'not-json';

/** The first problem of a value, in document order. */
export interface JsonIssue {
  kind: JsonIssueKind;
  /** Where, e.g. `sensors[2].value` (`rootPath` prefixed); empty for the root itself. */
  path: string;
  /** What is wrong, without the path, e.g. `NaN is not a JSON number`. */
  problem: string;
}

/** Limits of {@link findJsonIssue}. */
export interface JsonLimits {
  /** Largest UTF-8 size of the value's JSON text. */
  maxBytes: number;
  /** Deepest nesting; the root container is level 1. */
  maxDepth: number;
  /** Object keys rejected at any depth. Default none. */
  forbiddenKeys?: ReadonlySet<string>;
  /** Keys of the root object whose `undefined` value means "absent" instead of "not JSON". Default none. */
  optionalRootKeys?: ReadonlySet<string>;
  /** Prefix of reported paths, e.g. `data`. Default `''`: keys of the root are reported bare. */
  rootPath?: string;
}

interface Frame {
  container: Record<string, unknown> | readonly unknown[];
  /** Own enumerable keys of an object; `undefined` for an array. */
  keys: string[] | undefined;
  next: number;
  written: number;
  /** Path segment of this container inside its parent. */
  segment: string;
}

const NONE: ReadonlySet<string> = new Set();
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const IDENTIFIER = /^[A-Za-z_$][\w$-]{0,63}$/;

/**
 * Whether `value` is a plain object (`{}` literal, `JSON.parse` output or null-prototype), not an
 * array, class instance, Map, Date…. Also true for plain objects from another realm.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || proto === Object.prototype || (Object.getPrototypeOf(proto) === null && Object.prototype.toString.call(value) === '[object Object]');
}

/**
 * Finds the first reason `root` is not plain, bounded JSON: a value JSON cannot hold (function,
 * `undefined`, NaN, Infinity, BigInt, symbol, class instance), a forbidden key, nesting deeper
 * than `maxDepth`, or JSON text larger than `maxBytes`.
 *
 * One iterative pass in document order with an explicit stack: hostile nesting cannot overflow the
 * call stack (it fails at `maxDepth`), and the running size stops the walk as soon as the budget is
 * spent, so the work is bounded by `maxBytes` however large the input. Sizes are exact for valid
 * JSON (they match `Buffer.byteLength(JSON.stringify(root))`).
 */
export function findJsonIssue(root: unknown, limits: JsonLimits): JsonIssue | undefined {
  const { maxBytes, maxDepth, forbiddenKeys = NONE, optionalRootKeys = NONE, rootPath = '' } = limits;
  const frames: Frame[] = [];
  let size = 0;

  const pathOf = (segment: string): string => rootPath + frames.map((frame) => frame.segment).join('') + segment;
  const issue = (kind: JsonIssueKind, segment: string, problem: string): JsonIssue => ({ kind, path: pathOf(segment), problem });
  const tooLarge = (segment: string): JsonIssue => issue('too-large', segment, `exceeds the limit of ${maxBytes} bytes of JSON`);

  const visit = (value: unknown, segment: string): JsonIssue | undefined => {
    switch (typeof value) {
      case 'string':
        size += jsonStringBytes(value, maxBytes - size);
        break;
      case 'number':
        if (!Number.isFinite(value)) return issue('not-json', segment, `${String(value)} is not a JSON number`);
        size += String(value).length;
        break;
      case 'boolean':
        size += value ? 4 : 5;
        break;
      case 'object': {
        if (value === null) {
          size += 4;
          break;
        }
        const isArray = Array.isArray(value);
        if (!isArray && !isPlainObject(value)) return issue('not-json', segment, `${describeObject(value)} is not a plain JSON object`);
        if (frames.length >= maxDepth) return issue('too-deep', segment, `nested deeper than the limit of ${maxDepth} levels`);
        size += 2;
        if (size > maxBytes) return tooLarge(segment);
        frames.push({ container: value as Frame['container'], keys: isArray ? undefined : Object.keys(value), next: 0, written: 0, segment });
        return undefined;
      }
      default:
        return issue('not-json', segment, `${value === undefined ? 'undefined' : `a ${typeof value}`} is not a JSON value`);
    }
    return size > maxBytes ? tooLarge(segment) : undefined;
  };

  let found = visit(root, '');
  while (found === undefined && frames.length > 0) {
    const frame = frames[frames.length - 1] as Frame;
    if (frame.keys === undefined) {
      const items = frame.container as readonly unknown[];
      if (frame.next >= items.length) {
        frames.pop();
        continue;
      }
      const index = frame.next++;
      if (frame.written++ > 0) size += 1;
      found = visit(items[index], `[${index}]`);
    } else {
      if (frame.next >= frame.keys.length) {
        frames.pop();
        continue;
      }
      const key = frame.keys[frame.next++] as string;
      const atRoot = frames.length === 1;
      const segment = keySegment(key, atRoot && rootPath === '');
      if (forbiddenKeys.has(key)) return issue('forbidden-key', segment, `the key ${JSON.stringify(key)} is not allowed`);
      const value = (frame.container as Record<string, unknown>)[key];
      if (value === undefined && atRoot && optionalRootKeys.has(key)) continue;
      size += (frame.written++ > 0 ? 1 : 0) + jsonStringBytes(key, maxBytes - size) + 1;
      found = visit(value, segment);
    }
  }
  return found;
}

/** UTF-8 size of `JSON.stringify(text)`, or a number above `budget` once it is certain to exceed it. */
function jsonStringBytes(text: string, budget: number): number {
  // Quotes add 2, escapes and multi-byte characters only add more: long texts fail without a scan.
  if (text.length + 2 > budget) return text.length + 2;
  if (PLAIN_ASCII.test(text)) return text.length + 2;
  return Buffer.byteLength(JSON.stringify(text), 'utf8');
}

function keySegment(key: string, bare: boolean): string {
  if (IDENTIFIER.test(key)) return bare ? key : `.${key}`;
  return `[${describeValue(key)}]`;
}

/**
 * What kind of value this is, for messages: `null`, `undefined`, `an array`, `an object`, `a Date`,
 * `a string`, ….
 */
export function describeKind(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return isPlainObject(value) ? 'an object' : describeObject(value);
  return `a ${typeof value}`;
}

function describeObject(value: object): string {
  const proto = Object.getPrototypeOf(value) as { constructor?: unknown } | null;
  const name = typeof proto?.constructor === 'function' ? (proto.constructor as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'a non-plain object';
}
