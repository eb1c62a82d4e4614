import * as crypto from 'node:crypto';
import type { JsonValue } from '@twinflow/core';
import { systemClock } from '@twinflow/health';
import type { Clock } from '@twinflow/health';
import { canonicalJson } from './canonicalJson';
import { copyOfTree, treeCopy } from './treeCopy';
import { clockOption, integerOption, nonEmptyStringOption, optionsObject } from './options';

/** Default {@link ResponseCacheOptions.ttlMs}: a cached response is served for 60 s. */
export const DEFAULT_CACHE_TTL_MS = 60_000;
/** Default {@link ResponseCacheOptions.maxEntries}: at most 1,000 responses are kept. */
export const DEFAULT_CACHE_MAX_ENTRIES = 1_000;
/** Largest accepted {@link ResponseCacheOptions.ttlMs}: one day. */
export const MAX_CACHE_TTL_MS = 86_400_000;
/** Largest accepted {@link ResponseCacheOptions.maxEntries}. */
export const MAX_CACHE_ENTRIES = 1_000_000;

/** Longest key text (header and canonical JSON, in UTF-16 units) whose digest a hit remembers. */
const MAX_REMEMBERED_TEXT = 1_024;
/** Most digests remembered (fewer with a smaller `maxEntries`): at most about 2 MiB of text. */
const MAX_REMEMBERED_DIGESTS = 1_024;

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
  /** The stored copy: only ever read through {@link copyOut}. */
  value: V;
  expiresAt: number;
  /** `value` is a tree of plain objects, arrays and primitives: copied out by `treeCopy`, else by `structuredClone`. */
  tree: boolean;
}

/**
 * SHA-256 of a string, in hex: `crypto.hash` (one call, no `Hash` object; Node 20.12+), else
 * `createHash` (the same digest).
 */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * A bounded LRU cache of successful synchronous (`RequestResponse`) responses, keyed by the
 * function, its qualifier and the canonical JSON of the payload (object keys sorted, so
 * `{a,b}` and `{b,a}` share an entry), or the exact bytes of a payload the caller encoded. Entries expire `ttlMs` after they are stored (by the
 * injected clock). Failures are never stored: `set` refuses an `Error` and anything shaped like
 * a failed answer (`success: false`, a `FunctionError`). Values are copied in and out (as
 * `structuredClone` copies them; a value of plain objects, arrays and primitives, such as a decoded
 * JSON response, by a plain walk that is many times faster), so a caller that mutates a response
 * cannot change what others get.
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
  // The most recently used key (the Map's last), which a hit need not move; undefined when unknown.
  private newest: string | undefined = undefined;
  // Digests of key texts that were hit: asked again (an equal payload), the key needs no hashing.
  // Only a hit adds one (a text and its digest from the last keyFor), so misses never fill it.
  private readonly digests = new Map<string, string>();
  private lastKey: { text: string; digest: string } | undefined = undefined;
  // The last key header written (function and qualifier): a cache mostly serves one function.
  private header: { functionName: string; qualifier: string | undefined; json: string } = { functionName: '', qualifier: undefined, json: '' };
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
    // The header of bytes names them: bytes that spell a value's canonical JSON are still another key.
    if (payload instanceof Uint8Array) {
      return crypto.createHash('sha256').update(JSON.stringify([functionName, qualifier ?? null, 'bytes'])).update('\n').update(payload).digest('hex');
    }
    const canonical = payload === undefined ? '' : canonicalJson(payload);
    const text = `${this.headerOf(functionName, qualifier)}\n${canonical}`;
    const remembered = this.digests.get(text);
    if (remembered !== undefined) return remembered;
    const digest = sha256Hex(text);
    this.lastKey = text.length <= MAX_REMEMBERED_TEXT ? { text, digest } : undefined;
    return digest;
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
      if (entry !== undefined) this.delete(key);
      this.misses += 1;
      return undefined;
    }
    if (key !== this.newest) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.newest = key;
    }
    if (key === this.lastKey?.digest) this.remember(this.lastKey);
    this.hits += 1;
    return entry.tree ? (treeCopy(entry.value) as V) : structuredClone(entry.value);
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
    const tree = copyOfTree(value);
    const copy = tree === undefined ? structuredClone(value) : (tree.copy as V);
    this.entries.delete(key);
    this.entries.set(key, { value: copy, expiresAt: this.clock.now() + this.ttlMs, tree: tree !== undefined });
    this.newest = key;
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
    if (key === this.newest) this.newest = undefined;
    return this.entries.delete(key);
  }

  /** Drops every entry (the counters are kept). */
  public clear(): void {
    this.newest = undefined;
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

  /** Remembers a hit key's digest (all forgotten at once when too many are). */
  private remember({ text, digest }: { text: string; digest: string }): void {
    if (this.digests.size >= Math.min(this.maxEntries, MAX_REMEMBERED_DIGESTS)) this.digests.clear();
    this.digests.set(text, digest);
    this.lastKey = undefined;
  }

  /** `JSON.stringify([functionName, qualifier ?? null])`, the last one kept. */
  private headerOf(functionName: string, qualifier: string | undefined): string {
    const last = this.header;
    if (last.functionName !== functionName || last.qualifier !== qualifier) {
      this.header = { functionName, qualifier, json: JSON.stringify([functionName, qualifier ?? null]) };
    }
    return this.header.json;
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
