export {
  TwinflowError,
  InvalidDeviceIdError,
  InvalidTwinNameError,
  InvalidStageError,
  NameTooLongError,
  ConfigError,
  ProcessorOutputError,
  ValidationError,
  UnknownDeviceError,
  describeValue,
  failureOf,
} from './errors';
export type { TwinflowErrorOptions, NameTooLongErrorOptions, Failure } from './errors';
export {
  DEVICE_ID_PATTERN,
  TWIN_NAME_PATTERN,
  STAGE_PATTERN,
  REGION_PATTERN,
  DEFAULT_STAGE,
  RESERVED_STAGES,
  assertStage,
  stageSuffix,
  failureQueueName,
  isDeviceId,
  assertDeviceId,
  assertTwinName,
  processorFunctionName,
  dispatcherFunctionName,
  wrapperFunctionName,
  persisterFunctionName,
  hotTableName,
  failureTableName,
  telemetryTopic,
  processorProjectName,
} from './naming';
export {
  AWS_NAME_LIMITS,
  FUNCTION_ALARMS,
  QUEUE_ALARMS,
  assertNameFits,
  boundedName,
  deploymentNames,
  checkDeploymentNames,
  maxDeviceIdLength,
} from './deploymentNames';
export type { AwsNameKind, DerivedName, ServiceName, DeploymentNames, DeploymentNameOptions, CheckDeploymentNamesOptions } from './deploymentNames';
export {
  parseTwinConfig,
  loadTwinConfig,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_MAX_READING_BYTES,
} from './config/twinConfig';
export type { TwinConfig } from './config/twinConfig';
export {
  PROCESSOR_MEMORY_MB,
  PROCESSOR_TIMEOUT_S,
  parseDeviceRegistry,
  loadDeviceRegistry,
} from './config/deviceRegistry';
export type { DeviceEntry, DeviceRegistry } from './config/deviceRegistry';
export { parseDeviceSample, loadDeviceSample, deviceSamplePath, MAX_SAMPLE_DEPTH } from './config/deviceSample';
export { simulatedReading, SAMPLE_JITTER_RATIO } from './simulatedReading';
export type { SimulatedReadingIds } from './simulatedReading';
export { createDeviceLookup } from './config/deviceLookup';
export type { DeviceLookup } from './config/deviceLookup';
export { defineProcessor } from './defineProcessor';
export type { ProcessorFunction, ProcessorHandler } from './defineProcessor';
export { toProcessorBatchRequest, isProcessorBatchRequest, readProcessorBatchResponse } from './processorBatch';
export type { ProcessorBatchRequest, ProcessorBatchResponse, ProcessorBatchResult, ProcessorBatchReading } from './processorBatch';
export type { JsonValue, JsonObject } from './types/json';
export type { RawTelemetry, TelemetryEvent, HotTableItem } from './types/telemetry';
export { isExecuteRequest } from './types/execute';
export type { ExecuteRequest, ExecuteResponse, ExecuteErrorDetails, ExecuteTarget } from './types/execute';
export { isModuleRequest } from './types/module';
export type {
  ModuleRequest,
  ModuleRequestMetadata,
  ModuleCommunityMetadata,
  ModuleUserMetadata,
  ModuleEntityMetadata,
  ModuleLambdaPayload,
  ModuleTrigger,
} from './types/module';
export type { HealthState, CircuitState, HealthStatus } from './types/health';
export type { Adapter } from './types/adapter';
export type { FailureStage, FailureRecord } from './types/failure';
export { createLogger, silentLogger } from './logger';
export type { Logger, LoggerOptions, LogLevel, LogFields } from './logger';
// The wire contract: one reader per hop's envelope, one schema each for TelemetryEvent and the
// persist record, the one timestamp rule, the protocol constants, and encoding measured once.
export {
  PROCESSOR_BATCH_PROTOCOL,
  DEFAULT_TRIGGER,
  REPLAY_TARGETS,
  EVENT_ID_PATTERN,
  ENVELOPE_ID_PATTERN,
  DEVICE_ID_FIELDS,
  TIMESTAMP_FIELDS,
  EVENT_ID_FIELDS,
} from './contract/protocol';
export type { ReplayRole, ReplayTarget } from './contract/protocol';
export { isIsoUtcMillis, parseIsoTimestamp, ISO_UTC_MILLIS_HINT } from './contract/timestamp';
export { findJsonIssue, isPlainObject, describeKind } from './contract/json';
export type { JsonIssue, JsonIssueKind, JsonLimits } from './contract/json';
export { readTelemetryEvent, readingIds, InvalidEventError } from './contract/telemetryEvent';
export type { ContractIssue, ContractRead, ReadEventOptions, ReadingIds } from './contract/telemetryEvent';
export { readPersistRecord, dataIssues, MAX_DATA_DEPTH } from './contract/persistRecord';
export type { PersistRecord } from './contract/persistRecord';
export { readEnvelope, isHealthCheck, readDispatcherInput, readWrapperInput, readPersisterInput, EnvelopeValidationError } from './contract/envelopes';
export type { Envelope, ServiceInput } from './contract/envelopes';
export { CIRCUIT_RESET_ACTION, circuitResetEvent, isCircuitReset, readCircuitReset, InvalidControlEventError } from './contract/circuitReset';
export type { CircuitResetEvent, CircuitResetRead, CircuitResetScope } from './contract/circuitReset';
export { encodeItems, batchShell } from './contract/encode';
export type { EncodedItem, BatchShell } from './contract/encode';
