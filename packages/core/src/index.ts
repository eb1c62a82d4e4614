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
  describe,
} from './errors';
export type { TwinflowErrorOptions, NameTooLongErrorOptions } from './errors';
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
  twinConfigSchema,
  parseTwinConfig,
  loadTwinConfig,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_MAX_READING_BYTES,
} from './config/twinConfig';
export type { TwinConfig } from './config/twinConfig';
export {
  deviceEntrySchema,
  deviceRegistrySchema,
  parseDeviceRegistry,
  loadDeviceRegistry,
} from './config/deviceRegistry';
export type { DeviceEntry, DeviceRegistry } from './config/deviceRegistry';
export { createDeviceLookup } from './config/deviceLookup';
export type { DeviceLookup } from './config/deviceLookup';
export { defineProcessor } from './defineProcessor';
export type { ProcessorFunction, ProcessorHandler } from './defineProcessor';
export {
  PROCESSOR_BATCH_PROTOCOL,
  MAX_BATCH_ERROR_MESSAGE_LENGTH,
  toProcessorBatchRequest,
  isProcessorBatchRequest,
  readProcessorBatchResponse,
  batchError,
} from './processorBatch';
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
