import { UnknownDeviceError } from '@twinflow/core';
import type { DeviceLookup, TelemetryEvent } from '@twinflow/core';
import { normalizeTelemetry, parseRawTelemetry } from '@twinflow/payload-mappers';
import { failureReasonOf } from '@twinflow/runtime';

/** A reading that passed every check and can be handed to the wrapper. */
export interface AcceptedReading {
  ok: true;
  index: number;
  /** The reading exactly as received. */
  original: unknown;
  event: TelemetryEvent;
}

/** A reading that must be parked, with why. */
export interface RejectedReading {
  ok: false;
  index: number;
  /** The reading exactly as received. */
  original: unknown;
  error: unknown;
  reason: string;
  /** Attempts made (hand-off retries). */
  attempts: number;
  /** Set only when the device id was read and is valid. */
  deviceId?: string;
  /** Set only when the reading was normalized. */
  eventId?: string;
}

export type CheckedReading = AcceptedReading | RejectedReading;

/** Options of {@link checkReading}. */
export interface CheckReadingOptions {
  twin: string;
  /** Largest accepted reading, bytes of JSON. */
  maxBytes: number;
  devices: DeviceLookup;
  /** Receive clock, epoch ms. */
  now: () => number;
}

/**
 * Parses (JSON text), normalizes and checks one reading against the device registry. Never
 * throws: every problem, expected or not, becomes a {@link RejectedReading} with its reason.
 *
 * @example
 * ```ts
 * const checked = checkReading('{"device_id":"pump-9"}', 0, { twin: 'demo', maxBytes: 65536, devices, now: Date.now });
 * if (!checked.ok) checked.reason; // 'unknown-device'
 * ```
 */
export function checkReading(original: unknown, index: number, options: CheckReadingOptions): CheckedReading {
  let event: TelemetryEvent;
  try {
    const raw = parseRawTelemetry(original, { maxBytes: options.maxBytes });
    event = normalizeTelemetry(raw, { twin: options.twin, maxBytes: options.maxBytes, now: options.now });
  } catch (error) {
    return { ok: false, index, original, error, reason: failureReasonOf(error), attempts: 1 };
  }
  if (!options.devices.has(event.deviceId)) {
    const error = new UnknownDeviceError(event.deviceId);
    return { ok: false, index, original, error, reason: failureReasonOf(error), attempts: 1, deviceId: event.deviceId, eventId: event.eventId };
  }
  return { ok: true, index, original, event };
}
