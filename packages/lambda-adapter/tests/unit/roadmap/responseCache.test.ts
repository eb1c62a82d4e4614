import fc from 'fast-check';
import type { JsonValue } from '@twinflow/core';
import { InvalidPayloadError, LambdaAdapterConfigError } from '../../../src';
import { DEFAULT_CACHE_MAX_ENTRIES, DEFAULT_CACHE_TTL_MS, ResponseCache } from '../../../src';
import type { ResponseCacheOptions } from '../../../src';
import { canonicalJson } from '../../../src/roadmap/canonicalJson';
import { fakeTime, thrownBy } from './fakes';
import type { FakeTime } from './fakes';

describe('ResponseCache', () => {
  let time: FakeTime;

  beforeEach(() => {
    time = fakeTime();
  });

  const cache = (options: ResponseCacheOptions = {}): ResponseCache => new ResponseCache({ clock: time.clock, ...options });

  it('serves a stored response until ttlMs has passed, counting hits and misses', () => {
    // Prepare
    const responses = cache({ ttlMs: 1_000 });
    const key = responses.keyFor('demo-lookup', undefined, { deviceId: 'thermostat-1' });

    // Act
    const before = responses.get(key);
    responses.set(key, { statusCode: 200, payload: { room: 'kitchen' } });
    time.advance(999);
    const live = responses.get(key);
    time.advance(1);
    const expired = responses.get(key);

    // Assess
    expect(before).toBeUndefined();
    expect(live).toEqual({ statusCode: 200, payload: { room: 'kitchen' } });
    expect(expired).toBeUndefined();
    expect(responses.stats()).toEqual({ hits: 1, misses: 2, evictions: 0, size: 0 });
  });

  it('has documented defaults', () => {
    // Act
    const responses = new ResponseCache();

    // Assess
    expect(responses).toMatchObject({ ttlMs: 60_000, maxEntries: 1_000 });
    expect([DEFAULT_CACHE_TTL_MS, DEFAULT_CACHE_MAX_ENTRIES]).toEqual([60_000, 1_000]);
  });

  it('evicts the least recently used entry past maxEntries; a hit counts as a use', () => {
    // Prepare
    const responses = cache({ maxEntries: 2 });
    responses.set('a', 1);
    responses.set('b', 2);
    responses.get('a');

    // Act
    responses.set('c', 3);

    // Assess
    expect(responses.get('b')).toBeUndefined();
    expect(responses.get('a')).toBe(1);
    expect(responses.get('c')).toBe(3);
    expect(responses.stats()).toMatchObject({ evictions: 1, size: 2 });
  });

  it('keeps exact LRU order when the most recent entry is hit again or deleted', () => {
    // Prepare
    const responses = cache({ ttlMs: 1_000, maxEntries: 3 });
    responses.set('a', 1);
    responses.set('b', 2);
    responses.set('c', 3);
    responses.get('c'); // already the most recent: the order stays a, b, c
    responses.get('a'); // b, c, a
    responses.delete('a'); // b, c
    responses.set('d', 4); // b, c, d
    responses.get('b'); // c, d, b

    // Act
    responses.set('e', 5); // evicts c
    responses.set('f', 6); // evicts d

    // Assess
    expect([responses.get('c'), responses.get('d')]).toEqual([undefined, undefined]);
    expect([responses.get('b'), responses.get('e'), responses.get('f')]).toEqual([2, 5, 6]);
    expect(responses.stats()).toMatchObject({ evictions: 2, size: 3 });
  });

  it('refreshes the TTL and the recency when a key is set again', () => {
    // Prepare
    const responses = cache({ ttlMs: 1_000, maxEntries: 2 });
    responses.set('a', 1);
    time.advance(600);
    responses.set('b', 2);

    // Act
    responses.set('a', 10);
    time.advance(600);
    responses.set('c', 3);

    // Assess: b was the least recently used; a lives 1 s from its second set
    expect(responses.get('a')).toBe(10);
    expect(responses.get('b')).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['an Error', new Error('boom')],
    ['a failed ExecuteResponse', { success: false, error: 'boom', targets: [] }],
    ['a Lambda function error', { StatusCode: 200, FunctionError: 'Unhandled' }],
    ['a LambdaFunctionError-like object', { functionError: 'Handled', errorType: 'TypeError' }],
  ])('never stores a failure: %s', (_kind, value) => {
    // Prepare
    const responses = cache();

    // Act
    const stored = responses.set('k', value as JsonValue);

    // Assess
    expect(stored).toBe(false);
    expect(responses.get('k')).toBeUndefined();
    expect(responses.stats().size).toBe(0);
  });

  it('stores a successful ExecuteResponse', () => {
    // Act / Assess
    expect(cache().set('k', { success: true, data: { ok: true }, targets: [] })).toBe(true);
  });

  it('hands out copies: mutating a response does not change the cached one', () => {
    // Prepare
    const responses = cache();
    const original = { payload: { readings: [1, 2] } };
    responses.set('k', original);

    // Act
    original.payload.readings.push(3);
    const first = responses.get('k') as { payload: { readings: number[] } };
    first.payload.readings.push(4);

    // Assess
    expect(responses.get('k')).toEqual({ payload: { readings: [1, 2] } });
  });

  it('keys by function, qualifier and payload, whatever the key order of the payload', () => {
    // Prepare
    const responses = cache();
    const key = responses.keyFor('demo-lookup', 'live', { a: 1, b: { c: [1, { e: 2, d: 3 }] } });

    // Act / Assess
    expect(responses.keyFor('demo-lookup', 'live', { b: { c: [1, { d: 3, e: 2 }] }, a: 1 })).toBe(key);
    expect(responses.keyFor('demo-lookup', '7', { a: 1, b: { c: [1, { e: 2, d: 3 }] } })).not.toBe(key);
    expect(responses.keyFor('demo-lookup', undefined, { a: 1, b: { c: [1, { e: 2, d: 3 }] } })).not.toBe(key);
    expect(responses.keyFor('demo-other', 'live', { a: 1, b: { c: [1, { e: 2, d: 3 }] } })).not.toBe(key);
    expect(responses.keyFor('demo-lookup', 'live', { a: 1, b: { c: [{ e: 2, d: 3 }, 1] } })).not.toBe(key);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(responses.keyFor('demo-lookup', undefined, undefined)).not.toBe(responses.keyFor('demo-lookup', undefined, null));
  });

  it('does not let a function name and a qualifier run into each other', () => {
    // Act / Assess
    const responses = cache();
    expect(responses.keyFor('a:b', undefined, 1)).not.toBe(responses.keyFor('a', 'b', 1));
  });

  it('canonical JSON reads back as the same JSON value, with sorted keys (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // Act
        const canonical = canonicalJson(value as JsonValue);

        // Assess: the oracle is JSON.stringify, up to key order
        expect(JSON.parse(canonical)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(canonical) as JsonValue)).toBe(canonical);
      }),
      { numRuns: 300 },
    );
  });

  it('gives equal keys to objects that differ only in key order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 8 }), (record) => {
        // Prepare
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        const responses = cache();

        // Act / Assess
        expect(responses.keyFor('f', undefined, reversed as JsonValue)).toBe(responses.keyFor('f', undefined, record as JsonValue));
      }),
      { numRuns: 200 },
    );
  });

  it('writes what JSON.stringify writes for toJSON, undefined and non-finite numbers', () => {
    // Prepare
    const value = { when: new Date(0), gone: undefined, n: Number.NaN, list: [undefined, Number.POSITIVE_INFINITY] } as unknown as JsonValue;

    // Act / Assess
    expect(canonicalJson(value)).toBe('{"list":[null,null],"n":null,"when":"1970-01-01T00:00:00.000Z"}');
  });

  it('throws InvalidPayloadError for a payload that is not JSON', () => {
    // Prepare
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const responses = cache();

    // Act / Assess
    expect(() => responses.keyFor('f', undefined, cyclic as JsonValue)).toThrow(InvalidPayloadError);
    expect(() => responses.keyFor('f', undefined, { n: 1n } as unknown as JsonValue)).toThrow(/BigInt/);
    expect(() => responses.keyFor('f', undefined, { a: [cyclic] } as unknown as JsonValue)).toThrow(/cycle/);
  });

  it('accepts the same object twice when it is no cycle', () => {
    // Prepare
    const shared = { x: 1 };

    // Act / Assess
    expect(canonicalJson({ a: shared, b: [shared, shared] })).toBe('{"a":{"x":1},"b":[{"x":1},{"x":1}]}');
  });

  it.each<[string, unknown]>([
    ['cache', 5],
    ['cache.ttlMs', { ttlMs: 0 }],
    ['cache.ttlMs', { ttlMs: 86_400_001 }],
    ['cache.maxEntries', { maxEntries: 0 }],
    ['cache.maxEntries', { maxEntries: 2.5 }],
    ['cache.clock', { clock: Date }],
    ['cache.ttl', { ttl: 5 }],
  ])('throws LambdaAdapterConfigError naming %s for %p', (option, options) => {
    // Act
    const error = thrownBy(() => new ResponseCache(options as ResponseCacheOptions));

    // Assess
    expect(error).toBeInstanceOf(LambdaAdapterConfigError);
    expect(error).toMatchObject({ option });
  });
});
