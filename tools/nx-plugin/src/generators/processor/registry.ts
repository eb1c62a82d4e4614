import type { Tree } from '@nx/devkit';
import { parseDeviceRegistry, type DeviceEntry } from '@twinflow/core';

/** The device registry, kept in sync by the generator. */
export const REGISTRY_PATH = 'config/config_iot_devices.json';

/** Reads and validates the registry (an absent file is an empty registry). */
export function readRegistry(tree: Tree): DeviceEntry[] {
  if (!tree.exists(REGISTRY_PATH)) return [];
  return parseDeviceRegistry(JSON.parse(tree.read(REGISTRY_PATH, 'utf-8') ?? '[]'), REGISTRY_PATH);
}

/** Adds a device, keeping the registry sorted by id and free of duplicates. */
export function addToRegistry(tree: Tree, entry: DeviceEntry): void {
  const devices = readRegistry(tree).filter((existing) => existing.id !== entry.id);
  devices.push(entry);
  devices.sort((a, b) => a.id.localeCompare(b.id));
  tree.write(REGISTRY_PATH, `${JSON.stringify(devices, null, 2)}\n`);
}

/**
 * Removes a device's entry, keeping every other entry (and the file's formatting) as the generator
 * writes it.
 *
 * @returns whether the registry held the device
 */
export function removeFromRegistry(tree: Tree, device: string): boolean {
  const devices = readRegistry(tree);
  const kept = devices.filter((existing) => existing.id !== device);
  if (kept.length === devices.length) return false;
  tree.write(REGISTRY_PATH, `${JSON.stringify(kept, null, 2)}\n`);
  return true;
}
