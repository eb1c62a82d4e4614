/**
 * The `processor` generator on an in-memory workspace: the files it writes, the Nx project it
 * registers, the registry entry it adds, and that a bad or taken device id, or one whose names
 * overflow AWS's limits in a configured stage, fails before anything is written.
 */
import { getProjects, readJson, readNxJson, readProjectConfiguration, updateNxJson, type TargetConfiguration, type Tree } from '@nx/devkit';
import { NameTooLongError, parseDeviceSample } from '@twinflow/core';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { processorGenerator } from '../../src/generators/processor/generator';
import { nodesFor } from '../../src/plugin/createNodes';
import type { ProcessorGeneratorSchema } from '../../src/generators/processor/schema';

const REGISTRY_PATH = 'config/config_iot_devices.json';
const TWIN_CONFIG = { twinName: 'demo', region: 'eu-central-1', retentionDays: 30 };
const EXISTING_DEVICES = [
  { id: 'zeta-9', description: 'Last one' },
  { id: 'alpha-1', description: 'First one', memorySize: 128, timeout: 3 },
  { id: 'pump-4' },
];
const GENERATED_FILES = [
  'sample.json',
  'src/handler.ts',
  'src/handler.spec.ts',
  'project.json',
  'tsconfig.json',
  'tsconfig.lib.json',
  'jest.config.js',
  'serverless.yml',
  'README.md',
];

type RegistryEntry = Record<string, unknown> & { id: string };

/**
 * An empty Nx workspace holding the twin config and, unless `null`, a device registry. Like
 * twinflow it configures no formatter (the test workspace's `.oxfmtrc.json` would make
 * formatFiles look for an oxfmt that is not installed).
 */
function createWorkspace(registry: unknown[] | null = EXISTING_DEVICES, twinConfig: Record<string, unknown> = TWIN_CONFIG): Tree {
  const tree = createTreeWithEmptyWorkspace();
  tree.delete('.oxfmtrc.json');
  tree.write('config/twin.json', JSON.stringify(twinConfig));
  if (registry) tree.write(REGISTRY_PATH, `${JSON.stringify(registry, null, 2)}\n`);
  return tree;
}

/** A workspace with the default registry after one run of the generator. */
async function generated(options: ProcessorGeneratorSchema = { device: 'thermostat-2' }): Promise<Tree> {
  const tree = createWorkspace();
  await processorGenerator(tree, options);
  return tree;
}

/**
 * Every pending change of the tree (path, kind, content), registry included: what a refused run
 * must leave exactly as it was.
 */
function changesOf(tree: Tree): Array<[string, string, string | undefined]> {
  return tree
    .listChanges()
    .map((change): [string, string, string | undefined] => [change.path, change.type, change.content?.toString('utf8')])
    .sort(([a], [b]) => a.localeCompare(b));
}

function read(tree: Tree, file: string): string {
  const content = tree.read(file, 'utf-8');
  if (content === null) throw new Error(`${file} was not written`);
  return content;
}

function registryOf(tree: Tree): RegistryEntry[] {
  return JSON.parse(read(tree, REGISTRY_PATH)) as RegistryEntry[];
}

