import { type Tree, joinPathFragments } from '@nx/devkit';
import { isDeviceId, processorFunctionName, processorProjectName } from '@twinflow/core';
import type { ProcessorGeneratorSchema } from './schema';
import { readRegistry, REGISTRY_PATH } from './registry';

/** Where processors live. */
export const PROCESSORS_DIR = 'processors';

/** Generator options after validation, with everything the templates need. */
export interface NormalizedProcessorOptions {
  device: string;
  description: string;
  memory: number;
  timeout: number;
  projectName: string;
  projectRoot: string;
  twin: string;
  functionName: string;
}

/**
 * Validates the options against the device-id contract and the workspace (no existing project,
 * folder or registry entry for the device). Throws before anything is written.
 */
export function normalizeOptions(tree: Tree, options: ProcessorGeneratorSchema): NormalizedProcessorOptions {
  const device = typeof options.device === 'string' ? options.device.trim() : options.device;
  if (!isDeviceId(device)) {
    throw new Error(
      `Invalid device id ${JSON.stringify(device)}: use 1-48 characters of lowercase letters, digits and '-', starting with a letter or digit (e.g. thermostat-2).`,
    );
  }
  const projectRoot = joinPathFragments(PROCESSORS_DIR, device);
  const projectName = processorProjectName(device);
  if (tree.exists(projectRoot)) throw new Error(`Device "${device}" already exists: ${projectRoot} is there. Pick another id or remove that folder.`);
  if (readRegistry(tree).some((entry) => entry.id === device)) {
    throw new Error(`Device "${device}" already exists in ${REGISTRY_PATH}. Pick another id or remove the entry.`);
  }
  const twin = readTwinName(tree);
  return {
    device,
    description: options.description?.trim() || `Processor for device ${device}`,
    memory: options.memory ?? 256,
    timeout: options.timeout ?? 10,
    projectName,
    projectRoot,
    twin,
    functionName: processorFunctionName(twin, device),
  };
}

function readTwinName(tree: Tree): string {
  const file = 'config/twin.json';
  if (!tree.exists(file)) throw new Error(`${file} is missing: the generator needs the twin name from it.`);
  const twin = (JSON.parse(tree.read(file, 'utf-8') ?? '{}') as { twinName?: unknown }).twinName;
  if (typeof twin !== 'string') throw new Error(`${file}: twinName is missing.`);
  return twin;
}
