/**
 * Copies of the values a `ResponseCache` holds, the same as `structuredClone` makes of them
 * but many times faster for what the cache mostly holds: a tree of plain objects, arrays and
 * primitives (a decoded JSON response). Internal.
 */

/** Deeper values are left to `structuredClone` (so that neither copy can run out of stack). */
const MAX_TREE_DEPTH = 256;

/**
 * A copy of `value` when it is a tree of plain data, else `undefined` (copy it with
 * `structuredClone`, which also keeps shared references and cycles, and refuses functions and
 * symbols). Plain data: primitives other than symbols; objects whose prototype is
 * `Object.prototype`; dense arrays (prototype `Array.prototype`) without named properties. No
 * object may appear twice (structuredClone would keep it shared). Own enumerable string keys are
 * copied, in order, as `structuredClone` copies them (getters read, `__proto__` an own property).
 *
 * @example
 * ```ts
 * copyOfTree({ a: [1, { b: 'x' }] }); // { copy: { a: [1, { b: 'x' }] } }, a new object
 * copyOfTree({ when: new Date(0) });  // undefined: a Date is no plain object
 * ```
 */
export function copyOfTree(value: unknown): { copy: unknown } | undefined {
  const seen = new Set<object>();
  const copy = checkedCopy(value, seen, 0);
  return copy === NOT_A_TREE ? undefined : { copy };
}

/**
 * A copy of a value {@link copyOfTree} accepted (its copy, which nothing else can reach or change).
 *
 * @example
 * ```ts
 * const stored = copyOfTree(response)?.copy;
 * const handedOut = treeCopy(stored); // equal, not the same objects
 * ```
 */
export function treeCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (let i = 0; i < value.length; i += 1) items.push(treeCopy(value[i]));
    return items;
  }
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) setOwn(copy, key, treeCopy(record[key]));
  return copy;
}

const NOT_A_TREE = Symbol('not a tree');

function checkedCopy(value: unknown, seen: Set<object>, depth: number): unknown {
  switch (typeof value) {
    case 'object':
      break;
    case 'symbol':
    case 'function':
      return NOT_A_TREE;
    default:
      return value; // string, number, boolean, bigint, undefined
  }
  if (value === null) return null;
  if (depth > MAX_TREE_DEPTH || seen.has(value)) return NOT_A_TREE;
  seen.add(value);
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (Array.isArray(value)) {
    if (prototype !== Array.prototype || Object.keys(value).length !== value.length) return NOT_A_TREE;
    const items: unknown[] = [];
    for (let i = 0; i < value.length; i += 1) {
      if (!(i in value)) return NOT_A_TREE; // a hole (then the key count hid a named property)
      const item = checkedCopy(value[i], seen, depth + 1);
      if (item === NOT_A_TREE) return NOT_A_TREE;
      items.push(item);
    }
    return items;
  }
  if (prototype !== Object.prototype) return NOT_A_TREE;
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const item = checkedCopy(record[key], seen, depth + 1);
    if (item === NOT_A_TREE) return NOT_A_TREE;
    setOwn(copy, key, item);
  }
  return copy;
}

/** `target[key] = value` as an own data property, `__proto__` included (an assignment would set the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}
