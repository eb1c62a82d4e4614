import type { FailureStage } from '../types/failure';

/**
 * Marks a processor batch request and its response. It changes only with an incompatible shape,
 * so a wrapper and a processor built from different releases still recognise each other (or
 * fall back to one reading per invocation).
 */
export const PROCESSOR_BATCH_PROTOCOL = 'twinflow.processor-batch/1';

/** Trigger of a hand-off whose input named none (a reading straight from the IoT rule). */
export const DEFAULT_TRIGGER = 'telemetry';

/**
 * An envelope's `requestId` and `trigger`: a letter or digit, then letters, digits and `._:-`, at
 * most 128 characters in all, so the envelope stays small and every id fits any log line.
 *
 * @example
 * ```ts
 * ENVELOPE_ID_PATTERN.test('req-1:persist-0'); // true
 * ENVELOPE_ID_PATTERN.test('-');               // false
 * ```
 */
export const ENVELOPE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * A reading's event id: letters, digits and `._:-`, at most 128 characters, so every id fits any
 * log line, name or attribute it travels in.
 *
 * @example
 * ```ts
 * EVENT_ID_PATTERN.test('replay:42'); // true
 * EVENT_ID_PATTERN.test('has space'); // false
 * ```
 */
export const EVENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Raw fields that may carry the device id, in order of precedence (aliases must agree).
 *
 * @example
 * ```ts
 * const hasId = DEVICE_ID_FIELDS.some((field) => field in raw);
 * ```
 */
export const DEVICE_ID_FIELDS = ['device_id', 'deviceId', 'iotDeviceId', 'IoTDeviceId'] as const;

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
 * Raw fields that may carry a sender-assigned event id (they must agree).
 *
 * @example
 * ```ts
 * const given = EVENT_ID_FIELDS.map((name) => raw[name]).find((id) => id !== undefined);
 * ```
 */
export const EVENT_ID_FIELDS = ['eventId', 'event_id'] as const;

/** The service a parked reading is replayed to, by the stage that parked it. */
export type ReplayRole = 'dispatcher' | 'wrapper' | 'persister';

/** Where a stage's parked readings are replayed, and the input that service takes for one of them. */
export interface ReplayTarget {
  role: ReplayRole;
  /** The service's input for one parked `original`. */
  payload(original: unknown): unknown;
}

/**
 * Where each stage's failures are replayed: a `dispatch` failure keeps the raw reading (sent to
 * the dispatcher as is), a `process` failure the `TelemetryEvent` (sent to the wrapper as
 * `{ events: [original] }`), a `persist` failure the `{ event, data }` record (sent to the
 * persister as `{ records: [original] }`, without running the processor again).
 *
 * @example
 * ```ts
 * const target = REPLAY_TARGETS[record.stage];
 * await invoke(nameOf(target.role), target.payload(record.original));
 * ```
 */
export const REPLAY_TARGETS: Readonly<Record<FailureStage, ReplayTarget>> = {
  dispatch: { role: 'dispatcher', payload: (original) => original },
  process: { role: 'wrapper', payload: (original) => ({ events: [original] }) },
  persist: { role: 'persister', payload: (original) => ({ records: [original] }) },
};
