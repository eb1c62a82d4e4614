/**
 * The inferred-targets plugin: which files become projects and what each kind of project gets.
 * (That `nx show project` lists the same targets as the hand-written project.json files did is
 * checked on a git copy of the workspace in tests/e2e.)
 */
import type { CreateNodesContext } from '@nx/devkit';
import { createNodes, nodesFor } from '../../src/plugin/createNodes';

const context: CreateNodesContext = { nxJsonConfiguration: {}, workspaceRoot: '/workspace' };

describe('createNodes', () => {
  it('reads a project from each service and processor serverless.yml and each package.json under packages/, nothing else', async () => {
    // Prepare
    const [glob, create] = createNodes;
    const files = [
      'apps/dispatcher/serverless.yml',
      'processors/thermostat-1/serverless.yml',
      'packages/core/package.json',
      'package.json',
      'tools/nx-plugin/package.json',
      'apps/serverless.shared.yml',
      'processors/thermostat-1/nested/serverless.yml',
    ];

    // Act
    const results = await create(files, undefined, context);

    // Assess
    expect(glob).toBe('**/{serverless.yml,package.json}');
    expect(results.map(([file]) => file)).toEqual(['apps/dispatcher/serverless.yml', 'processors/thermostat-1/serverless.yml', 'packages/core/package.json']);
  });

  it('names a processor after its device and gives it bundle, build, test, typecheck, lint and deploy', () => {
    // Act
    const project = nodesFor('processors/pump-7/serverless.yml').projects?.['processors/pump-7'];

    // Assess
    expect(project).toMatchObject({ root: 'processors/pump-7', name: 'processor-pump-7', sourceRoot: 'processors/pump-7/src', projectType: 'application' });
    expect(Object.keys(project?.targets ?? {}).sort()).toEqual(['build', 'bundle', 'deploy', 'lint', 'test', 'typecheck']);
    expect(project?.targets?.['bundle']?.options).toMatchObject({ main: 'processors/pump-7/src/handler.ts', outputPath: 'dist/processors/processor-pump-7', target: 'node22' });
  });

  it("gives a service package (serverless package, cached, its inputs), build = package, and tests after package with the templates' inputs", () => {
    // Act
    const project = nodesFor('apps/wrapper/serverless.yml').projects?.['apps/wrapper'];

    // Assess: the name stays the project.json's (`wrapper`)
    expect(project).not.toHaveProperty('name');
    expect(project?.targets?.['package']).toMatchObject({
      executor: 'nx:run-commands',
      cache: true,
      outputs: ['{projectRoot}/.serverless'],
      options: { command: 'serverless package --stage dev', cwd: '{projectRoot}' },
    });
    expect(project?.targets?.['package']?.inputs).toEqual(expect.arrayContaining(['production', '^production', '{workspaceRoot}/config/twin.json', '{workspaceRoot}/apps/serverless.shared.yml']));
    expect(project?.targets?.['build']).toEqual({ executor: 'nx:noop', dependsOn: ['package'] });
    expect(project?.targets?.['test']).toEqual({ dependsOn: ['package'] });
    expect(project?.namedInputs?.['testExtras']).toEqual(expect.arrayContaining(['{workspaceRoot}/apps/serverless.shared.yml', '{workspaceRoot}/config/twin.json']));
  });

  it('builds a package after its dependencies into its dist/', () => {
    // Act
    const build = nodesFor('packages/health/package.json').projects?.['packages/health']?.targets?.['build'];

    // Assess
    expect(build).toEqual({
      executor: 'nx:run-commands',
      dependsOn: ['^build'],
      cache: true,
      inputs: ['production', '^production', '{workspaceRoot}/tools/deploy/src/buildPackage.ts'],
      outputs: ['{projectRoot}/dist'],
      options: { command: 'tsx --tsconfig tools/deploy/tsconfig.json tools/deploy/src/buildPackage.ts {projectRoot}' },
    });
  });
});
