import { DEVICE_ID_FIELDS, EVENT_ID_PATTERN } from '@twinflow/core';

export { DEVICE_ID_FIELDS, EVENT_ID_PATTERN };

/**
 * Default maximum nesting depth of a reading; the reading object itself is level 1.
 *
 * @example
 * ```ts
 * normalizeTelemetry(raw, { twin: 'demo', maxDepth: DEFAULT_MAX_DEPTH * 2 });
 * ```
 */
export const DEFAULT_MAX_DEPTH = 16;

/**
 * Default tolerance for timestamps in the future (device clock skew): 24 hours, in ms.
 *
 * @example
 * ```ts
 * normalizeTelemetry(raw, { twin: 'demo', maxFutureSkewMs: DEFAULT_MAX_FUTURE_SKEW_MS / 24 }); // 1 h
 * ```
 */
export const DEFAULT_MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

/**
 * Default earliest accepted timestamp: 2000-01-01T00:00:00Z, epoch ms.
 *
 * @example
 * ```ts
 * new Date(DEFAULT_MIN_TIMESTAMP_MS).toISOString(); // '2000-01-01T00:00:00.000Z'
 * ```
 */
export const DEFAULT_MIN_TIMESTAMP_MS = Date.UTC(2000, 0, 1);

/**
 * Epoch numbers above this are milliseconds; this value and below are seconds.
 *
 * @example
 * ```ts
 * const ms = value > EPOCH_MS_THRESHOLD ? value : value * 1000;
 * ```
 */
export const EPOCH_MS_THRESHOLD = 1e12;

/**
 * Raw fields that may carry the measurement time, in order of precedence (the first present wins).
 *
 * @example
 * ```ts
 * const field = TIMESTAMP_FIELDS.find((name) => raw[name] !== undefined);
 * ```
 */
export const TIMESTAMP_FIELDS = ['timestamp', 'time', 'ts'] as const;

/**
 * Raw fields that may carry a caller-assigned event id (they must agree).
 *
 * @example
 * ```ts
 * normalizeTelemetry({ device_id: 'pump-1', event_id: 'replay:42' }, { twin: 'demo' }).eventId; // 'replay:42'
 * ```
 */
export const EVENT_ID_FIELDS = ['eventId', 'event_id'] as const;

/** A hot-table item's `content_hash`: what `computeEventId` returns, 32 lowercase hex characters. */
export const CONTENT_HASH_PATTERN = /^[0-9a-f]{32}$/;

/**
 * Keys rejected at any depth of a reading: naive consumers (`Object.assign`, deep merges) would
 * let them pollute prototypes.
 *
 * @example
 * ```ts
 * FORBIDDEN_KEYS.has('__proto__'); // true
 * ```
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Smallest `retentionDays` of a hot-table item.
 *
 * @example
 * ```ts
 * toHotTableItem(event, data, { retentionDays: MIN_RETENTION_DAYS });
 * ```
 */
export const MIN_RETENTION_DAYS = 1;

/**
 * Largest `retentionDays` of a hot-table item (ten years).
 *
 * @example
 * ```ts
 * toHotTableItem(event, data, { retentionDays: MAX_RETENTION_DAYS });
 * ```
 */
export const MAX_RETENTION_DAYS = 3650;

/** Seconds in a day (internal). */
export const SECONDS_PER_DAY = 86_400;

/** Largest instant a JavaScript `Date` can hold, ±8.64e15 ms around the epoch (internal). */
export const MAX_DATE_MS = 8.64e15;

/** Default `retainMs` of `createReceiveClock`, 5 s: a clock stepping back by less never repeats a stamp (internal). */
export const DEFAULT_RECEIVE_CLOCK_RETAIN_MS = 5_000;

/** Default `maxDevices` of `createReceiveClock`: devices remembered at most, about 1 MB (internal). */
export const DEFAULT_RECEIVE_CLOCK_MAX_DEVICES = 10_000;
