import { addProjectConfiguration, formatFiles, generateFiles, type Tree } from '@nx/devkit';
import path from 'node:path';
import { normalizeOptions } from './normalizeOptions';
import { ensurePluginRegistered, processorProjectConfiguration } from './projectConfiguration';
import { addToRegistry } from './registry';
import type { ProcessorGeneratorSchema } from './schema';

/**
 * `nx g processor <device>`: scaffolds `processors/<device>` (handler written with
 * `defineProcessor`, a sample reading `sample.json` that the handler accepts, a passing spec that
 * runs it, tsconfig, jest config, a serverless.yml whose memory and timeout are the registry's,
 * README), registers the Nx project `processor-<device>` (name and tag only: the plugin infers its
 * bundle, build, test, typecheck, lint and deploy targets from its serverless.yml, and is
 * registered in nx.json if it is missing), and adds the device to `config/config_iot_devices.json`
 * (sorted, no duplicates). `nx g @twinflow/nx-plugin:remove <device>` undoes all of it. An invalid
 * or existing device id, or one whose names would overflow AWS's limits in a stage of
 * `config/twin.json` (`stages`, default `["dev"]`), fails before anything is written.
 *
 * @example
 * ```bash
 * npx nx g processor thermostat-2 --description="Hall thermostat" --memory=256 --timeout=10
 * ```
 */
export async function processorGenerator(tree: Tree, schema: ProcessorGeneratorSchema): Promise<() => void> {
  const options = normalizeOptions(tree, schema);
  generateFiles(tree, path.join(__dirname, 'files'), options.projectRoot, { ...options, tmpl: '' });
  addProjectConfiguration(tree, options.projectName, processorProjectConfiguration(options));
  ensurePluginRegistered(tree);
  addToRegistry(tree, {
    id: options.device,
    description: options.description,
    memorySize: options.memory,
    timeout: options.timeout,
  });
  await formatFiles(tree);
  return () => {
    console.log(
      [
        '',
        `Processor ${options.projectName} is ready (function ${options.functionName}).`,
        `  edit   ${options.projectRoot}/sample.json (what the device sends; the local twin simulates it)`,
        `  edit   ${options.projectRoot}/src/handler.ts`,
        `  test   npx nx test ${options.projectName}`,
        `  build  npx nx build ${options.projectName}   → dist/processors/${options.projectName}.zip`,
        `  deploy npx nx run ${options.projectName}:deploy [-c local]`,
      ].join('\n'),
    );
  };
}

export default processorGenerator;
