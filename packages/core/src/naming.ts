import { InvalidDeviceIdError, InvalidStageError, InvalidTwinNameError } from './errors';

/** Device ids: 1-48 chars, lowercase letters, digits and '-', not starting with '-'. */
export const DEVICE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,47}$/;

/** Twin names: 1-24 chars, lowercase letters, digits and '-', starting with a letter. */
export const TWIN_NAME_PATTERN = /^[a-z][a-z0-9-]{0,23}$/;

/** AWS region names, e.g. `eu-central-1`, `us-gov-west-1`. */
export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** The stage whose names are exactly the architecture's (`demo-dispatcher`, `demo-hot`, ...). */
export const DEFAULT_STAGE = 'dev';

/**
 * Stage names: 1-16 lowercase letters and digits, starting with a letter. No '-': a stage other
 * than {@link DEFAULT_STAGE} appends `-{stage}` to every name, and a stage without dashes is
 * what keeps one stage's IAM wildcard (`demo-*-processor-prod`) from matching another's names.
 */
export const STAGE_PATTERN = /^[a-z][a-z0-9]{0,15}$/;

/**
 * Stage names that would let the default stage's wildcard `{twin}-*-processor` match their
 * functions (`demo-x-processor-processor`).
 */
export const RESERVED_STAGES: readonly string[] = ['processor'];

/**
 * Whether `value` is a valid device id.
 *
 * @example
 * ```ts
 * isDeviceId('thermostat-1'); // true
 * isDeviceId('../x');         // false
 * ```
 */
export function isDeviceId(value: unknown): value is string {
  return typeof value === 'string' && DEVICE_ID_PATTERN.test(value);
}

/**
 * Throws {@link InvalidDeviceIdError} unless `value` is a valid device id.
 * Call it before a device id becomes part of any function, table or topic name.
 *
 * @example
 * ```ts
 * assertDeviceId(raw.device_id); // raw.device_id is now typed as string
 * ```
 */
export function assertDeviceId(value: unknown): asserts value is string {
  if (!isDeviceId(value)) throw new InvalidDeviceIdError(value);
}

/**
 * Throws {@link InvalidTwinNameError} unless `value` is a valid twin name.
 *
 * @example
 * ```ts
 * assertTwinName('demo');
 * ```
 */
export function assertTwinName(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !TWIN_NAME_PATTERN.test(value)) throw new InvalidTwinNameError(value);
}

/**
 * Throws {@link InvalidStageError} unless `value` is a valid, unreserved stage name.
 *
 * @example
 * ```ts
 * assertStage('prod');
 * ```
 */
export function assertStage(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !STAGE_PATTERN.test(value)) throw new InvalidStageError(value);
  if (RESERVED_STAGES.includes(value)) {
    throw new InvalidStageError(value, `"${value}" is reserved: the default stage's processor wildcard would match its functions`);
  }
}

/**
 * What a stage appends to every name: nothing for {@link DEFAULT_STAGE}, `-{stage}` otherwise.
 *
 * @example
 * ```ts
 * stageSuffix('dev');  // ''
 * stageSuffix('prod'); // '-prod'
 * ```
 */
export function stageSuffix(stage: string = DEFAULT_STAGE): string {
  assertStage(stage);
  return stage === DEFAULT_STAGE ? '' : `-${stage}`;
}

/**
 * Name of a device's processor function: `{twin}-{device}-processor`, plus `-{stage}` outside the
 * default stage. Every part is validated.
 *
 * @example
 * ```ts
 * processorFunctionName('demo', 'thermostat-1');         // 'demo-thermostat-1-processor'
 * processorFunctionName('demo', 'thermostat-1', 'prod'); // 'demo-thermostat-1-processor-prod'
 * ```
 */
export function processorFunctionName(twin: string, device: string, stage: string = DEFAULT_STAGE): string {
  assertTwinName(twin);
  assertDeviceId(device);
  return `${twin}-${device}-processor${stageSuffix(stage)}`;
}

/**
 * Name of the dispatcher function: `{twin}-dispatcher`.
 *
 * @example
 * ```ts
 * dispatcherFunctionName('demo'); // 'demo-dispatcher'
 * ```
 */
export function dispatcherFunctionName(twin: string, stage: string = DEFAULT_STAGE): string {
  assertTwinName(twin);
  return `${twin}-dispatcher${stageSuffix(stage)}`;
}

/**
 * Name of the processor wrapper function: `{twin}-processor-wrapper`.
 *
 * @example
 * ```ts
 * wrapperFunctionName('demo'); // 'demo-processor-wrapper'
 * ```
 */
export function wrapperFunctionName(twin: string, stage: string = DEFAULT_STAGE): string {
  assertTwinName(twin);
  return `${twin}-processor-wrapper${stageSuffix(stage)}`;
}

/**
 * Name of the persister function: `{twin}-persister`.
 *
 * @example
 * ```ts
 * persisterFunctionName('demo'); // 'demo-persister'
 * ```
 */
export function persisterFunctionName(twin: string, stage: string = DEFAULT_STAGE): string {
  assertTwinName(twin);
  return `${twin}-persister${stageSuffix(stage)}`;
}

/**
 * Name of the hot DynamoDB table: `{twin}-hot` (`{twin}-hot-{stage}` outside the default stage).
 *
 * @example
 * ```ts
 * hotTableName('demo'); // 'demo-hot'
 * ```
 */
export function hotTableName(twin: string, stage: string = DEFAULT_STAGE): string {
  assertTwinName(twin);
  return `${twin}-hot${stageSuffix(stage)}`;
}

/**
 * MQTT topic a device publishes telemetry on: `dt/{twin}/{device}/telemetry`; outside the default
 * stage the stage comes first, `{stage}/dt/{twin}/{device}/telemetry`, so each stage's IoT rule
 * hears only its own fleet.
 *
 * @example
 * ```ts
 * telemetryTopic('demo', 'thermostat-1'); // 'dt/demo/thermostat-1/telemetry'
 * ```
 */
export function telemetryTopic(twin: string, device: string, stage: string = DEFAULT_STAGE): string {
  assertTwinName(twin);
  assertDeviceId(device);
  assertStage(stage);
  return `${stage === DEFAULT_STAGE ? '' : `${stage}/`}dt/${twin}/${device}/telemetry`;
}

/**
 * Name of the SQS failure queue: `{twin}-failures` (`{twin}-failures-{stage}` outside the default stage).
 *
 * @example
 * ```ts
 * failureQueueName('demo');         // 'demo-failures'
 * failureQueueName('demo', 'prod'); // 'demo-failures-prod'
 * ```
 */
export function failureQueueName(twin: string, stage: string = DEFAULT_STAGE): string {
  assertTwinName(twin);
  return `${twin}-failures${stageSuffix(stage)}`;
}

/**
 * The failure table of the local twin (and of any service run with `FAILURE_STORE=dynamodb`):
 * `{twin}-failures`, plus the stage's suffix. On AWS the failure store is the SQS queue of the
 * same name ({@link failureQueueName}).
 *
 * @example
 * ```ts
 * failureTableName('demo'); // 'demo-failures'
 * ```
 */
export function failureTableName(twin: string, stage: string = DEFAULT_STAGE): string {
  return failureQueueName(twin, stage);
}

/**
 * Nx project name of a device's processor: `processor-{device}`.
 *
 * @example
 * ```ts
 * processorProjectName('thermostat-1'); // 'processor-thermostat-1'
 * ```
 */
export function processorProjectName(device: string): string {
  assertDeviceId(device);
  return `processor-${device}`;
}
