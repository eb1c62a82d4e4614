export {
  TELEMETRY_REJECT_REASONS,
  TelemetryValidationError,
  HotTableItemError,
  EnvelopeValidationError,
  PayloadDecodeError,
  ModuleRequestValidationError,
  MapperOptionsError,
} from './errors';
export type { TelemetryRejectReason } from './errors';
export {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_FUTURE_SKEW_MS,
  DEFAULT_MIN_TIMESTAMP_MS,
  EPOCH_MS_THRESHOLD,
  DEVICE_ID_FIELDS,
  TIMESTAMP_FIELDS,
  EVENT_ID_FIELDS,
  EVENT_ID_PATTERN,
  FORBIDDEN_KEYS,
  MIN_RETENTION_DAYS,
  MAX_RETENTION_DAYS,
  MAX_HOT_TABLE_DATA_DEPTH,
} from './constants';
export type { ParseRawTelemetryOptions, NormalizeOptions, EventIdParts, HotTableItemOptions, ModulePayloadOptions } from './types';
export { parseRawTelemetry } from './parseRawTelemetry';
export { normalizeTelemetry } from './normalizeTelemetry';
export { computeEventId, canonicalJson } from './eventId';
export { toHotTableItem, fromHotTableItem } from './hotTableItem';
export { toLambdaPayload, fromLambdaPayload, decodeLambdaPayload } from './lambdaPayload';
export { toExecuteResponse } from './executeResponse';
export { toModuleLambdaPayload } from './moduleRequest';
export { createReceiveClock } from './receiveClock';
export type { ReceiveClock, ReceiveClockOptions, StampedReading } from './types';
export { isIsoUtcMillis } from './timestamp';
