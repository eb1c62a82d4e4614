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
  /** The original reading exactly as received, for replay. */
  original: unknown;
}
