import * as z from 'zod/mini';
import { DEVICE_ID_PATTERN } from '../naming';
import { integerFrom, parseWithSchema, readJsonFile } from './readJsonFile';

/** A processor's memory in MB: Lambda's range, and the default a device without `memorySize` gets. */
export const PROCESSOR_MEMORY_MB = { default: 256, min: 128, max: 10240 } as const;
/** A processor's timeout in seconds: Lambda's range, and the default a device without `timeout` gets. */
export const PROCESSOR_TIMEOUT_S = { default: 10, min: 1, max: 900 } as const;

/** Schema of one entry of `config/config_iot_devices.json`. */
export const deviceEntrySchema = z.object(
  {
    /** Device id, part of the processor's function name. */
    id: z.string({ error: 'must be a string' }).check(z.regex(DEVICE_ID_PATTERN, 'must match ^[a-z0-9][a-z0-9-]{0,47}$')),
    /** What the device is. */
    description: z.optional(z.string({ error: 'must be a string' }).check(z.maxLength(256, 'must be at most 256 characters'))),
    /** Processor memory in MB, {@link PROCESSOR_MEMORY_MB}. */
    memorySize: z.optional(integerFrom(PROCESSOR_MEMORY_MB.min, PROCESSOR_MEMORY_MB.max)),
    /** Processor timeout in seconds, {@link PROCESSOR_TIMEOUT_S}. */
    timeout: z.optional(integerFrom(PROCESSOR_TIMEOUT_S.min, PROCESSOR_TIMEOUT_S.max)),
  },
  { error: 'must be an object' },
);

/** Schema of `config/config_iot_devices.json`: a list of devices with unique ids. */
export const deviceRegistrySchema = z.array(deviceEntrySchema, { error: 'must be an array of devices' }).check(
  z.superRefine((devices, ctx) => {
    const seen = new Set<string>();
    devices.forEach((device, index) => {
      if (seen.has(device.id)) {
        ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate device id "${device.id}"`, input: device.id });
      }
      seen.add(device.id);
    });
  }),
);

/** One registered device. */
export type DeviceEntry = z.output<typeof deviceEntrySchema>;
/** The device registry. */
export type DeviceRegistry = z.output<typeof deviceRegistrySchema>;

/**
 * Validates an already-parsed device registry.
 *
 * @param file - label used in error messages. Default `config/config_iot_devices.json`.
 * @throws ConfigError naming the file and each offending entry, e.g. `3.id: duplicate device id "x"`
 * @example
 * ```ts
 * import devices from '../../config/config_iot_devices.json';
 * const registry = parseDeviceRegistry(devices);
 * ```
 */
export function parseDeviceRegistry(value: unknown, file = 'config/config_iot_devices.json'): DeviceRegistry {
  return parseWithSchema(deviceRegistrySchema, value, file);
}

/**
 * Reads and validates a device registry file.
 *
 * @example
 * ```ts
 * const ids = loadDeviceRegistry('config/config_iot_devices.json').map((d) => d.id);
 * ```
 */
export function loadDeviceRegistry(file: string): DeviceRegistry {
  return parseDeviceRegistry(readJsonFile(file), file);
}
