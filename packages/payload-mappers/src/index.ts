export { TelemetryValidationError, HotTableItemError, EnvelopeValidationError, PayloadDecodeError } from './errors';
export type { TelemetryRejectReason } from './errors';
export {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_FUTURE_SKEW_MS,
  DEFAULT_MIN_TIMESTAMP_MS,
  DEVICE_ID_FIELDS,
  TIMESTAMP_FIELDS,
  EVENT_ID_FIELDS,
  EVENT_ID_PATTERN,
} from './constants';
export { parseRawTelemetry } from './parseRawTelemetry';
export type { ParseRawTelemetryOptions } from './parseRawTelemetry';
export { normalizeTelemetry } from './normalizeTelemetry';
export type { NormalizeOptions } from './normalizeTelemetry';
export { computeEventId, canonicalJson } from './eventId';
export type { EventIdParts } from './eventId';
export { toHotTableItem, fromHotTableItem } from './hotTableItem';
export type { HotTableItemOptions } from './hotTableItem';
export { toLambdaPayload, fromLambdaPayload, decodeLambdaPayload } from './lambdaPayload';
