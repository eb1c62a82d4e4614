import { readNxJson, updateNxJson, type ProjectConfiguration, type Tree } from '@nx/devkit';
import type { NormalizedProcessorOptions } from './normalizeOptions';

/** The name the plugin is registered under in `nx.json` (its package name). */
export const PLUGIN_NAME = '@twinflow/nx-plugin';

/**
 * The processor's `project.json`: its name and tag only. Every target (`bundle`, `build`, `test`,
 * `typecheck`, `lint`, `deploy`) is inferred by the plugin from `processors/<device>/serverless.yml`
 * (`src/plugin/createNodes.ts`), as Nx's own generators leave targets to their registered plugin.
 */
export function processorProjectConfiguration(options: NormalizedProcessorOptions): ProjectConfiguration {
  return { name: options.projectName, root: options.projectRoot, tags: ['type:processor'] };
}

/**
 * Registers the plugin in `nx.json` when it is missing, so the new processor's targets are
 * inferred; a registration that is already there (a string or `{ plugin }`) is left as it is.
 *
 * @returns whether `nx.json` was changed
 */
export function ensurePluginRegistered(tree: Tree): boolean {
  const nxJson = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  if (plugins.some((entry) => (typeof entry === 'string' ? entry : entry.plugin) === PLUGIN_NAME)) return false;
  updateNxJson(tree, { ...nxJson, plugins: [...plugins, PLUGIN_NAME] });
  return true;
}
