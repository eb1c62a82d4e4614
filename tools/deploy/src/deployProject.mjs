#!/usr/bin/env node
// A project's `deploy` target (nx.json targetDefaults): `nx run <project>:deploy [--stage s]
// [--region r] [--dry-run] [any serverless flag]` — every flag reaches `serverless deploy`, and
// `--dry-run` (which `nx affected -t deploy --dry-run` passes to each task) only says what it would do.
// Usage: node tools/deploy/src/deployProject.mjs <projectRoot> [flags]
import { createRequire } from 'node:module';
import { DeployUsageError, runServerlessDeploy, serverlessDeployArgs, splitDeployArgs } from './serverlessDeploy.mjs';

const { DEFAULT_STAGE } = createRequire(import.meta.url)('./twinflowCore.cjs').loadCore();
const [root, ...argv] = process.argv.slice(2);
try {
  if (!root || root.startsWith('-')) throw new DeployUsageError('expected the project root (apps/<service> or processors/<device>) first');
  const options = splitDeployArgs(argv);
  const stage = options.stage ?? DEFAULT_STAGE;
  if (options.dryRun) {
    console.log(`dry run: would deploy ${root} to stage ${stage}${options.region ? ` in ${options.region}` : ''}: serverless ${serverlessDeployArgs({ ...options, stage }).join(' ')} (in ${root}); nothing deployed`);
  } else {
    const result = await runServerlessDeploy({ root, label: root.split('/').pop(), stage, region: options.region, forwarded: options.forwarded });
    if (!result.ok) {
      console.error(`deploy: ${root} failed (serverless exited with ${result.code}) after ${(result.ms / 1000).toFixed(1)} s`);
      process.exitCode = 1;
    }
  }
} catch (err) {
  if (!(err instanceof DeployUsageError)) throw err;
  console.error(`deploy: ${err.message}\nUsage: nx run <project>:deploy [--stage <stage>] [--region <region>] [--dry-run] [serverless deploy flags]`);
  process.exitCode = 2;
}
