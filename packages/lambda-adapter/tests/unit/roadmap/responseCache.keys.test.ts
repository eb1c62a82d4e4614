import { createHash } from 'node:crypto';
import type { ResponseCache as ResponseCacheClass } from '../../../src';

const PAYLOAD = { deviceId: 'thermostat-1', payload: { temperature: 70.7 }, eventId: 'e-1' };

/** ResponseCache loaded afresh, with `node:crypto` as it is or without `crypto.hash` (Node 20 before 20.12). */
function loadResponseCache(withoutOneShotHash: boolean): typeof ResponseCacheClass {
  let loaded: typeof ResponseCacheClass | undefined;
  jest.isolateModules(() => {
    if (withoutOneShotHash) jest.doMock('node:crypto', () => ({ ...jest.requireActual<object>('node:crypto'), hash: undefined }));
    ({ ResponseCache: loaded } = jest.requireActual<{ ResponseCache: typeof ResponseCacheClass }>('../../../src/roadmap/responseCache'));
  });
  jest.dontMock('node:crypto');
  if (loaded === undefined) throw new Error('ResponseCache did not load');
  return loaded;
}

describe('ResponseCache keys', () => {
  it('are the SHA-256 of the function and qualifier header and the canonical JSON', () => {
    // Prepare
    const cache = new (loadResponseCache(false))();
    const expected = createHash('sha256').update('["demo-lookup","live"]\n{"deviceId":"thermostat-1","eventId":"e-1","payload":{"temperature":70.7}}').digest('hex');

    // Act / Assess
    expect(cache.keyFor('demo-lookup', 'live', PAYLOAD)).toBe(expected);
  });

  it('are the same without crypto.hash (createHash instead), for values and bytes', () => {
    // Prepare
    const withHash = new (loadResponseCache(false))();
    const withoutHash = new (loadResponseCache(true))();
    const bytes = new TextEncoder().encode(JSON.stringify(PAYLOAD));

    // Act / Assess
    for (const qualifier of [undefined, 'live']) {
      expect(withoutHash.keyFor('demo-lookup', qualifier, PAYLOAD)).toBe(withHash.keyFor('demo-lookup', qualifier, PAYLOAD));
      expect(withoutHash.keyFor('demo-lookup', qualifier, bytes)).toBe(withHash.keyFor('demo-lookup', qualifier, bytes));
    }
  });

  it('follow the function and qualifier from one call to the next (the header is not stale)', () => {
    // Prepare
    const cache = new (loadResponseCache(false))();
    const fresh = (functionName: string, qualifier: string | undefined): string => new (loadResponseCache(false))().keyFor(functionName, qualifier, PAYLOAD);

    // Act
    const keys = [cache.keyFor('a', undefined, PAYLOAD), cache.keyFor('b', undefined, PAYLOAD), cache.keyFor('b', 'live', PAYLOAD), cache.keyFor('a', undefined, PAYLOAD)];

    // Assess
    expect(keys).toEqual([fresh('a', undefined), fresh('b', undefined), fresh('b', 'live'), fresh('a', undefined)]);
    expect(new Set(keys).size).toBe(3);
  });

  it('are the same from one call to the next, and from one cache to another, for many payloads and long ones', () => {
    // Prepare
    const ResponseCache = loadResponseCache(false);
    const cache = new ResponseCache({ maxEntries: 2 });
    const payloads = [...Array.from({ length: 5 }, (_, i) => ({ ...PAYLOAD, eventId: `e-${i}` })), { ...PAYLOAD, note: 'x'.repeat(2_000) }];
    const expected = payloads.map((payload) => new ResponseCache().keyFor('demo-lookup', undefined, payload));

    // Act
    const rounds = [1, 2, 3].map(() => payloads.map((payload) => cache.keyFor('demo-lookup', undefined, payload)));

    // Assess
    expect(rounds).toEqual([expected, expected, expected]);
    expect(new Set(expected).size).toBe(payloads.length);
  });

  it('are the same once hit (a hit remembers its digest), however many are remembered and forgotten', () => {
    // Prepare: remembers at most maxEntries (3) digests, only of hit keys, none of a key text past 1,024 characters
    const ResponseCache = loadResponseCache(false);
    const cache = new ResponseCache<unknown>({ maxEntries: 3 });
    const payloads = [...Array.from({ length: 7 }, (_, i) => ({ ...PAYLOAD, eventId: `e-${i}` })), { ...PAYLOAD, note: 'x'.repeat(2_000) }];
    const expected = payloads.map((payload) => new ResponseCache().keyFor('demo-lookup', 'live', payload));

    // Act: each payload keyed, stored and hit, then keyed again, round after round
    const rounds = [1, 2, 3].map(() =>
      payloads.map((payload) => {
        const key = cache.keyFor('demo-lookup', 'live', payload);
        cache.set(key, { ok: true });
        cache.get(key);
        return cache.keyFor('demo-lookup', 'live', payload);
      }),
    );

    // Assess
    expect(rounds).toEqual([expected, expected, expected]);
    expect(cache.stats()).toMatchObject({ hits: 24, size: 3 });
  });
});
