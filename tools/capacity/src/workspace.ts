// What the calculator reads from the repository: the functions' memory (apps/*/serverless.yml,
// the device registry), the hot table's retention (config/twin.json) and the bench's durations
// (bench/results/latest.json).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROCESSOR_MEMORY_MB, loadDeviceRegistry, loadTwinConfig } from '@twinflow/core';
import { readDurations, type FunctionDurations, type PipelineFunction } from './durations';
import { CapacityInputError } from './errors';

/** The workspace root: this file is tools/capacity/src/workspace.ts. */
export const WORKSPACE = path.resolve(__dirname, '../../..');

/** Lambda's memory when a service sets none (the Serverless Framework's default). */
const SERVERLESS_DEFAULT_MEMORY_MB = 1024;

const SERVICES = { dispatcher: 'dispatcher', wrapper: 'wrapper', persister: 'persister' } as const satisfies Partial<Record<PipelineFunction, string>>;

/**
 * A service's memory in MB from its serverless.yml: its function's `memorySize`, else
 * `provider.memorySize`, else the framework's default. Read line by line (the templates carry
 * CloudFormation tags a plain YAML reader refuses); a value that is not a number is refused.
 */
export function serviceMemoryMb(yaml: string, file: string): number {
  let section = '';
  let provider: number | undefined;
  let fn: number | undefined;
  for (const line of yaml.split(/\r?\n/)) {
    const top = /^([A-Za-z_][\w-]*):/.exec(line);
    if (top) section = top[1] as string;
    const memory = /^( +)memorySize:\s*(.*?)\s*(#.*)?$/.exec(line);
    if (!memory) continue;
    const [, indent = '', value = ''] = memory;
    if (!/^\d+$/.test(value)) throw new CapacityInputError(`${file}: memorySize ${JSON.stringify(value)} is not a number of MB`);
    if (section === 'provider' && indent.length === 2) provider = Number(value);
    if (section === 'functions' && indent.length === 4) fn ??= Number(value);
  }
  return fn ?? provider ?? SERVERLESS_DEFAULT_MEMORY_MB;
}

/** Memory of the four functions, MB: the services' templates, and the registry's processors (their mean: readings spread evenly over devices). */
export function readMemorySizes(workspace: string = WORKSPACE): { memoryMb: Record<PipelineFunction, number>; processors: number } {
  const service = (fn: keyof typeof SERVICES): number => {
    const file = path.join(workspace, 'apps', SERVICES[fn], 'serverless.yml');
    return serviceMemoryMb(readFileSync(file, 'utf8'), path.relative(workspace, file));
  };
  const registry = loadDeviceRegistry(path.join(workspace, 'config/config_iot_devices.json'));
  const sizes = registry.map((entry) => entry.memorySize ?? PROCESSOR_MEMORY_MB.default);
  const processor = sizes.length === 0 ? PROCESSOR_MEMORY_MB.default : sizes.reduce((a, b) => a + b, 0) / sizes.length;
  return { memoryMb: { dispatcher: service('dispatcher'), wrapper: service('wrapper'), processor, persister: service('persister') }, processors: sizes.length };
}

/** Days the hot table keeps a reading (config/twin.json `retentionDays`). */
export function readRetentionDays(workspace: string = WORKSPACE): number {
  return loadTwinConfig(path.join(workspace, 'config/twin.json')).retentionDays;
}

/**
 * Durations from `file` (a durations or bench results file; an error if it holds none), or when no
 * file is named from bench/results/latest.json's function-durations benchmark when present
 * (`undefined` otherwise: the caller falls back on the documented defaults).
 *
 * @throws CapacityInputError for a file that cannot be read or holds no durations
 */
export function loadDurations(file: string | undefined, workspace: string = WORKSPACE): FunctionDurations | undefined {
  const named = file !== undefined;
  const target = path.resolve(named ? file : path.join(workspace, 'bench/results/latest.json'));
  if (!named && !existsSync(target)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(target, 'utf8'));
  } catch (error) {
    throw new CapacityInputError(`--durations: cannot read ${target}: ${error instanceof Error ? error.message : String(error)}`, '--durations');
  }
  const durations = readDurations(value, path.relative(workspace, target) || target);
  if (durations === undefined && named) throw new CapacityInputError(`--durations: ${target} holds no function durations (run the bench's function-durations benchmark, or give a durations file)`, '--durations');
  return durations;
}
