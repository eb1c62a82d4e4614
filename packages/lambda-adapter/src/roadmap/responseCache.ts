import { createHash } from 'node:crypto';
import type { JsonValue } from '@twinflow/core';
import { systemClock } from '@twinflow/health';
import type { Clock } from '@twinflow/health';
import { canonicalJson } from './canonicalJson';
import { clockOption, integerOption, nonEmptyStringOption, optionsObject } from './options';

/** Default {@link ResponseCacheOptions.ttlMs}: a cached response is served for 60 s. */
export const DEFAULT_CACHE_TTL_MS = 60_000;
/** Default {@link ResponseCacheOptions.maxEntries}: at most 1,000 responses are kept. */
export const DEFAULT_CACHE_MAX_ENTRIES = 1_000;
/** Largest accepted {@link ResponseCacheOptions.ttlMs}: one day. */
export const MAX_CACHE_TTL_MS = 86_400_000;
/** Largest accepted {@link ResponseCacheOptions.maxEntries}. */
export const MAX_CACHE_ENTRIES = 1_000_000;

const OPTION = 'cache';
const KEYS = ['ttlMs', 'maxEntries', 'clock'] as const;

/**
 * Options of {@link ResponseCache} (the adapter's `cache` option). Every field is optional.
 *
 * @example
 * ```ts
 * const options: ResponseCacheOptions = { ttlMs: 5_000, maxEntries: 200 };
 * ```
 */
export interface ResponseCacheOptions {
  /** How long a stored response is served, in ms. Integer 1..86,400,000. Default `60_000`. */
  ttlMs?: number;
  /** Most responses kept; the least recently used goes first. Integer 1..1,000,000. Default `1_000`. */
  maxEntries?: number;
  /** Time source for the TTL. Default the system clock (`Date.now()`). */
  clock?: Clock;
}

/**
 * Counters of a {@link ResponseCache}.
 *
 * @example
 * ```ts
 * const { hits, misses }: ResponseCacheStats = cache.stats();
 * ```
 */
export type ResponseCacheStats = {
  /** `get` calls that found a live entry. */
  hits: number;
  /** `get` calls that found nothing or an expired entry. */
  misses: number;
  /** Entries dropped to stay within `maxEntries`. */
  evictions: number;
  /** Entries held now (expired ones not yet looked up included). */
  size: number;
};

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * A bounded LRU cache of successful synchronous (`RequestResponse`) responses, keyed by the
 * function, its qualifier and the canonical JSON of the payload (object keys sorted, so
 * `{a,b}` and `{b,a}` share an entry), or the exact bytes of a payload the caller encoded. Entries expire `ttlMs` after they are stored (by the
 * injected clock). Failures are never stored: `set` refuses an `Error` and anything shaped like
 * a failed answer (`success: false`, a `FunctionError`). Values are copied in and out
 * (`structuredClone`), so a caller that mutates a response cannot change what others get.
 *
 * Only for functions whose answer depends on the payload alone (pure lookups): a cached call
 * does not run the function, so it has no side effects and no fresh data.
 *
 * @example
 * ```ts
 * const cache = new ResponseCache<LambdaInvokeResult>({ ttlMs: 5_000, maxEntries: 200 });
 * const key = cache.keyFor('demo-lookup', undefined, { deviceId: 'thermostat-1' });
 * const result = cache.get(key) ?? (await adapter.invoke({ deviceId: 'thermostat-1' }));
 * cache.set(key, result); // refreshes the entry (a failure would have thrown and not been stored)
 * ```
 */
export class ResponseCache<V = JsonValue> {
  /** How long an entry is served, in ms. */
  public readonly ttlMs: number;
  /** Most entries kept. */
  public readonly maxEntries: number;

  private readonly clock: Clock;
  // A Map iterates in insertion order: the first key is the least recently used.
  private readonly entries = new Map<string, Entry<V>>();
  private hits = 0;
  private misses = 0;
  private evictions = 0;

