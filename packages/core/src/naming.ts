import { InvalidDeviceIdError, InvalidTwinNameError } from './errors';

/** Device ids: 1-48 chars, lowercase letters, digits and '-', not starting with '-'. */
export const DEVICE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,47}$/;

/** Twin names: 1-24 chars, lowercase letters, digits and '-', starting with a letter. */
export const TWIN_NAME_PATTERN = /^[a-z][a-z0-9-]{0,23}$/;

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
 * Name of a device's processor function: `{twin}-{device}-processor`. Both parts are validated.
 *
 * @example
 * ```ts
 * processorFunctionName('demo', 'thermostat-1'); // 'demo-thermostat-1-processor'
 * ```
 */
export function processorFunctionName(twin: string, device: string): string {
  assertTwinName(twin);
  assertDeviceId(device);
  return `${twin}-${device}-processor`;
}

/**
 * Name of the dispatcher function: `{twin}-dispatcher`.
 *
 * @example
 * ```ts
 * dispatcherFunctionName('demo'); // 'demo-dispatcher'
 * ```
 */
export function dispatcherFunctionName(twin: string): string {
  assertTwinName(twin);
  return `${twin}-dispatcher`;
}

/**
 * Name of the processor wrapper function: `{twin}-processor-wrapper`.
 *
 * @example
 * ```ts
 * wrapperFunctionName('demo'); // 'demo-processor-wrapper'
 * ```
 */
export function wrapperFunctionName(twin: string): string {
  assertTwinName(twin);
  return `${twin}-processor-wrapper`;
}

/**
 * Name of the persister function: `{twin}-persister`.
 *
 * @example
 * ```ts
 * persisterFunctionName('demo'); // 'demo-persister'
 * ```
 */
export function persisterFunctionName(twin: string): string {
  assertTwinName(twin);
  return `${twin}-persister`;
}

/**
 * Name of the hot DynamoDB table: `{twin}-hot`.
 *
 * @example
 * ```ts
 * hotTableName('demo'); // 'demo-hot'
 * ```
 */
export function hotTableName(twin: string): string {
  assertTwinName(twin);
  return `${twin}-hot`;
}

/**
 * MQTT topic a device publishes telemetry on: `dt/{twin}/{device}/telemetry`.
 *
 * @example
 * ```ts
 * telemetryTopic('demo', 'thermostat-1'); // 'dt/demo/thermostat-1/telemetry'
 * ```
 */
export function telemetryTopic(twin: string, device: string): string {
  assertTwinName(twin);
  assertDeviceId(device);
  return `dt/${twin}/${device}/telemetry`;
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
