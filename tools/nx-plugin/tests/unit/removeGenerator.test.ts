/**
 * The `remove` generator on an in-memory workspace: generate then remove leaves the tree exactly
 * as it was (registry byte-identical, no file left), a half-removed device is cleaned up, and an
 * invalid or unknown device id is refused before anything is written.
 */
import { addProjectConfiguration, getProjects, readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { processorGenerator } from '../../src/generators/processor/generator';
import { removeGenerator } from '../../src/generators/remove/generator';

const REGISTRY_PATH = 'config/config_iot_devices.json';
/** Sorted, as the generator keeps the registry (a remove keeps the order it finds). */
const EXISTING_DEVICES = [{ id: 'alpha-1', description: 'First one', memorySize: 128, timeout: 3 }, { id: 'pump-4' }, { id: 'zeta-9', description: 'Last one' }];
const REGISTRY_TEXT = `${JSON.stringify(EXISTING_DEVICES, null, 2)}\n`;

/** An empty workspace with the twin config, the registry, an existing processor and the plugin registered (as twinflow's). */
function createWorkspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  tree.delete('.oxfmtrc.json');
  tree.write('config/twin.json', JSON.stringify({ twinName: 'demo', region: 'eu-central-1' }));
  tree.write(REGISTRY_PATH, REGISTRY_TEXT);
  tree.write('processors/pump-4/serverless.yml', 'service: ${self:custom.twin}-pump-4-processor\n');
  updateNxJson(tree, { ...readNxJson(tree), plugins: ['@twinflow/nx-plugin'] });
  return tree;
}

/** Every pending change of the tree (path, kind, content): the whole state of an in-memory workspace. */
function changesOf(tree: Tree): Array<[string, string, string | undefined]> {
  return tree
    .listChanges()
    .map((change): [string, string, string | undefined] => [change.path, change.type, change.content?.toString('utf8')])
    .sort(([a], [b]) => a.localeCompare(b));
}

describe('removeGenerator', () => {
  it('undoes nx g processor: same files, byte-identical registry, no project', async () => {
    // Prepare
    const tree = createWorkspace();
    const before = changesOf(tree);
    await processorGenerator(tree, { device: 'thermostat-2', description: 'Hall', memory: 512, timeout: 20 });
    expect(tree.exists('processors/thermostat-2/sample.json')).toBe(true);
    expect(getProjects(tree).has('processor-thermostat-2')).toBe(true);

    // Act
    await removeGenerator(tree, { device: 'thermostat-2' });

    // Assess
    expect(changesOf(tree)).toEqual(before);
    expect(tree.read(REGISTRY_PATH, 'utf-8')).toBe(REGISTRY_TEXT);
    expect(tree.exists('processors/thermostat-2')).toBe(false);
    expect(getProjects(tree).has('processor-thermostat-2')).toBe(false);
    expect(tree.children('processors')).toEqual(['pump-4']);
  });

  it('removes an inferred project (no project.json) with its folder, and its registry entry', async () => {
    // Prepare
    const tree = createWorkspace();

    // Act
    await removeGenerator(tree, { device: 'pump-4' });

    // Assess
    expect(tree.exists('processors/pump-4')).toBe(false);
    expect(JSON.parse(tree.read(REGISTRY_PATH, 'utf-8') ?? '')).toEqual([EXISTING_DEVICES[0], EXISTING_DEVICES[2]]);
  });

  it('cleans up a half-removed device: only the registry entry left', async () => {
    const tree = createWorkspace();
    await removeGenerator(tree, { device: 'zeta-9' });
    expect(JSON.parse(tree.read(REGISTRY_PATH, 'utf-8') ?? '').map((entry: { id: string }) => entry.id)).toEqual(['alpha-1', 'pump-4']);
  });

  it('cleans up a half-removed device: only the folder left, registry untouched', async () => {
    const tree = createWorkspace();
    tree.write('processors/orphan-1/src/handler.ts', 'export {};\n');
    await removeGenerator(tree, { device: 'orphan-1' });
    expect(tree.exists('processors/orphan-1')).toBe(false);
    expect(tree.read(REGISTRY_PATH, 'utf-8')).toBe(REGISTRY_TEXT);
  });

  it('trims the id, like the processor generator', async () => {
    const tree = createWorkspace();
    await processorGenerator(tree, { device: 'boiler-3' });
    await removeGenerator(tree, { device: '  boiler-3 ' });
    expect(tree.exists('processors/boiler-3')).toBe(false);
  });

  it('returns a callback naming what was removed and what is left outside the tree', async () => {
    // Prepare
    const tree = createWorkspace();
    await processorGenerator(tree, { device: 'thermostat-2' });
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);

    // Act
    const callback = await removeGenerator(tree, { device: 'thermostat-2' });
    expect(log).not.toHaveBeenCalled();
    callback();

    // Assess
    const printed = String(log.mock.calls[0]?.[0]);
    expect(printed).toContain('Device thermostat-2 removed: project processor-thermostat-2, processors/thermostat-2/, its entry in config/config_iot_devices.json.');
    expect(printed).toContain('left   dist/processors/processor-thermostat-2* (build output, outside the workspace tree)');
    log.mockRestore();
  });

  describe('refusals', () => {
    it.each([
      ['a path', '../x'],
      ['a path into another folder', 'pump-4/../../config'],
      ['a glob character', 'a*'],
      ['upper case', 'Thermo'],
      ['the empty string', ''],
      ['a leading dash', '-thermo'],
      ['49 characters', 'a'.repeat(49)],
    ])('refuses a device id with %s (%j) before it becomes a path, and writes nothing', async (_case, device) => {
      // Prepare
      const tree = createWorkspace();
      const before = changesOf(tree);
      // Act / Assess
      await expect(removeGenerator(tree, { device })).rejects.toThrow(
        `Invalid device id ${JSON.stringify(device)}: use 1-48 characters of lowercase letters, digits and '-', starting with a letter or digit (e.g. thermostat-2).`,
      );
      expect(changesOf(tree)).toEqual(before);
    });

    it('refuses an unknown device clearly and writes nothing', async () => {
      const tree = createWorkspace();
      const before = changesOf(tree);
      await expect(removeGenerator(tree, { device: 'nope-1' })).rejects.toThrow(
        'Unknown device "nope-1": there is no processors/nope-1, no project processor-nope-1 and no entry in config/config_iot_devices.json. Nothing to remove.',
      );
      expect(changesOf(tree)).toEqual(before);
    });

    it('refuses a second remove of the same device', async () => {
      const tree = createWorkspace();
      await removeGenerator(tree, { device: 'pump-4' });
      await expect(removeGenerator(tree, { device: 'pump-4' })).rejects.toThrow(/^Unknown device "pump-4"/);
    });

    it('refuses a project of that name somewhere else, and writes nothing', async () => {
      const tree = createWorkspace();
      addProjectConfiguration(tree, 'processor-odd-1', { root: 'libs/odd-1', tags: [] });
      const before = changesOf(tree);
      await expect(removeGenerator(tree, { device: 'odd-1' })).rejects.toThrow('Project processor-odd-1 is at libs/odd-1, not processors/odd-1');
      expect(changesOf(tree)).toEqual(before);
    });
  });
});
