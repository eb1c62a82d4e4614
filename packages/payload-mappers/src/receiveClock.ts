import { isDeviceId } from '@twinflow/core';
import { DEFAULT_RECEIVE_CLOCK_MAX_DEVICES, DEFAULT_RECEIVE_CLOCK_RETAIN_MS, DEVICE_ID_FIELDS, TIMESTAMP_FIELDS } from './constants';
import { MapperOptionsError } from './errors';
import { describeValue, isPlainObject } from '@twinflow/core';
import { readClock, resolveClock } from './options';
import type { ReceiveClock, ReceiveClockOptions, StampedReading } from './types';

/**
 * A per-container receive clock: it gives a reading that carries no time (`timestamp` | `time` |
 * `ts` all absent) its receive time, once, as a `timestamp` field, so the time travels with the
 * reading and a replay of it keeps the same key and event id.
 *
 * Stamps are per device and strictly increasing: the next stamp of device `d` is `now()`, or the
 * last stamp of `d` + 1 ms when that is already `now()` or later. So two distinct readings of one
 * device received in the same millisecond by this clock never share a hot-table key (a burst of
 * more than 1,000 timestamp-less readings of one device a second runs ahead of the wall clock by
 * the excess, never more). Memory is bounded: a device is forgotten once its last stamp is more
 * than `retainMs` behind `now()` (its next stamp is `now()` anyway), and at most `maxDevices`
 * devices are remembered (the least recently stamped is forgotten first).
 *
 * What it cannot promise: uniqueness across clocks. Two containers (concurrent Lambda instances)
 * that receive readings of one device in the same millisecond may stamp the same time; so may this
 * clock after stepping back more than `retainMs`, or for a device forgotten under `maxDevices`
 * pressure while its stamps ran ahead. Such a meeting is not silent: the persister writes only
 * when the key is free and parks the later reading as `key-conflict` with both event ids, never
 * overwriting the stored one.
 *
 * @param options - `now` (default `Date.now`), `retainMs` (default 5 000), `maxDevices` (default 10 000)
 * @throws MapperOptionsError naming a bad option (at construction); `stamp` throws it when `now()`
 *   returns no representable instant
 * @example
 * ```ts
 * const receiveClock = createReceiveClock({ now: () => Date.UTC(2026, 10, 24, 8) });
 * receiveClock.stamp({ device_id: 'pump-1', rpm: 900 }).reading; // { device_id: 'pump-1', rpm: 900, timestamp: '2026-11-24T08:00:00.000Z' }
 * receiveClock.stamp({ device_id: 'pump-1', rpm: 901 }).reading; // { …, timestamp: '2026-11-24T08:00:00.001Z' }
 * receiveClock.stamp({ device_id: 'pump-1', ts: 1764000000 }).stamped; // false: it carries its time
 * ```
 */
export function createReceiveClock(options: ReceiveClockOptions = {}): ReceiveClock {
  const now = resolveClock(options.now);
  const retainMs = integerAtLeast(0, options.retainMs, DEFAULT_RECEIVE_CLOCK_RETAIN_MS, 'retainMs');
  const maxDevices = integerAtLeast(1, options.maxDevices, DEFAULT_RECEIVE_CLOCK_MAX_DEVICES, 'maxDevices');
  // Last stamp per device, in order of stamping (least recently stamped first).
  const last = new Map<string, number>();

  const next = (deviceId: string): number => {
    const current = Math.floor(readClock(now));
    const previous = last.get(deviceId);
    const ms = previous !== undefined && previous >= current ? previous + 1 : current;
    last.delete(deviceId);
    last.set(deviceId, ms);
    for (const [device, stamp] of last) {
      if (last.size <= maxDevices && stamp >= current - retainMs) break;
      last.delete(device);
    }
    return ms;
  };

  return {
    stamp(raw: unknown): StampedReading {
      if (!isPlainObject(raw)) return { stamped: false, reading: raw };
      const deviceId = firstDeviceId(raw);
      if (deviceId === undefined || TIMESTAMP_FIELDS.some((field) => own(raw, field) !== undefined)) return { stamped: false, reading: raw };
      const timestamp = new Date(next(deviceId)).toISOString();
      // Spread defines own data properties, so a `__proto__` key stays a key (normalization rejects it).
      return { stamped: true, reading: { ...raw, timestamp }, timestamp };
    },
    get size(): number {
      return last.size;
    },
  };
}

/** The value of the first device-id alias present, when it is a valid device id (the one normalization reads). */
function firstDeviceId(raw: Record<string, unknown>): string | undefined {
  for (const alias of DEVICE_ID_FIELDS) {
    const value = own(raw, alias);
    if (value !== undefined) return isDeviceId(value) ? value : undefined;
  }
  return undefined;
}

function own(raw: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(raw, key) ? raw[key] : undefined;
}

function integerAtLeast(min: number, value: number | undefined, fallback: number, field: string): number {
  const resolved = value ?? fallback;
  if (!Number.isSafeInteger(resolved) || resolved < min) {
    throw new MapperOptionsError(`${field}: must be an integer ≥ ${min}, got ${describeValue(resolved)}`, field);
  }
  return resolved;
}
