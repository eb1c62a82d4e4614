import type { ProjectConfiguration } from '@nx/devkit';
import type { NormalizedProcessorOptions } from './normalizeOptions';

/**
 * The processor's Nx targets: `bundle` (esbuild), `build` (deterministic zip + sha256 of the
 * bundle, after `typecheck`), `test`, `typecheck`, `lint`, and `deploy` (serverless, from nx.json's
 * targetDefaults; `-c local` into the running local twin).
 */
export function processorProjectConfiguration(options: NormalizedProcessorOptions): ProjectConfiguration {
  const { projectRoot, projectName, device } = options;
  const bundleDir = `dist/processors/${projectName}`;
  return {
    name: projectName,
    root: projectRoot,
    sourceRoot: `${projectRoot}/src`,
    projectType: 'application',
    tags: ['type:processor'],
    targets: {
      bundle: {
        executor: '@nx/esbuild:esbuild',
        outputs: ['{options.outputPath}'],
        cache: true,
        inputs: ['production', '^production'],
        options: {
          main: `${projectRoot}/src/handler.ts`,
          outputPath: bundleDir,
          outputFileName: 'index.js',
          tsConfig: `${projectRoot}/tsconfig.lib.json`,
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
        inputs: ['production', '^production'],
        outputs: [`{workspaceRoot}/dist/processors/${projectName}.zip`, `{workspaceRoot}/dist/processors/${projectName}.zip.sha256`],
        options: { command: `node tools/scripts/zip-processor.mjs ${device}` },
        configurations: { sourcemap: { command: `node tools/scripts/zip-processor.mjs ${device} --sourcemap` } },
      },
      typecheck: {},
      lint: {},
      test: {},
      // Command, inputs and dependsOn (build, typecheck, lint, test) come from nx.json's targetDefaults:
      // `nx run <project>:deploy --stage s [serverless flags]`; `-c local` swaps the code in the local twin.
      deploy: {
        configurations: { local: { command: `node tools/scripts/deploy-local.mjs ${device}` } },
      },
    },
  };
}