describe('processorGenerator', () => {
  describe('files', () => {
    it('creates every file of processors/<device>', async () => {
      // Act
      const tree = await generated();
      // Assess
      for (const file of GENERATED_FILES) expect(tree.exists(`processors/thermostat-2/${file}`)).toBe(true);
      const created = tree
        .listChanges()
        .filter((change) => change.path.startsWith('processors/thermostat-2/'))
        .map((change) => change.path.replace('processors/thermostat-2/', ''))
        .sort();
      expect(created).toEqual([...GENERATED_FILES].sort());
    });

    it('writes a handler built with defineProcessor from @twinflow/core', async () => {
      const tree = await generated();
      const handler = read(tree, 'processors/thermostat-2/src/handler.ts');
      expect(handler).toContain("import { defineProcessor } from '@twinflow/core';");
      expect(handler).toMatch(/export const handler = defineProcessor\(async \(event\) => \{/);
      expect(handler).toContain('Processor of device "thermostat-2" (Lambda function demo-thermostat-2-processor)');
      expect(handler).not.toMatch(/<%|%>/);
    });

    it('writes a spec that calls the handler for this device and twin', async () => {
      const tree = await generated();
      const spec = read(tree, 'processors/thermostat-2/src/handler.spec.ts');
      expect(spec).toContain("import { handler } from './handler';");
      expect(spec).toContain("describe('processor-thermostat-2'");
      expect(spec).toContain("twin: 'demo'");
      expect(spec).toContain("deviceId: 'thermostat-2'");
      expect(spec).toContain("{ device: 'thermostat-2', readings: { value: sample.value }, fields: Object.keys(sample).length }");
    });

    it("writes a sample reading beside the handler that core's sample reader accepts, and the spec runs it", async () => {
      // Act
      const tree = await generated();
      // Assess
      const sample: unknown = JSON.parse(read(tree, 'processors/thermostat-2/sample.json'));
      expect(parseDeviceSample(sample, 'processors/thermostat-2/sample.json')).toEqual({ value: 50, status: 'ok' });
      expect(read(tree, 'processors/thermostat-2/sample.json')).toBe('{\n  "value": 50,\n  "status": "ok"\n}\n');
      const spec = read(tree, 'processors/thermostat-2/src/handler.spec.ts');
      expect(spec).toContain("import sample from '../sample.json';");
      expect(spec).toContain('await handler(reading(sample))');
      expect(spec).toContain("parseDeviceSample(sample, 'sample.json')");
      expect(read(tree, 'processors/thermostat-2/README.md')).toContain('`sample.json` is a sample of what the device sends');
    });

    it('writes tsconfig, tsconfig.lib and jest config pointing two levels up to the workspace root', async () => {
      const tree = await generated();
      const tsconfig = JSON.parse(read(tree, 'processors/thermostat-2/tsconfig.json')) as { extends: string; include: string[] };
      const tsconfigLib = JSON.parse(read(tree, 'processors/thermostat-2/tsconfig.lib.json')) as { extends: string; exclude: string[] };
      expect(tsconfig.extends).toBe('../../tsconfig.base.json');
      expect(tsconfig.include).toEqual(['src/**/*.ts']);
      expect(tsconfigLib.extends).toBe('../../tsconfig.base.json');
      expect(tsconfigLib.exclude).toEqual(['src/**/*.spec.ts']);
      const jestConfig = read(tree, 'processors/thermostat-2/jest.config.js');
      expect(jestConfig).toContain("require('../../jest.preset.js')");
      expect(jestConfig).toContain("displayName: 'processor-thermostat-2'");
    });

    it('writes a serverless.yml deploying the zip as {twin}-{device}-processor', async () => {
      const tree = await generated();
      const serverless = read(tree, 'processors/thermostat-2/serverless.yml');
      expect(serverless).toMatch(/^# demo-thermostat-2-processor: the processor of device thermostat-2\b/);
      expect(serverless).toContain('service: ${self:custom.twin}-thermostat-2-processor');
      expect(serverless).toContain('twin: ${file(../../config/twin.json):twinName}');
      expect(serverless).toContain('  device: thermostat-2\n');
      // Function and role names of the stage come from @twinflow/core (checked against AWS's limits).
      expect(serverless).toContain('    name: ${self:custom.names.function}');
      expect(serverless).toContain('      name: ${self:custom.names.role}');
      expect(serverless).toContain('  artifact: ../../dist/processors/processor-thermostat-2.zip');
      expect(serverless).toContain('    handler: index.handler');
      // Memory and timeout are the registry's (through serverlessNames.cjs), never a copy.
      expect(serverless).toContain('    memorySize: ${self:custom.names.memorySize}\n');
      expect(serverless).toContain('    timeout: ${self:custom.names.timeout}\n');
      expect(serverless).not.toMatch(/memorySize: \d|timeout: \d/);
      expect(serverless).toContain('    description: "Processor for device thermostat-2"');
    });

    it('writes a README naming the project, the function and the default sizing', async () => {
      const tree = await generated();
      const readme = read(tree, 'processors/thermostat-2/README.md');
      expect(readme).toMatch(/^# processor-thermostat-2\n/);
      expect(readme).toContain('`demo-thermostat-2-processor` (256 MB, 10 s when generated: its `memorySize` and `timeout`\nlive in `config/config_iot_devices.json`)');
      expect(readme).toContain('npx nx build processor-thermostat-2');
    });

    it('returns a callback that prints the next steps', async () => {
      const tree = createWorkspace();
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      const callback = await processorGenerator(tree, { device: 'thermostat-2' });
      expect(log).not.toHaveBeenCalled();
      callback();
      expect(log).toHaveBeenCalledTimes(1);
      expect(String(log.mock.calls[0]?.[0])).toContain('Processor processor-thermostat-2 is ready (function demo-thermostat-2-processor).');
    });
  });

  describe('project configuration', () => {
    /** The targets the registered plugin infers for the generated processor (from its serverless.yml). */
    const inferred = async (): Promise<Record<string, TargetConfiguration>> => {
      const tree = await generated();
      expect(tree.exists('processors/thermostat-2/serverless.yml')).toBe(true);
      return nodesFor('processors/thermostat-2/serverless.yml').projects?.['processors/thermostat-2']?.targets ?? {};
    };

    it('registers processor-thermostat-2 at processors/thermostat-2 with the processor tag, and writes no target configuration', async () => {
      const tree = await generated();
      const project = readProjectConfiguration(tree, 'processor-thermostat-2');
      expect(project.name).toBe('processor-thermostat-2');
      expect(project.root).toBe('processors/thermostat-2');
      expect(project.tags).toEqual(['type:processor']);
      expect(readJson(tree, 'processors/thermostat-2/project.json')).toEqual({
        name: 'processor-thermostat-2',
        $schema: '../../node_modules/nx/schemas/project-schema.json',
        tags: ['type:processor'],
      });
      const node = nodesFor('processors/thermostat-2/serverless.yml').projects?.['processors/thermostat-2'];
      expect(node).toMatchObject({ name: 'processor-thermostat-2', sourceRoot: 'processors/thermostat-2/src', projectType: 'application' });
      expect(Object.keys(node?.targets ?? {}).sort()).toEqual(['build', 'bundle', 'deploy', 'lint', 'test', 'typecheck']);
    });

    it('registers the plugin in nx.json when it is missing, once, keeping the other plugins', async () => {
      const tree = createWorkspace();
      updateNxJson(tree, { ...readNxJson(tree), plugins: ['@nx/js/typescript'] });
      await processorGenerator(tree, { device: 'thermostat-2' });
      await processorGenerator(tree, { device: 'thermostat-3' });
      expect(readNxJson(tree)?.plugins).toEqual(['@nx/js/typescript', '@twinflow/nx-plugin']);
      const registered = createWorkspace();
      updateNxJson(registered, { ...readNxJson(registered), plugins: [{ plugin: '@twinflow/nx-plugin', include: ['processors/**/*'] }] });
      await processorGenerator(registered, { device: 'thermostat-2' });
      expect(readNxJson(registered)?.plugins).toEqual([{ plugin: '@twinflow/nx-plugin', include: ['processors/**/*'] }]);
    });

    it('bundles src/handler.ts with esbuild, minified, leaving the AWS SDK to the runtime', async () => {
      const bundle = (await inferred())['bundle'];
      expect(bundle?.executor).toBe('@nx/esbuild:esbuild');
      expect(bundle?.cache).toBe(true);
      expect(bundle?.options).toMatchObject({
        main: 'processors/thermostat-2/src/handler.ts',
        outputPath: 'dist/processors/processor-thermostat-2',
        outputFileName: 'index.js',
        tsConfig: 'processors/thermostat-2/tsconfig.lib.json',
        platform: 'node',
        format: ['cjs'],
        bundle: true,
        minify: true,
        external: ['@aws-sdk/*'],
      });
    });

    it('builds the deterministic zip and its sha256, after the bundle and the typecheck, cached', async () => {
      const build = (await inferred())['build'];
      expect(build?.dependsOn).toEqual(['bundle', 'typecheck']);
      expect(build?.cache).toBe(true);
      expect(build?.outputs).toEqual([
        '{workspaceRoot}/dist/processors/processor-thermostat-2.zip',
        '{workspaceRoot}/dist/processors/processor-thermostat-2.zip.sha256',
      ]);
      // The exact commands are createNodes' (see createNodes.test.ts); here: inferred for this device.
      expect(build?.options).toEqual({ command: expect.stringMatching(/ thermostat-2$/) });
      expect(build?.configurations?.['sourcemap']).toEqual({ command: expect.stringMatching(/ thermostat-2 --sourcemap$/) });
    });

    it('deploys with the workspace deploy target default, or into the local twin with -c local', async () => {
      const deploy = (await inferred())['deploy'];
      expect(deploy).toEqual({ configurations: { local: { command: expect.stringMatching(/ thermostat-2$/) } } });
    });

    it('leaves test, typecheck and lint to the workspace target defaults', async () => {
      const targets = await inferred();
      expect([targets['test'], targets['typecheck'], targets['lint']]).toEqual([{}, {}, {}]);
    });
  });

  describe('device registry', () => {
    it('adds the device with the default sizing, sorted by id, keeping every other entry as it was', async () => {
      const tree = await generated();
      expect(registryOf(tree)).toEqual([
        { id: 'alpha-1', description: 'First one', memorySize: 128, timeout: 3 },
        { id: 'pump-4' },
        { id: 'thermostat-2', description: 'Processor for device thermostat-2', memorySize: 256, timeout: 10 },
        { id: 'zeta-9', description: 'Last one' },
      ]);
    });

    it('keeps ids unique and sorted over several generated devices', async () => {
      const tree = createWorkspace();
      for (const device of ['pump-10', '0-gateway', 'pump-1', 'zz-last']) await processorGenerator(tree, { device });
      const ids = registryOf(tree).map((entry) => entry.id);
      expect(ids).toEqual(['0-gateway', 'alpha-1', 'pump-1', 'pump-10', 'pump-4', 'zeta-9', 'zz-last']);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('creates the registry when the workspace has none yet', async () => {
      const tree = createWorkspace(null);
      await processorGenerator(tree, { device: 'first-1' });
      expect(registryOf(tree)).toEqual([{ id: 'first-1', description: 'Processor for device first-1', memorySize: 256, timeout: 10 }]);
    });

    it('writes --description, --memory and --timeout into the registry and README (serverless.yml reads the registry)', async () => {
      // Act
      const tree = await generated({ device: 'boiler-3', description: 'Basement boiler, flow temperature', memory: 512, timeout: 20 });
      // Assess
      expect(registryOf(tree)).toEqual([
        { id: 'alpha-1', description: 'First one', memorySize: 128, timeout: 3 },
        { id: 'boiler-3', description: 'Basement boiler, flow temperature', memorySize: 512, timeout: 20 },
        { id: 'pump-4' },
        { id: 'zeta-9', description: 'Last one' },
      ]);
      const serverless = read(tree, 'processors/boiler-3/serverless.yml');
      expect(serverless).toContain('    description: "Basement boiler, flow temperature"');
      expect(serverless).toContain('    memorySize: ${self:custom.names.memorySize}\n');
      expect(serverless).toContain('    timeout: ${self:custom.names.timeout}\n');
      const readme = read(tree, 'processors/boiler-3/README.md');
      expect(readme).toContain('Processor of device **boiler-3** — Basement boiler, flow temperature.');
      expect(readme).toContain('`demo-boiler-3-processor` (512 MB, 20 s when generated');
    });

    it('quotes a description with YAML-significant characters in serverless.yml and keeps it verbatim in the registry', async () => {
      const description = 'Pump "P4": inlet #2 — on/off';
      const tree = await generated({ device: 'pump-5', description });
      expect(registryOf(tree).find((entry) => entry.id === 'pump-5')?.description).toBe(description);
      expect(read(tree, 'processors/pump-5/serverless.yml')).toContain(`    description: ${JSON.stringify(description)}\n`);
    });
  });

  describe('refusals', () => {
    it.each([
      ['a path', '../x'],
      ['a glob character', 'a*'],
      ['upper case', 'Thermo'],
      ['a space', 'thermo stat'],
      ['49 characters', 'a'.repeat(49)],
      ['the empty string', ''],
      ['a leading dash', '-thermo'],
      ['a Cyrillic look-alike letter', 'thermost\u0430t-1'],
    ])('rejects a device id with %s (%j) and writes nothing', async (_case, device) => {
      // Prepare
      const tree = createWorkspace();
      const before = changesOf(tree);
      // Act
      const run = processorGenerator(tree, { device });
      // Assess
      await expect(run).rejects.toThrow(
        `Invalid device id ${JSON.stringify(device)}: use 1-48 characters of lowercase letters, digits and '-', starting with a letter or digit (e.g. thermostat-2).`,
      );
      expect(changesOf(tree)).toEqual(before);
    });

    it.each<[string, Partial<ProcessorGeneratorSchema>, string]>([
      ['--memory 99999', { memory: 99999 }, 'Invalid --memory 99999: use an integer from 128 to 10240 (MB); the default is 256.'],
      ['--memory 127', { memory: 127 }, 'Invalid --memory 127: use an integer from 128 to 10240 (MB); the default is 256.'],
      ['--memory 256.5', { memory: 256.5 }, 'Invalid --memory 256.5: use an integer from 128 to 10240 (MB); the default is 256.'],
      ['--timeout 0', { timeout: 0 }, 'Invalid --timeout 0: use an integer from 1 to 900 (s); the default is 10.'],
      ['--timeout 901', { timeout: 901 }, 'Invalid --timeout 901: use an integer from 1 to 900 (s); the default is 10.'],
    ])('rejects %s (outside the range the registry is checked with) and writes nothing', async (_case, sizing, message) => {
      // Prepare
      const tree = createWorkspace();
      const before = changesOf(tree);
      // Act / Assess
      await expect(processorGenerator(tree, { device: 'thermostat-2', ...sizing })).rejects.toThrow(message);
      expect(changesOf(tree)).toEqual(before);
    });

    it('accepts the bounds of both ranges', async () => {
      const tree = await generated({ device: 'edge-1', memory: 10240, timeout: 1 });
      expect(registryOf(tree).find((entry) => entry.id === 'edge-1')).toMatchObject({ memorySize: 10240, timeout: 1 });
    });

    it('accepts an id of exactly 48 characters', async () => {
      const device = `d${'0'.repeat(47)}`;
      const tree = await generated({ device });
      expect(readProjectConfiguration(tree, `processor-${device}`).root).toBe(`processors/${device}`);
    });

    it('rejects a device whose folder already exists and writes nothing', async () => {
      const tree = createWorkspace();
      tree.write('processors/taken-1/notes.md', 'hand-made');
      const before = changesOf(tree);
      await expect(processorGenerator(tree, { device: 'taken-1' })).rejects.toThrow(
        'Device "taken-1" already exists: processors/taken-1 is there. Pick another id or remove that folder.',
      );
      expect(changesOf(tree)).toEqual(before);
      expect(tree.children('processors/taken-1')).toEqual(['notes.md']);
    });

    it('rejects a device already in the registry and writes nothing', async () => {
      const tree = createWorkspace();
      const before = changesOf(tree);
      await expect(processorGenerator(tree, { device: 'pump-4' })).rejects.toThrow(
        'Device "pump-4" already exists in config/config_iot_devices.json. Pick another id or remove the entry.',
      );
      expect(changesOf(tree)).toEqual(before);
    });

    it('rejects the same device generated twice, leaving the first run intact', async () => {
      const tree = await generated();
      const before = changesOf(tree);
      await expect(processorGenerator(tree, { device: 'thermostat-2', description: 'again' })).rejects.toThrow(/Device "thermostat-2" already exists/);
      expect(changesOf(tree)).toEqual(before);
      expect(registryOf(tree).filter((entry) => entry.id === 'thermostat-2')).toHaveLength(1);
    });

    it('rejects an invalid config/twin.json, naming the field, and writes nothing', async () => {
      // Prepare
      const tree = createWorkspace(EXISTING_DEVICES, { ...TWIN_CONFIG, stages: ['dev', 'prod-eu'] });
      const before = changesOf(tree);
      // Act
      const run = processorGenerator(tree, { device: 'thermostat-2' });
      // Assess
      await expect(run).rejects.toThrow('config/twin.json: invalid configuration — stages.1: must be 1-16 lowercase letters and digits, starting with a letter');
      expect(changesOf(tree)).toEqual(before);
    });

    it('rejects a config/twin.json that is not JSON and writes nothing', async () => {
      const tree = createWorkspace();
      tree.write('config/twin.json', '{ "twinName": ');
      const before = changesOf(tree);
      await expect(processorGenerator(tree, { device: 'thermostat-2' })).rejects.toThrow(/^config\/twin\.json: not valid JSON/);
      expect(changesOf(tree)).toEqual(before);
    });

    it('rejects a workspace without config/twin.json and writes nothing', async () => {
      const tree = createWorkspace();
      tree.delete('config/twin.json');
      const before = changesOf(tree);
      await expect(processorGenerator(tree, { device: 'thermostat-2' })).rejects.toThrow('config/twin.json is missing');
      expect(changesOf(tree)).toEqual(before);
    });
  });

  describe('AWS name limits', () => {
    /** A 48-character device id: the longest the id pattern allows. */
    const device48 = `d${'0'.repeat(47)}`;
    /** A 24-character twin name: the longest the twin pattern allows. */
    const twin24 = `t${'w'.repeat(23)}`;

    /** Runs the generator and returns what it rejected with (fails the test when it resolves). */
    async function refusal(tree: Tree, device: string): Promise<Error> {
      try {
        await processorGenerator(tree, { device });
      } catch (err) {
        return err as Error;
      }
      throw new Error('expected the generator to refuse');
    }

    it('accepts a 48-character id with twin demo in the default stages ["dev"] (a 63-character function name)', async () => {
      // Prepare
      const tree = createWorkspace();
      // Act
      await processorGenerator(tree, { device: device48 });
      // Assess
      expect(readProjectConfiguration(tree, `processor-${device48}`).root).toBe(`processors/${device48}`);
      expect(read(tree, `processors/${device48}/README.md`)).toContain(`\`demo-${device48}-processor\``);
    });

    it('accepts a 48-character id when the stages are given as ["dev"] explicitly', async () => {
      const tree = createWorkspace(EXISTING_DEVICES, { ...TWIN_CONFIG, stages: ['dev'] });
      await processorGenerator(tree, { device: device48 });
      expect(registryOf(tree).map((entry) => entry.id)).toContain(device48);
    });

    it('refuses a 48-character id when the stages include prod, naming the stage, and writes nothing', async () => {
      // Prepare
      const tree = createWorkspace(EXISTING_DEVICES, { ...TWIN_CONFIG, stages: ['dev', 'prod'] });
      const before = changesOf(tree);
      const projectsBefore = [...getProjects(tree).keys()];
      // Act
      const err = await refusal(tree, device48);
      // Assess
      const fn = `demo-${device48}-processor-prod`;
      expect(err.message).toBe(
        `Device id "${device48}" is too long for twin "demo" in stage "prod": ` +
          `function name "${fn}" (stage "prod") is 68 characters; AWS Lambda allows at most 64 (4 too many: use a shorter device id, twin name or stage). ` +
          'Ids of at most 44 characters fit every stage of config/twin.json (dev, prod).',
      );
      expect(err.cause).toBeInstanceOf(NameTooLongError);
      expect(err.cause).toMatchObject({ kind: 'function', resourceName: fn, limit: 64, stage: 'prod' });
      expect(changesOf(tree)).toEqual(before);
      expect(tree.exists(`processors/${device48}`)).toBe(false);
      expect(registryOf(tree)).toEqual(EXISTING_DEVICES);
      expect([...getProjects(tree).keys()]).toEqual(projectsBefore);
    });

    it('accepts in stages dev and prod an id of the longest length that fits both (44)', async () => {
      const device = `d${'4'.repeat(43)}`;
      const tree = createWorkspace(EXISTING_DEVICES, { ...TWIN_CONFIG, stages: ['dev', 'prod'] });
      await processorGenerator(tree, { device });
      expect(readProjectConfiguration(tree, `processor-${device}`).root).toBe(`processors/${device}`);
    });

    it('refuses a 48-character id with a 24-character twin name even in dev, and writes nothing', async () => {
      // Prepare
      const tree = createWorkspace(EXISTING_DEVICES, { ...TWIN_CONFIG, twinName: twin24 });
      const before = changesOf(tree);
      // Act
      const err = await refusal(tree, device48);
      // Assess
      expect(err.message).toMatch(
        new RegExp(`^Device id "${device48}" is too long for twin "${twin24}" in stage "dev": function name "${twin24}-${device48}-processor" \\(stage "dev"\\) is 83 characters; AWS Lambda allows at most 64 \\(19 too many`),
      );
      expect(err.message).toMatch(/Ids of at most 29 characters fit every stage of config\/twin\.json \(dev\)\.$/);
      expect(err.cause).toBeInstanceOf(NameTooLongError);
      expect(changesOf(tree)).toEqual(before);
      expect(getProjects(tree).has(`processor-${device48}`)).toBe(false);
    });

    it('checks every configured stage, whatever its place in the list', async () => {
      // Prepare
      const tree = createWorkspace(EXISTING_DEVICES, { ...TWIN_CONFIG, stages: ['qa', 'dev', 'staging'] });
      const before = changesOf(tree);
      // Act
      const err = await refusal(tree, `d${'0'.repeat(45)}`);
      // Assess
      expect(err.message).toContain('in stage "staging"'); // qa fits: 5 + 46 + 10 + 3 = 64
      expect(err.message).toContain('Ids of at most 41 characters fit every stage of config/twin.json (qa, dev, staging).');
      expect(changesOf(tree)).toEqual(before);
    });
  });
});
