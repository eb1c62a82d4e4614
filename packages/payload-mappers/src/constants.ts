/** Default maximum nesting depth of a reading's payload. */
export const DEFAULT_MAX_DEPTH = 16;
/** Default tolerance for timestamps in the future (device clock skew): 24 hours. */
export const DEFAULT_MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;
/** Default earliest accepted timestamp: 2000-01-01T00:00:00Z. */
export const DEFAULT_MIN_TIMESTAMP_MS = Date.UTC(2000, 0, 1);
/** Epoch numbers above this are milliseconds, below it seconds. */
export const EPOCH_MS_THRESHOLD = 1e12;
/** Raw fields that may carry the device id, in order of precedence. */
export const DEVICE_ID_FIELDS = ['device_id', 'deviceId', 'iotDeviceId', 'IoTDeviceId'] as const;
/** Raw fields that may carry the measurement time, in order of precedence. */
export const TIMESTAMP_FIELDS = ['timestamp', 'time', 'ts'] as const;
/** Raw fields that may carry a caller-assigned event id. */
export const EVENT_ID_FIELDS = ['eventId', 'event_id'] as const;
/** Accepted caller-assigned event ids. */
export const EVENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
/** Keys rejected at any depth: they can pollute prototypes in naive consumers. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Seconds in a day. */
export const SECONDS_PER_DAY = 86_400;
