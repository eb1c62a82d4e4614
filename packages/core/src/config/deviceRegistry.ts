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
 * A registry whose entries are all valid (the file as the generator writes it) is checked by
 * {@link readValidRegistry}, one loop over the entries without the schema: the dispatcher
 * validates its bundled registry at every cold start, where zod's first parse of 10,000 devices
 * took 0.1–0.4 s on a 2-vCPU machine (bench/registryScale.ts). Anything else goes to
 * {@link deviceRegistrySchema}, which decides and words every issue.
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
  return readValidRegistry(value) ?? parseWithSchema(deviceRegistrySchema, value, file);
}

const isIntegerFrom = (value: unknown, range: { min: number; max: number }): boolean => typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;

/**
 * The registry {@link deviceRegistrySchema} outputs for `value` (new entries with the schema's keys
 * only, in its order), when `value` is an array of objects that are all valid, none with a key of
 * the schema set to `undefined`, every id unique; `undefined` for anything else, valid or not,
 * which is the schema's to decide and word. It never accepts what the schema rejects (a property
 * test holds the two side by side): a rule added to the schema must be added here too.
 *
 * @internal exported for its tests, not from the package
 */
export function readValidRegistry(value: unknown): DeviceRegistry | undefined {
  if (!Array.isArray(value)) return undefined;
  const seen = new Set<string>();
  const registry: DeviceEntry[] = [];
  for (let i = 0; i < value.length; i += 1) {
    const entry: unknown = value[i];
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
    const { id, description, memorySize, timeout } = entry as Record<string, unknown>;
    if (typeof id !== 'string' || !DEVICE_ID_PATTERN.test(id) || seen.has(id)) return undefined;
    seen.add(id);
    const out: DeviceEntry = { id };
    if (description !== undefined) {
      if (typeof description !== 'string' || description.length > 256) return undefined;
      out.description = description;
    } else if ('description' in entry) return undefined;
    if (memorySize !== undefined) {
      if (!isIntegerFrom(memorySize, PROCESSOR_MEMORY_MB)) return undefined;
      out.memorySize = memorySize as number;
    } else if ('memorySize' in entry) return undefined;
    if (timeout !== undefined) {
      if (!isIntegerFrom(timeout, PROCESSOR_TIMEOUT_S)) return undefined;
      out.timeout = timeout as number;
    } else if ('timeout' in entry) return undefined;
    registry.push(out);
  }
  return registry;
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
