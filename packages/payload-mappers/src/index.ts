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
  TIMESTAMP_FIELDS,
} from './constants';
export type { ParseRawTelemetryOptions, NormalizeOptions, EventIdParts, HotTableItemOptions, ModulePayloadOptions } from './types';
export { parseRawTelemetry } from './parseRawTelemetry';
export { normalizeTelemetry } from './normalizeTelemetry';
export { computeEventId } from './eventId';
export { toHotTableItem, fromHotTableItem } from './hotTableItem';
export { toLambdaPayload, fromLambdaPayload, decodeLambdaPayload } from './lambdaPayload';
export { toExecuteResponse } from './executeResponse';
export { toModuleLambdaPayload } from './moduleRequest';
export { createReceiveClock } from './receiveClock';
export type { ReceiveClock, ReceiveClockOptions, StampedReading } from './types';
