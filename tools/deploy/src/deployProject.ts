// A project's `deploy` target (nx.json targetDefaults): `nx run <project>:deploy [--stage s]
// [--region r] [--dry-run] [any serverless flag]` — every flag reaches `serverless deploy`, and
// `--dry-run` (which `nx affected -t deploy --dry-run` passes to each task) only says what it would do.
// Usage: tsx tools/deploy/src/deployProject.ts <projectRoot> [flags]
import { DEFAULT_STAGE } from '@twinflow/core';
import { runCli } from './cli';
import { serverlessDeployArgs, splitDeployArgs } from './deployArgs';
import { DeployFailedError, DeployUsageError } from './errors';
import { runServerlessDeploy } from './serverlessDeploy';

const USAGE = 'Usage: nx run <project>:deploy [--stage <stage>] [--region <region>] [--dry-run] [serverless deploy flags]';

async function main([root, ...argv]: readonly string[]): Promise<void> {
  if (!root || root.startsWith('-')) throw new DeployUsageError('expected the project root (apps/<service> or processors/<device>) first');
  const options = splitDeployArgs(argv);
  const stage = options.stage ?? DEFAULT_STAGE;
  if (options.dryRun) {
    const where = options.region ? ` in ${options.region}` : '';
    process.stdout.write(`dry run: would deploy ${root} to stage ${stage}${where}: serverless ${serverlessDeployArgs({ ...options, stage }).join(' ')} (in ${root}); nothing deployed\n`);
    return;
  }
  const result = await runServerlessDeploy({ root, label: root.split('/').pop() ?? root, stage, region: options.region, forwarded: options.forwarded });
  if (!result.ok) throw new DeployFailedError(`${root} failed (serverless exited with ${result.code}) after ${(result.ms / 1000).toFixed(1)} s`);
}

runCli('deploy', () => main(process.argv.slice(2)), USAGE);
