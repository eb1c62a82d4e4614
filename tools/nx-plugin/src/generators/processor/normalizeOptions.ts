import { type Tree, joinPathFragments } from '@nx/devkit';
import {
  checkDeploymentNames,
  isDeviceId,
  maxDeviceIdLength,
  NameTooLongError,
  parseTwinConfig,
  PROCESSOR_MEMORY_MB,
  PROCESSOR_TIMEOUT_S,
  processorFunctionName,
  processorProjectName,
  type TwinConfig,
} from '@twinflow/core';
import type { ProcessorGeneratorSchema } from './schema';
import { readRegistry, REGISTRY_PATH } from './registry';

/** Where processors live. */
export const PROCESSORS_DIR = 'processors';
/** The twin config: twin name, region and the stages whose names must fit AWS's limits. */
export const TWIN_CONFIG_PATH = 'config/twin.json';

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
 * The positional device id of `processor` and `remove`, trimmed and checked with core's
 * `isDeviceId` before it becomes part of any path or name.
 *
 * @throws Error `Invalid device id "<id>": use 1-48 characters …`
 */
export function readDeviceOption(value: unknown): string {
  const device = typeof value === 'string' ? value.trim() : value;
  if (!isDeviceId(device)) {
    throw new Error(
      `Invalid device id ${JSON.stringify(device)}: use 1-48 characters of lowercase letters, digits and '-', starting with a letter or digit (e.g. thermostat-2).`,
    );
  }
  return device;
}

/**
 * Validates the options against the device-id contract, the workspace (no existing project,
 * folder or registry entry for the device) and AWS's name limits (every name derived for the
 * device fits in every stage of `config/twin.json`). Throws before anything is written.
 */
export function normalizeOptions(tree: Tree, options: ProcessorGeneratorSchema): NormalizedProcessorOptions {
  const device = readDeviceOption(options.device);
  const projectRoot = joinPathFragments(PROCESSORS_DIR, device);
  const projectName = processorProjectName(device);
  if (tree.exists(projectRoot)) throw new Error(`Device "${device}" already exists: ${projectRoot} is there. Pick another id or remove that folder.`);
  if (readRegistry(tree).some((entry) => entry.id === device)) {
    throw new Error(`Device "${device}" already exists in ${REGISTRY_PATH}. Pick another id or remove the entry.`);
  }
  const memory = sizing('memory', options.memory, PROCESSOR_MEMORY_MB, 'MB');
  const timeout = sizing('timeout', options.timeout, PROCESSOR_TIMEOUT_S, 's');
  const twinConfig = readTwinConfig(tree);
  assertNamesFit(device, twinConfig);
  const twin = twinConfig.twinName;
  return {
    device,
    description: options.description?.trim() || `Processor for device ${device}`,
    memory,
    timeout,
    projectName,
    projectRoot,
    twin,
    functionName: processorFunctionName(twin, device),
  };
}

/**
 * `--memory` / `--timeout`: an integer in Lambda's range (core's `PROCESSOR_MEMORY_MB`,
 * `PROCESSOR_TIMEOUT_S`, the same the registry is checked with), else that range's default. Nx
 * does not enforce the schema's minimum and maximum, so the generator does, before writing.
 */
function sizing(option: string, value: unknown, range: { default: number; min: number; max: number }, unit: string): number {
  if (value === undefined) return range.default;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw new Error(`Invalid --${option} ${JSON.stringify(value)}: use an integer from ${range.min} to ${range.max} (${unit}); the default is ${range.default}.`);
  }
  return value;
}

/** Reads and validates the workspace's twin config (defaults applied, e.g. `stages: ["dev"]`). */
function readTwinConfig(tree: Tree): TwinConfig {
  const text = tree.read(TWIN_CONFIG_PATH, 'utf-8');
  if (text === null) throw new Error(`${TWIN_CONFIG_PATH} is missing: the generator needs the twin name, region and stages from it.`);
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`${TWIN_CONFIG_PATH}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  return parseTwinConfig(value, TWIN_CONFIG_PATH);
}

/**
 * Refuses a device whose derived names (function, role, log group, stack) would overflow AWS's
 * limits in any configured stage, naming the stage, the name, the limit, and the longest id that
 * fits every stage.
 */
function assertNamesFit(device: string, { twinName: twin, region, stages }: TwinConfig): void {
  for (const stage of stages) {
    try {
      checkDeploymentNames({ twin, region, stage, devices: [device] });
    } catch (err) {
      if (!(err instanceof NameTooLongError)) throw err;
      const longest = Math.min(...stages.map((each) => maxDeviceIdLength({ twin, region, stage: each })));
      throw new Error(
        `Device id "${device}" is too long for twin "${twin}" in stage "${stage}": ${err.message}. ` +
          `Ids of at most ${longest} characters fit every stage of ${TWIN_CONFIG_PATH} (${stages.join(', ')}).`,
        { cause: err },
      );
    }
  }
}
