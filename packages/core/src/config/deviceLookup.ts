import { UnknownDeviceError } from '../errors';
import type { DeviceEntry, DeviceRegistry } from './deviceRegistry';

/** Fast lookup of registered devices by id. */
export interface DeviceLookup {
  /** Whether the device is registered. */
  has(deviceId: string): boolean;
  /** The device's registry entry; throws {@link UnknownDeviceError} when it is not registered. */
  get(deviceId: string): DeviceEntry;
  /** Registered ids, in registry order. */
  readonly ids: readonly string[];
}

/**
 * Indexes a validated device registry for O(1) lookups.
 *
 * @example
 * ```ts
 * const devices = createDeviceLookup(parseDeviceRegistry(registryJson));
 * devices.get('thermostat-1'); // entry, or throws UnknownDeviceError
 * ```
 */
export function createDeviceLookup(registry: DeviceRegistry): DeviceLookup {
  // One pass, no [id, entry] pair per device: the dispatcher builds this at every cold start.
  const byId = new Map<string, DeviceEntry>();
  const ids: string[] = [];
  for (const entry of registry) {
    byId.set(entry.id, entry);
    ids.push(entry.id);
  }
  return {
    has: (deviceId) => byId.has(deviceId),
    get: (deviceId) => {
      const entry = byId.get(deviceId);
      if (entry === undefined) throw new UnknownDeviceError(deviceId);
      return entry;
    },
    ids,
  };
}
