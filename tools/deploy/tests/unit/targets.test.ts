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

  it.each(DEPLOYABLES)('%s: runs deployProject.mjs on its root (every flag forwarded, --dry-run honoured) after build, typecheck, lint and test', (name) => {
    const deploy = targets[name]?.['deploy'];
    expect(deploy?.executor).toBe('nx:run-commands');
    expect(deploy?.options?.command).toMatch(/^node tools\/deploy\/src\/deployProject\.mjs (apps|processors)\/[a-z0-9-]+$/);
    expect(deploy?.options?.command).not.toContain('{args.');
    expect(deploy?.dependsOn).toEqual(['build', 'typecheck', 'lint', 'test']);
  });

  it.each(DEPLOYABLES.filter((name) => name.startsWith('processor-')))('%s: builds its zip only from code that type-checks', (name) => {
    expect(targets[name]?.['build']?.dependsOn).toEqual(expect.arrayContaining(['bundle', 'typecheck']));
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
