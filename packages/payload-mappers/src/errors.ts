import { TwinflowError, ValidationError, type TwinflowErrorOptions } from '@twinflow/core';

/** Why a raw reading was rejected; stable, used as the failure-store `reason`. */
export type TelemetryRejectReason =
  | 'malformed-json'
  | 'not-an-object'
  | 'missing-device-id'
  | 'invalid-device-id'
  | 'invalid-timestamp'
  | 'timestamp-out-of-range'
  | 'payload-too-large'
  | 'payload-too-deep'
  | 'forbidden-key'
  | 'invalid-payload';

/**
 * A raw reading was rejected. `reason` says why (machine-readable), `field` where, and the
 * message explains it without echoing the whole payload.
 *
 * @example
 * ```ts
 * try { normalizeTelemetry(raw, { twin: 'demo' }); }
 * catch (err) { if (err instanceof TelemetryValidationError) failures.add(raw, err.reason); }
 * ```
 */
export class TelemetryValidationError extends ValidationError {
  public readonly reason: TelemetryRejectReason;

  public constructor(reason: TelemetryRejectReason, message: string, field?: string, options: TwinflowErrorOptions = {}) {
    super(message, field, 'TELEMETRY_INVALID', options);
    this.reason = reason;
  }
}

/**
 * A hot-table item (or the event/data it is built from) breaks the table contract.
 *
 * @example
 * ```ts
 * new HotTableItemError('ttl: must be epoch seconds', 'ttl');
 * ```
 */
export class HotTableItemError extends ValidationError {
  public constructor(message: string, field?: string, options: TwinflowErrorOptions = {}) {
    super(message, field, 'HOT_TABLE_ITEM_INVALID', options);
  }
}

/**
 * An `ExecuteRequest` envelope is invalid.
 *
 * @example
 * ```ts
 * new EnvelopeValidationError('requestId: must be a non-empty string', 'requestId');
 * ```
 */
export class EnvelopeValidationError extends ValidationError {
  public constructor(message: string, field?: string, options: TwinflowErrorOptions = {}) {
    super(message, field, 'ENVELOPE_INVALID', options);
  }
}

/**
 * A Lambda response body is not valid JSON.
 *
 * @example
 * ```ts
 * new PayloadDecodeError('response body is not JSON: "<html>…"');
 * ```
 */
export class PayloadDecodeError extends TwinflowError {
  public constructor(message: string, options: TwinflowErrorOptions = {}) {
    super(message, 'PAYLOAD_DECODE_FAILED', options);
  }
}
