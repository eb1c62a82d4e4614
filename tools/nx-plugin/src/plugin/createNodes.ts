import { basename, dirname } from 'node:path';
import type { CreateNodes, CreateNodesResult, TargetConfiguration } from '@nx/devkit';

/**
 * The targets every service (`apps/<app>/serverless.yml`) and every processor
 * (`processors/<device>/serverless.yml`) gets, inferred from the file's place: nothing is copied
 * into their `project.json` (which keeps only a name and tags). `typecheck`, `lint`, `test` and
 * `deploy` take their command, inputs and dependencies from `nx.json`'s `targetDefaults`; what is
 * inferred here is only what differs per project: a processor's `bundle` and `build` (its device
 * id and paths), a service's `package` and its tests' inputs.
 */
export const PROJECT_FILES_GLOB = '**/{serverless.yml,package.json}';

/** The files the plugin reads a project from: a service's or processor's serverless.yml, a package's package.json. */
const PROJECT_FILE = /^(?:(?:apps|processors)\/[^/]+\/serverless\.yml|packages\/[^/]+\/package\.json)$/;

/** What the bundles are built from and the deploy depends on, beside the project's own files. */
const SERVICE_INPUTS = [
  '{workspaceRoot}/apps/serverless.shared.yml',
  '{workspaceRoot}/tools/deploy/src/esbuildPlugins.cjs',
  '{workspaceRoot}/tools/deploy/src/envCredentialsFirst.cjs',
  '{workspaceRoot}/config/twin.json',
  '{workspaceRoot}/config/config_iot_devices.json',
  '{workspaceRoot}/tsconfig.base.json',
  { externalDependencies: ['serverless', 'serverless-esbuild', 'esbuild'] },
];

/**
 * Nx's `createNodes` for twinflow's Serverless projects (registered in `nx.json` `plugins`).
 *
 * @example
 * ```json
 * { "plugins": ["@twinflow/nx-plugin"] }
 * ```
 */
export const createNodes: CreateNodes = [
  PROJECT_FILES_GLOB,
  (configFiles) => configFiles.filter((file) => PROJECT_FILE.test(file.split('\\').join('/'))).map((file) => [file, nodesFor(file)] as const),
];

/** The project inferred from one `serverless.yml`: a processor's or a service's targets. */
export function nodesFor(configFile: string): CreateNodesResult {
  const root = dirname(configFile);
  const kind = basename(dirname(root));
  if (kind === 'packages') return { projects: { [root]: { root, targets: packageTargets() } } };
  if (kind === 'processors') {
    return { projects: { [root]: { root, name: `processor-${basename(root)}`, sourceRoot: `${root}/src`, projectType: 'application', targets: processorTargets(root, basename(root)) } } };
  }
  // A service's tests read its package's output and the templates: their own inputs beside the
  // defaults' (default, ^production, testGlobals: jest.preset.js and tools/testing).
  return { projects: { [root]: { root, sourceRoot: `${root}/src`, projectType: 'application', namedInputs: { testExtras: SERVICE_INPUTS }, targets: serviceTargets() } } };
}

/**
 * The tool files whose content makes a build's output (beside the project's own files): a change to
 * one must not be answered from Nx's cache.
 */
const PACKAGE_BUILD_TOOL = '{workspaceRoot}/tools/deploy/src/buildPackage.ts';
const PROCESSOR_ZIP_TOOLS = ['{workspaceRoot}/tools/deploy/src/zipProcessor.ts', '{workspaceRoot}/tools/deploy/src/zip.ts'];

/**
 * How a target runs a deploy-tools script: tsx with the tools' tsconfig, whose paths resolve
 * `@twinflow/*` to the workspace's sources (tsx reads no tsconfig but the one in the working
 * directory otherwise, and the workspace root has none).
 */
const DEPLOY_TOOLS_TSX = 'tsx --tsconfig tools/deploy/tsconfig.json';

/** A package's `build`: CommonJS, ESM and `.d.ts` into `dist/` (`tools/deploy/src/buildPackage.ts`), after its dependencies'. */
export function packageTargets(): Record<string, TargetConfiguration> {
  return {
    build: {
      executor: 'nx:run-commands',
      dependsOn: ['^build'],
      cache: true,
      inputs: ['production', '^production', PACKAGE_BUILD_TOOL],
      outputs: ['{projectRoot}/dist'],
      options: { command: `${DEPLOY_TOOLS_TSX} tools/deploy/src/buildPackage.ts {projectRoot}` },
    },
  };
}

/**
 * A processor's targets: `bundle` (esbuild, one minified CommonJS file, the SDK left to the
 * runtime), `build` (the deterministic zip and its sha256, only of code that type-checks),
 * `typecheck`, `lint`, `test`, and `deploy` (serverless, from `targetDefaults`; `-c local` swaps
 * the code in the running local twin).
 */
export function processorTargets(root: string, device: string): Record<string, TargetConfiguration> {
  const projectName = `processor-${device}`;
  return {
    bundle: {
      executor: '@nx/esbuild:esbuild',
      outputs: ['{options.outputPath}'],
      cache: true,
      inputs: ['production', '^production'],
      options: {
        main: `${root}/src/handler.ts`,
        outputPath: `dist/processors/${projectName}`,
        outputFileName: 'index.js',
        tsConfig: `${root}/tsconfig.lib.json`,
        platform: 'node',
        target: 'node22',
        format: ['cjs'],
        bundle: true,
        thirdParty: true,
        minify: true,
        sourcemap: true,
        skipTypeCheck: true,
        generatePackageJson: false,
        external: ['@aws-sdk/*'],
        esbuildOptions: { legalComments: 'none', outExtension: { '.js': '.js' } },
      },
    },
    build: {
      executor: 'nx:run-commands',
      // The zip is only ever made of code that type-checks (esbuild alone would not check).
      dependsOn: ['bundle', 'typecheck'],
      cache: true,
      inputs: ['production', '^production', ...PROCESSOR_ZIP_TOOLS],
      outputs: [`{workspaceRoot}/dist/processors/${projectName}.zip`, `{workspaceRoot}/dist/processors/${projectName}.zip.sha256`],
      options: { command: `${DEPLOY_TOOLS_TSX} tools/deploy/src/zipProcessor.ts ${device}` },
      configurations: { sourcemap: { command: `${DEPLOY_TOOLS_TSX} tools/deploy/src/zipProcessor.ts ${device} --sourcemap` } },
    },
    typecheck: {},
    lint: {},
    test: {},
    deploy: { configurations: { local: { command: `${DEPLOY_TOOLS_TSX} tools/deploy/src/deployLocal.ts ${device}` } } },
  };
}

/**
 * A service's targets: `package` (`serverless package`, the CloudFormation and the zip in
 * `.serverless/`, cached), `build` (= package), `test` (after package: the template and bundle
 * tests read its output), `typecheck`, `lint`, `deploy`.
 */
export function serviceTargets(): Record<string, TargetConfiguration> {
  return {
    package: {
      executor: 'nx:run-commands',
      cache: true,
      inputs: ['production', '^production', ...SERVICE_INPUTS],
      outputs: ['{projectRoot}/.serverless'],
      options: { command: 'serverless package --stage dev', cwd: '{projectRoot}', env: { SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' } },
    },
    build: { executor: 'nx:noop', dependsOn: ['package'] },
    deploy: {},
    typecheck: {},
    lint: {},
    // inputs: targetDefaults' (default, ^production, testExtras), testExtras set for services above
    test: { dependsOn: ['package'] },
  };
}
