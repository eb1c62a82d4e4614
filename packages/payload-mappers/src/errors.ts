import { EnvelopeValidationError, TwinflowError, ValidationError, type TwinflowErrorOptions } from '@twinflow/core';

export { EnvelopeValidationError };

/**
 * Every reason a raw reading can be rejected for, in the order the checks run. Stable: these are
 * the failure-store `reason` values.
 *
 * @example
 * ```ts
 * TELEMETRY_REJECT_REASONS.includes(record.reason as TelemetryRejectReason);
 * ```
 */
export const TELEMETRY_REJECT_REASONS = [
  'malformed-json',
  'not-an-object',
  'missing-device-id',
  'invalid-device-id',
  'invalid-timestamp',
  'timestamp-out-of-range',
  'payload-too-large',
  'payload-too-deep',
  'forbidden-key',
  'invalid-payload',
] as const;

/** Why a raw reading was rejected; stable, used as the failure-store `reason`. */
export type TelemetryRejectReason = (typeof TELEMETRY_REJECT_REASONS)[number];

/**
 * A raw reading was rejected. `reason` says why (machine-readable), `field` where (a path into
 * the reading such as `sensors[2].value`), and the message explains it without echoing the payload.
 *
 * @example
 * ```ts
 * try {
 *   normalizeTelemetry(raw, { twin: 'demo' });
 * } catch (err) {
 *   if (err instanceof TelemetryValidationError) await failures.add(raw, err.reason, err.message);
 * }
 * ```
 */
export class TelemetryValidationError extends ValidationError {
  public override readonly name: string = 'TelemetryValidationError';
  /** Machine-readable cause of the rejection (also its failure-store reason). */
  declare public readonly reason: TelemetryRejectReason;

  public constructor(reason: TelemetryRejectReason, message: string, field?: string, options: TwinflowErrorOptions = {}) {
    super(message, field, 'TELEMETRY_INVALID', { reason, ...options });
  }
}

/**
 * A hot-table item (or the event and data it is built from, or an item read back) breaks the
 * table contract. The message starts with the offending field.
 *
 * @example
 * ```ts
 * new HotTableItemError('ttl: must be epoch seconds, got string "soon"', 'ttl');
 * ```
 */
export class HotTableItemError extends ValidationError {
  public override readonly name: string = 'HotTableItemError';
  public constructor(message: string, field?: string, options: TwinflowErrorOptions = {}) {
    super(message, field, 'HOT_TABLE_ITEM_INVALID', { reason: 'invalid-item', ...options });
  }
}

/**
 * A module SDK request (`ModuleRequest`) is invalid. `field` is the path of the offending field
 * (e.g. `metadata.community.seatCount`), which the message starts with.
 *
 * @example
 * ```ts
 * new ModuleRequestValidationError('args: must be an array of strings, got string "a b"', 'args');
 * ```
 */
export class ModuleRequestValidationError extends ValidationError {
  public override readonly name: string = 'ModuleRequestValidationError';
  public constructor(message: string, field?: string, options: TwinflowErrorOptions = {}) {
    super(message, field, 'MODULE_REQUEST_INVALID', options);
  }
}

/**
 * A Lambda payload could not be decoded (not UTF-8, or not JSON). The message shows the start of the text.
 *
 * @example
 * ```ts
 * new PayloadDecodeError('response body is not JSON: "<html>Bad Gateway…"');
 * ```
 */
export class PayloadDecodeError extends TwinflowError {
  public override readonly name: string = 'PayloadDecodeError';
  public constructor(message: string, options: TwinflowErrorOptions = {}) {
    super(message, 'PAYLOAD_DECODE_FAILED', options);
  }
}

/**
 * A mapper was called with invalid options (a programming or configuration error, not bad
 * input): `field` names the option. Deliberately not a {@link TelemetryValidationError}, so a
 * misconfiguration is never mistaken for a bad reading.
 *
 * @example
 * ```ts
 * normalizeTelemetry(raw, { twin: 'demo', maxDepth: 0 }); // MapperOptionsError: maxDepth: must be an integer ≥ 1, got 0
 * ```
 */
export class MapperOptionsError extends ValidationError {
  public override readonly name: string = 'MapperOptionsError';
  public constructor(message: string, field?: string, options: TwinflowErrorOptions = {}) {
    super(message, field, 'MAPPER_OPTIONS_INVALID', options);
  }
}