  public constructor(options: ResponseCacheOptions = {}) {
    const raw = optionsObject(OPTION, options, KEYS);
    this.ttlMs = integerOption(`${OPTION}.ttlMs`, raw['ttlMs'], DEFAULT_CACHE_TTL_MS, 1, MAX_CACHE_TTL_MS);
    this.maxEntries = integerOption(`${OPTION}.maxEntries`, raw['maxEntries'], DEFAULT_CACHE_MAX_ENTRIES, 1, MAX_CACHE_ENTRIES);
    this.clock = clockOption(`${OPTION}.clock`, raw['clock'], systemClock);
  }

  /**
   * The key of a call: a SHA-256 of the function name, the qualifier and the payload's
   * canonical JSON (so keys stay 64 characters however large the payload). Bytes (a payload the
   * caller encoded) are keyed by their exact content, apart from JSON values: equal bytes share
   * a key, and no canonical form is guessed for them. Throws `InvalidPayloadError` for a payload
   * that is not JSON (a cycle, a BigInt).
   *
   * @example
   * ```ts
   * cache.keyFor('demo-lookup', 'live', { b: 1, a: 2 }) === cache.keyFor('demo-lookup', 'live', { a: 2, b: 1 }); // true
   * cache.keyFor('demo-lookup', undefined, new TextEncoder().encode('{"a":1}')); // the key of exactly these bytes
   * ```
   */
  public keyFor(functionName: string, qualifier: string | undefined, payload: JsonValue | Uint8Array | undefined): string {
    nonEmptyStringOption('functionName', functionName);
    if (qualifier !== undefined) nonEmptyStringOption('qualifier', qualifier);
    const hash = createHash('sha256');
    // The header of bytes names them: bytes that spell a value's canonical JSON are still another key.
    if (payload instanceof Uint8Array) return hash.update(JSON.stringify([functionName, qualifier ?? null, 'bytes'])).update('\n').update(payload).digest('hex');
    const canonical = payload === undefined ? '' : canonicalJson(payload);
    return hash.update(JSON.stringify([functionName, qualifier ?? null])).update('\n').update(canonical).digest('hex');
  }

  /**
   * The live entry under `key` (a copy), or `undefined`; counts a hit or a miss. An expired
   * entry is dropped and counts as a miss. A hit makes the entry the most recently used.
   *
   * @example
   * ```ts
   * const cached = cache.get(key);
   * if (cached !== undefined) return cached;
   * ```
   */
  public get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || this.clock.now() >= entry.expiresAt) {
      if (entry !== undefined) this.entries.delete(key);
      this.misses += 1;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits += 1;
    return structuredClone(entry.value);
  }

  /**
   * Stores a successful response (a copy) for `ttlMs`, evicting the least recently used entry
   * past `maxEntries`. Returns `false`, storing nothing, for a failure (an `Error`, an object
   * with `success: false`, or with a `FunctionError` / `functionError`).
   *
   * @example
   * ```ts
   * cache.set(key, { statusCode: 200, payload: { ok: true } }); // true
   * cache.set(key, { success: false, error: 'boom' });          // false
   * ```
   */
  public set(key: string, value: V): boolean {
    if (isFailure(value)) return false;
    this.entries.delete(key);
    this.entries.set(key, { value: structuredClone(value), expiresAt: this.clock.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      this.evictions += 1;
    }
    return true;
  }

  /**
   * Drops the entry under `key`; `true` if there was one.
   *
   * @example
   * ```ts
   * cache.delete(key);
   * ```
   */
  public delete(key: string): boolean {
    return this.entries.delete(key);
  }

  /** Drops every entry (the counters are kept). */
  public clear(): void {
    this.entries.clear();
  }

  /**
   * Hit, miss and eviction counts, and the current size.
   *
   * @example
   * ```ts
   * const { hits, misses } = cache.stats();
   * const hitRate = hits / Math.max(1, hits + misses);
   * ```
   */
  public stats(): ResponseCacheStats {
    return { hits: this.hits, misses: this.misses, evictions: this.evictions, size: this.entries.size };
  }
}

function isFailure(value: unknown): boolean {
  if (value instanceof Error) return true;
  if (typeof value !== 'object' || value === null) return false;
  const fields = value as { success?: unknown; FunctionError?: unknown; functionError?: unknown };
  return fields.success === false || isSet(fields.FunctionError) || isSet(fields.functionError);
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}
