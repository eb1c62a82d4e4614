/**
 * The plugin's entry (`src/index.ts`, what Nx loads for `createNodes` on every command that builds
 * the project graph): it loads the plugin without the generators, and its generator exports load
 * and run the real ones when called.
 */
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';

const GENERATOR_MODULES = ['../../src/generators/processor/generator', '../../src/generators/remove/generator'];

describe('the plugin entry', () => {
  afterEach(() => {
    for (const module of GENERATOR_MODULES) jest.dontMock(module);
    jest.resetModules();
  });

  it('gives createNodes (and createNodesV2) without loading either generator', () => {
    // Prepare: a generator module that is loaded fails the load
    jest.resetModules();
    for (const module of GENERATOR_MODULES) {
      jest.doMock(module, () => {
        throw new Error(`${module} was loaded`);
      });
    }

    // Act
    const entry = jest.requireActual<typeof import('../../src/index')>('../../src/index');

    // Assess
    expect(entry.createNodesV2).toBe(entry.createNodes);
    expect(entry.createNodes[0]).toBe('**/{serverless.yml,package.json}');
    expect(typeof entry.processorGenerator).toBe('function');
  });

  it('runs the processor and remove generators when they are called', async () => {
    // Prepare
    jest.resetModules();
    const { processorGenerator, removeGenerator } = jest.requireActual<typeof import('../../src/index')>('../../src/index');
    const tree = createTreeWithEmptyWorkspace();
    tree.delete('.oxfmtrc.json');
    tree.write('config/twin.json', JSON.stringify({ twinName: 'demo', region: 'eu-central-1', retentionDays: 30 }));

    // Act
    await processorGenerator(tree, { device: 'pump-3' });
    const generated = tree.exists('processors/pump-3/src/handler.ts') && tree.read('config/config_iot_devices.json', 'utf-8');
    await removeGenerator(tree, { device: 'pump-3' });

    // Assess
    expect(generated).toContain('"id": "pump-3"');
    expect(tree.exists('processors/pump-3')).toBe(false);
    expect(JSON.parse(tree.read('config/config_iot_devices.json', 'utf-8') ?? 'null')).toEqual([]);
  });
});
