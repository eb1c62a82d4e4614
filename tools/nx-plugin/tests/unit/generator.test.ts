import type { Tree } from '@nx/devkit';
import { readProjectConfiguration } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { processorGenerator } from '../../src/generators/processor/generator';

const REGISTRY = 'config/config_iot_devices.json';

function workspace(registry: unknown[] = [{ id: 'zeta-1' }, { id: 'alpha-1', description: 'first' }]): Tree {
  const tree = createTreeWithEmptyWorkspace();
  tree.write('config/twin.json', JSON.stringify({ twinName: 'demo', region: 'eu-central-1', retentionDays: 30 }));
  tree.write(REGISTRY, JSON.stringify(registry));
  return tree;
}

function snapshot(tree: Tree): string {
  return JSON.stringify(tree.listChanges().map((change) => [change.path, change.type, change.content?.toString()]));
}

describe('processor generator', () => {
  it('creates the processor files', async () => {
    const tree = workspace();
    await processorGenerator(tree, { device: 'thermostat-2' });
    for (const file of ['src/handler.ts', 'src/handler.spec.ts', 'project.json', 'tsconfig.json', 'tsconfig.lib.json', 'jest.config.js', 'serverless.yml', 'README.md']) {
      expect(tree.exists(`processors/thermostat-2/${file}`)).toBe(true);
    }
    expect(tree.read('processors/thermostat-2/src/handler.ts', 'utf-8')).toMatch(/export const handler = defineProcessor\(/);
    expect(tree.read('processors/thermostat-2/src/handler.ts', 'utf-8')).toContain("from '@twinflow/core'");
    const serverless = tree.read('processors/thermostat-2/serverless.yml', 'utf-8') ?? '';
    expect(serverless).toContain('name: ${self:custom.twin}-thermostat-2-processor');
    expect(serverless).toContain('artifact: ../../dist/processors/processor-thermostat-2.zip');
    expect(serverless).toContain('handler: index.handler');
  });

  it('registers the project with its targets and tag', async () => {
    const tree = workspace();
    await processorGenerator(tree, { device: 'thermostat-2' });
    const project = readProjectConfiguration(tree, 'processor-thermostat-2');
    expect(project.root).toBe('processors/thermostat-2');
    expect(project.tags).toEqual(['type:processor']);
    expect(Object.keys(project.targets ?? {}).sort()).toEqual(['build', 'bundle', 'deploy', 'lint', 'test', 'typecheck']);
    expect(project.targets?.['bundle']?.executor).toBe('@nx/esbuild:esbuild');
    expect(project.targets?.['bundle']?.options).toMatchObject({ external: ['@aws-sdk/*'], minify: true, outputFileName: 'index.js' });
    expect(project.targets?.['build']?.outputs).toEqual([
      '{workspaceRoot}/dist/processors/processor-thermostat-2.zip',
      '{workspaceRoot}/dist/processors/processor-thermostat-2.zip.sha256',
    ]);
    expect(project.targets?.['deploy']?.options).toMatchObject({ command: 'serverless deploy --stage {args.stage}', stage: 'dev' });
    expect(project.targets?.['deploy']?.configurations?.['local']?.['command']).toBe('node tools/scripts/deploy-local.mjs thermostat-2');
  });

  it('adds the device to the registry, sorted, keeping the others', async () => {
    const tree = workspace();
    await processorGenerator(tree, { device: 'mid-1', description: 'Middle', memory: 512, timeout: 20 });
    expect(JSON.parse(tree.read(REGISTRY, 'utf-8') ?? '')).toEqual([
      { id: 'alpha-1', description: 'first' },
      { id: 'mid-1', description: 'Middle', memorySize: 512, timeout: 20 },
      { id: 'zeta-1' },
    ]);
    const serverless = tree.read('processors/mid-1/serverless.yml', 'utf-8') ?? '';
    expect(serverless).toContain('memorySize: 512');
    expect(serverless).toContain('timeout: 20');
    expect(serverless).toContain('description: "Middle"');
    expect(tree.read('processors/mid-1/README.md', 'utf-8')).toContain('Middle');
  });

  it.each(['../x', 'a*', 'Thermo', 'thermo stat', 'a'.repeat(49), '', '-lead', 'thermost\u0430t'])('rejects device id %j and writes nothing', async (device) => {
    const tree = workspace();
    const before = snapshot(tree);
    await expect(processorGenerator(tree, { device })).rejects.toThrow(/Invalid device id .*lowercase letters, digits and '-'/);
    expect(snapshot(tree)).toBe(before);
  });

  it('rejects a device whose folder exists, and one already registered, writing nothing', async () => {
    const tree = workspace();
    tree.write('processors/taken-1/README.md', 'x');
    let before = snapshot(tree);
    await expect(processorGenerator(tree, { device: 'taken-1' })).rejects.toThrow(/Device "taken-1" already exists: processors\/taken-1/);
    expect(snapshot(tree)).toBe(before);
    before = snapshot(tree);
    await expect(processorGenerator(tree, { device: 'alpha-1' })).rejects.toThrow(/Device "alpha-1" already exists in config\/config_iot_devices\.json/);
    expect(snapshot(tree)).toBe(before);
  });
});
