import fc from 'fast-check';
import { ResponseCache } from '../../../src';
import { fakeTime } from './fakes';

/** A cache holding `value` under 'k'. */
const holding = (value: unknown): ResponseCache<unknown> => {
  const cache = new ResponseCache<unknown>({ clock: fakeTime().clock });
  cache.set('k', value);
  return cache;
};

describe('ResponseCache copies', () => {
  it('hands out what structuredClone makes of the stored value, each time a new one (property)', () => {
    // Prepare: plain data and everything else structuredClone copies (Dates, Maps, Sets, typed and sparse arrays, boxed values, null prototypes)
    const values = fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withSparseArray: true,
      withTypedArray: true,
      withObjectString: true,
      stringUnit: 'binary',
    });

    fc.assert(
      fc.property(values, (value) => {
        // Act
        const cache = holding(value);
        const first = cache.get('k');
        const second = cache.get('k');

        // Assess
        expect(first).toStrictEqual(structuredClone(value));
        expect(second).toStrictEqual(first);
        if (typeof first === 'object' && first !== null) {
          expect(first).not.toBe(value);
          expect(second).not.toBe(first);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a __proto__ key an own property, the prototype untouched', () => {
    // Prepare
    const value = JSON.parse('{"__proto__":{"polluted":true},"list":[{"__proto__":1}]}') as unknown;

    // Act
    const copy = holding(value).get('k') as Record<string, unknown>;

    // Assess
    expect(Object.keys(copy)).toEqual(['__proto__', 'list']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
    expect(copy).toStrictEqual(structuredClone(value));
  });

  it('keeps shared objects shared and cycles cyclic, as structuredClone does', () => {
    // Prepare
    const shared = { reading: 1 };
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic['self'] = cyclic;

    // Act
    const copy = holding({ a: shared, b: [shared], cyclic }).get('k') as { a: object; b: object[]; cyclic: Record<string, unknown> };

    // Assess
    expect(copy.a).toBe(copy.b[0]);
    expect(copy.a).not.toBe(shared);
    expect(copy.cyclic['self']).toBe(copy.cyclic);
  });

  it('copies an array with a named property, and one with holes, as structuredClone does', () => {
    // Prepare
    const tagged = Object.assign([1, 2], { tag: 'kept' });
    const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays

    // Act
    const copy = holding({ tagged, sparse }).get('k') as { tagged: { tag: string }; sparse: unknown[] };

    // Assess
    expect(copy).toStrictEqual(structuredClone({ tagged, sparse }));
    expect(copy.tagged.tag).toBe('kept');
    expect(1 in copy.sparse).toBe(false);
  });

  it('copies a value nested deeper than a plain walk goes', () => {
    // Prepare
    const deep: Record<string, unknown> = {};
    let node = deep;
    for (let i = 0; i < 400; i += 1) node = node['next'] = { level: i };

    // Act
    const copy = holding(deep).get('k');

    // Assess
    expect(copy).toStrictEqual(structuredClone(deep));
  });

  it('reads a getter once, when the value is stored', () => {
    // Prepare
    let reads = 0;
    const value = {
      get temperature(): number {
        reads += 1;
        return 21.5;
      },
    };
    const cache = holding(value);

    // Act
    const copy = cache.get('k') as { temperature: number };
    cache.get('k');

    // Assess
    expect(copy).toStrictEqual({ temperature: 21.5 });
    expect(Object.getOwnPropertyDescriptor(copy, 'temperature')).toMatchObject({ value: 21.5, writable: true });
    expect(reads).toBe(1);
  });

  it('refuses what structuredClone refuses: a function, a symbol', () => {
    // Prepare
    const cache = new ResponseCache<unknown>({ clock: fakeTime().clock });

    // Act / Assess
    expect(() => cache.set('f', { handler: () => 1 })).toThrow(/could not be cloned/);
    expect(() => cache.set('s', [Symbol('x')])).toThrow(/could not be cloned/);
    expect(cache.stats().size).toBe(0);
  });
});
