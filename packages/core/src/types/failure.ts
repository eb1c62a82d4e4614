/** Pipeline stage at which a reading failed. */
export type FailureStage = 'dispatch' | 'process' | 'persist';

/**
 * A reading that could not be processed or persisted, kept so it can be listed and replayed.
 */
export interface FailureRecord {
  /** Unique id of this record. */
  id: string;
  /** Twin name. */
  twin: string;
  /** Stage that failed. */
  stage: FailureStage;
  /** Short machine-readable reason, e.g. `unknown-device`, `processor-error`, `circuit-open`. */
  reason: string;
  /** Error class name, e.g. `UnknownDeviceError`. */
  errorType: string;
  /** Human-readable message. */
  message: string;
  /** How many attempts were made before giving up. */
  attempts: number;
  /** When it failed, ISO-8601 UTC. */
  failedAt: string;
  /** Device id, when one could be read and validated. */
  deviceId?: string;
  /** Event id, when the reading was normalized. */
  eventId?: string;
  /**
   * The reading's normalized timestamp (ISO-8601 UTC with milliseconds), whenever the failing stage
   * knows it: with `deviceId` it is the reading's hot-table key, so with `eventId` a tool can tell
   * whether a parked reading was stored after all.
   */
  timestamp?: string;
  /**
   * The reading as received, for replay. A `dispatch` reading sent without a time, once
   * normalized, is kept as an object with the `timestamp` the dispatcher assigned, so its replay
   * keeps the same key and event id.
   */
  original: unknown;
}
