import { formatFiles, getProjects, joinPathFragments, removeProjectConfiguration, type Tree } from '@nx/devkit';
import { processorProjectName } from '@twinflow/core';
import { PROCESSORS_DIR, readDeviceOption } from '../processor/normalizeOptions';
import { readRegistry, REGISTRY_PATH, removeFromRegistry } from '../processor/registry';
import type { RemoveGeneratorSchema } from './schema';

/**
 * `nx g @twinflow/nx-plugin:remove <device>` (alias `remove-processor`): the reverse of
 * `nx g processor`. Deletes `processors/<device>`, its Nx project `processor-<device>` (its
 * `project.json` through `removeProjectConfiguration`; an inferred project goes with its folder)
 * and its entry in `config/config_iot_devices.json`, whichever of them exist, so a half-removed
 * device can be cleaned up too. An invalid device id is refused before it becomes part of a path;
 * a device with none of the three is refused as unknown; both write nothing.
 *
 * Left alone, and said so: the build output `dist/processors/processor-<device>*` (not part of
 * the workspace tree) and any deployed function.
 *
 * @example
 * ```bash
 * npx nx g @twinflow/nx-plugin:remove thermostat-2 --dry-run
 * npx nx g remove-processor thermostat-2
 * ```
 */
export async function removeGenerator(tree: Tree, schema: RemoveGeneratorSchema): Promise<() => void> {
  const device = readDeviceOption(schema.device);
  const projectRoot = joinPathFragments(PROCESSORS_DIR, device);
  const projectName = processorProjectName(device);
  const project = getProjects(tree).get(projectName);
  const hasFolder = tree.exists(projectRoot);
  const registered = readRegistry(tree).some((entry) => entry.id === device);
  if (!hasFolder && !registered && project === undefined) {
    throw new Error(`Unknown device "${device}": there is no ${projectRoot}, no project ${projectName} and no entry in ${REGISTRY_PATH}. Nothing to remove.`);
  }
  if (project !== undefined && project.root !== projectRoot) {
    throw new Error(`Project ${projectName} is at ${project.root}, not ${projectRoot}: it was not made by \`nx g processor\`; remove it by hand.`);
  }

  const removed: string[] = [];
  if (project !== undefined && tree.exists(joinPathFragments(projectRoot, 'project.json'))) {
    removeProjectConfiguration(tree, projectName);
    removed.push(`project ${projectName}`);
  }
  if (hasFolder) {
    tree.delete(projectRoot);
    removed.push(`${projectRoot}/`);
  }
  if (removeFromRegistry(tree, device)) removed.push(`its entry in ${REGISTRY_PATH}`);
  await formatFiles(tree);
  return () => {
    console.log(
      [
        '',
        `Device ${device} removed: ${removed.join(', ')}.`,
        `  left   dist/processors/${projectName}* (build output, outside the workspace tree): rm -rf dist/processors/${projectName}*`,
        `  left   any deployed function of it: it stays deployed until its stack is removed`,
      ].join('\n'),
    );
  };
}

export default removeGenerator;
