// The deploy targets as Nx resolves them (nx show): one command for every deployable, every flag
// forwarded, safe dependsOn, and config/twin.json affecting every deployable.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const workspaceRoot = path.resolve(__dirname, '../../../..');
const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

async function nx(args: string[]): Promise<unknown> {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(workspaceRoot, 'node_modules/nx/dist/bin/nx.js'), ...args], { cwd: workspaceRoot, env: nxEnv, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout.slice(stdout.search(/[[{]/)));
}

interface Target {
  executor?: string;
  dependsOn?: string[];
  options?: { command?: string };
  configurations?: Record<string, { command?: string }>;
}

const DEPLOYABLES = ['dispatcher', 'persister', 'processor-pressure-sensor-1', 'processor-thermostat-1', 'wrapper'];

describe('deploy targets', () => {
  let deployables: string[];
  let targets: Record<string, Record<string, Target>>;
  beforeAll(async () => {
    deployables = ((await nx(['show', 'projects', '--with-target=deploy', '--json'])) as string[]).sort();
    targets = {};
    for (const name of deployables) targets[name] = ((await nx(['show', 'project', name, '--json'])) as { targets: Record<string, Target> }).targets;
  }, 120_000);

  it('exist on the three services and every processor, and nowhere else', () => {
    expect(deployables).toEqual(DEPLOYABLES);
  });

  it.each(DEPLOYABLES)('%s: runs deployProject.ts on its root (every flag forwarded, --dry-run honoured) after build, typecheck, lint and test', (name) => {
    const deploy = targets[name]?.['deploy'];
    expect(deploy?.executor).toBe('nx:run-commands');
    expect(deploy?.options?.command).toMatch(/^tsx --tsconfig tools\/deploy\/tsconfig\.json tools\/deploy\/src\/deployProject\.ts (apps|processors)\/[a-z0-9-]+$/);
    expect(deploy?.options?.command).not.toContain('{args.');
    expect(deploy?.dependsOn).toEqual(['build', 'typecheck', 'lint', 'test']);
  });

  it.each(DEPLOYABLES.filter((name) => name.startsWith('processor-')))('%s: builds its zip only from code that type-checks', (name) => {
    expect(targets[name]?.['build']?.dependsOn).toEqual(expect.arrayContaining(['bundle', 'typecheck']));
  });

  it.each(DEPLOYABLES.filter((name) => name.startsWith('processor-')))('%s: zips with zipProcessor.ts, locally deploys with deployLocal.ts', (name) => {
    const device = name.slice('processor-'.length);
    expect(targets[name]?.['build']?.options?.command).toBe(`tsx --tsconfig tools/deploy/tsconfig.json tools/deploy/src/zipProcessor.ts ${device}`);
    expect(targets[name]?.['build']?.configurations?.['sourcemap']?.command).toBe(`tsx --tsconfig tools/deploy/tsconfig.json tools/deploy/src/zipProcessor.ts ${device} --sourcemap`);
    expect(targets[name]?.['deploy']?.configurations?.['local']?.command).toBe(`tsx --tsconfig tools/deploy/tsconfig.json tools/deploy/src/deployLocal.ts ${device}`);
  });

  // The scripts a target runs are its inputs, file by file: a change to one is never answered from the cache.
  it('reads the scripts it runs: a processor zip its zip tools, a package build buildPackage.ts, a deploy the deploy scripts', async () => {
    const inputsOf = async (target: string) => ((await nx(['show', 'target', 'inputs', target, '--json'])) as { files: string[] }).files.filter((file) => file.startsWith('tools/'));
    expect(await inputsOf('processor-thermostat-1:build')).toEqual(['tools/deploy/src/zip.ts', 'tools/deploy/src/zipProcessor.ts']);
    expect(await inputsOf('core:build')).toEqual(['tools/deploy/src/buildPackage.ts']);
    expect((await inputsOf('persister:deploy')).filter((file) => file.startsWith('tools/deploy/'))).toEqual([
      'tools/deploy/src/deployArgs.ts',
      'tools/deploy/src/deployProject.ts',
      'tools/deploy/src/serverlessDeploy.ts',
      'tools/deploy/src/serverlessNames.cjs',
      'tools/deploy/src/twinflowCore.cjs',
    ]);
  });

  it('marks every deployable affected by a change to config/twin.json (twin name and region are in every template)', async () => {
    const affected = ((await nx(['show', 'projects', '--affected', '--files=config/twin.json', '--with-target=deploy', '--json'])) as string[]).sort();
    expect(affected).toEqual(DEPLOYABLES);
  });

  it('marks only that processor affected by a change to its handler', async () => {
    const affected = (await nx(['show', 'projects', '--affected', '--files=processors/thermostat-1/src/handler.ts', '--with-target=deploy', '--json'])) as string[];
    expect(affected).toEqual(['processor-thermostat-1']);
  });

  // What a deploy is made of: the code that ships and config/twin.json, never a test-only file.
  it.each(DEPLOYABLES)('%s: deploys from config/twin.json and its code, never from jest.preset.js or tools/testing', async (name) => {
    const { files } = (await nx(['show', 'target', 'inputs', `${name}:deploy`, '--json'])) as { files: string[] };
    expect(files).toContain('config/twin.json');
    expect(files.filter((file) => file === 'jest.preset.js' || file.startsWith('tools/testing/'))).toEqual([]);
  });

  it('tests (and only tests) read jest.preset.js; the services\' tests also read tools/testing', async () => {
    const inputsOf = async (target: string) => ((await nx(['show', 'target', 'inputs', target, '--json'])) as { files: string[] }).files;
    expect(await inputsOf('core:test')).toContain('jest.preset.js');
    expect(await inputsOf('dispatcher:test')).toEqual(expect.arrayContaining(['jest.preset.js', 'tools/testing/moto.ts']));
    expect(await inputsOf('processor-thermostat-1:build')).not.toContain('jest.preset.js');
  });
});
