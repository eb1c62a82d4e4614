// `npm run deploy -- --stage <stage> [--region <r>] [--dry-run] [--since <ref>] [--all] [--allow-dirty]
// [any serverless deploy flag]`: deploys what changed since the stage's last successful deploy (the
// git tag twinflow/deployed/<stage>; everything the first time) in dependency order, after the
// projects' build, typecheck, lint and test pass; forwards every other flag to `serverless deploy`;
// moves the tag to HEAD only once every stack succeeded.
// Usage: tsx tools/deploy/src/deploy.ts --stage <stage> [flags]
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { assertStage, checkDeploymentNames, loadTwinConfig, type TwinConfig } from '@twinflow/core';
import { runCli } from './cli';
import { type Deployable, type DeployArgsWith, deployedTag, inDeployOrder, serverlessDeployArgs, splitDeployArgs } from './deployArgs';
import { DeployFailedError, DeployUsageError } from './errors';
import { affectedSince, deployables, devicesWithChangedEntries, headCommit, recordDeployed, registryAt, taggedCommit, uncommittedPaths } from './plan';
import { runServerlessDeploy } from './serverlessDeploy';
import { nxBin, nxEnvironment, workspaceRoot } from './workspace';

const USAGE = `Usage: npm run deploy -- --stage <stage> [--region <region>] [--dry-run] [--since <git ref>] [--all] [--allow-dirty] [serverless deploy flags]
  --stage        required: dev (the architecture's names) or any other stage (names end in -<stage>)
  --region       default config/twin.json's region
  --dry-run      list what would be deployed, in order, and touch nothing
  --since <ref>  deploy what changed since <ref> instead of since the stage's tag
  --all          deploy every project
  --allow-dirty  deploy a tree with uncommitted changes (the deploy is then not recorded)
  anything else (--param k=v, --aws-profile p, --force, ...) goes to every \`serverless deploy\``;

type Options = DeployArgsWith<'since', 'all' | 'allow-dirty'> & { stage: string };
type Plan = { twin: TwinConfig; region: string; tag: string; head: string; projects: Deployable[]; why: string };

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

async function plan(options: Options): Promise<Plan> {
  const twin = loadTwinConfig(path.join(workspaceRoot, 'config/twin.json'));
  const region = options.region ?? twin.region;
  const all = await deployables();
  const devices = all.filter((p) => p.root.startsWith('processors/')).map((p) => p.root.slice('processors/'.length));
  checkDeploymentNames({ twin: twin.twinName, stage: options.stage, region, devices });
  const tag = deployedTag(options.stage, options.region, twin.region);
  const head = await headCommit();
  const base = options.since ?? (options.all ? undefined : await taggedCommit(tag));
  let selected = all;
  let why = options.all ? 'everything (--all)' : `everything (first deploy of stage ${options.stage}: no tag ${tag})`;
  if (base !== undefined) {
    const affected = new Set(await affectedSince(base, head));
    // A device whose registry entry changed (its memory, timeout, description) redeploys its processor.
    for (const device of devicesWithChangedEntries(await registryAt(base), await registryAt(head))) affected.add(`processor-${device}`);
    selected = all.filter((p) => affected.has(p.name));
    why = `what changed since ${options.since ? options.since : `${tag} (${base.slice(0, 8)})`}`;
  }
  return { twin, region, tag, head, projects: inDeployOrder(selected), why };
}

/** Runs build, typecheck, lint and test of the projects; throws (nothing deployed) when one fails. */
async function checks(projects: readonly Deployable[]): Promise<void> {
  const names = projects.map((p) => p.name).join(',');
  say(`== checks: build, typecheck, lint and test of ${projects.length} project(s)`);
  const started = Date.now();
  const log = path.join(workspaceRoot, 'tmp/deploy/checks.log');
  mkdirSync(path.dirname(log), { recursive: true });
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [nxBin, 'run-many', '-t', 'build', 'typecheck', 'lint', 'test', '-p', names, '--outputStyle=static'], {
      cwd: workspaceRoot,
      env: nxEnvironment(),
      maxBuffer: 256 * 1024 * 1024,
    });
    writeFileSync(log, stdout + stderr);
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    writeFileSync(log, `${stdout}${stderr}`);
    process.stderr.write(`${stdout}${stderr}`);
    throw new DeployFailedError(`checks failed: nothing deployed (log: ${path.relative(workspaceRoot, log)})`, { cause: error });
  }
  say(`   passed in ${seconds(Date.now() - started)}`);
}

/** Deploys the planned stacks one by one; throws at the first that fails, saying what was and was not deployed. */
async function deployAll({ projects, tag }: Plan, options: Options): Promise<number> {
  const timings: Array<{ project: string; ms: number; ok: boolean }> = [];
  for (const [i, project] of projects.entries()) {
    say(`== [${i + 1}/${projects.length}] ${project.name}`);
    const result = await runServerlessDeploy({ root: project.root, label: project.name, stage: options.stage, region: options.region, forwarded: options.forwarded });
    timings.push({ project: project.name, ms: result.ms, ok: result.ok });
    if (!result.ok) {
      const done = timings.filter((t) => t.ok).map((t) => t.project);
      throw new DeployFailedError(
        `stack of ${project.name} failed to deploy (serverless exited with ${result.code}); ` +
          `${done.length > 0 ? `deployed before it: ${done.join(', ')}; ` : ''}not deployed: ${projects
            .slice(i)
            .map((p) => p.name)
            .join(', ')}. ` +
          `${tag} was not moved, so the next deploy retries all of them.`,
      );
    }
    say(`   ${project.name} deployed in ${seconds(result.ms)}`);
  }
  return timings.reduce((sum, t) => sum + t.ms, 0);
}

async function main(argv: readonly string[]): Promise<void> {
  const parsed = splitDeployArgs(argv, { own: ['since'], ownBooleans: ['all', 'allow-dirty'] });
  if (parsed.stage === undefined) throw new DeployUsageError('--stage is required (for example --stage dev)');
  const options: Options = { ...parsed, stage: parsed.stage };
  assertStage(options.stage);
  const dirty = await uncommittedPaths();
  if (dirty.length > 0 && !options.allowDirty && !options.dryRun) {
    throw new DeployFailedError(
      `uncommitted changes (${dirty.slice(0, 5).join(', ')}${dirty.length > 5 ? ', …' : ''}): commit them first, so what is deployed is a commit ` +
        'the stage can be recorded at — or pass --allow-dirty (the deploy is then not recorded)',
    );
  }
  const planned = await plan(options);
  const { twin, region, tag, head, projects, why } = planned;
  const target = `twin ${twin.twinName}, stage ${options.stage}, region ${region}`;
  if (projects.length === 0) return say(`nothing to deploy to ${target}: nothing changed since ${tag}`);
  say(`${options.dryRun ? 'dry run: would deploy' : 'deploying'} ${why} to ${target}, in this order:`);
  projects.forEach((p, i) => say(`  ${i + 1}. ${p.name} (${p.root})`));
  say(`each with: serverless ${serverlessDeployArgs(options).join(' ')}`);
  if (options.dryRun) return say('dry run: nothing checked, built or deployed');

  await checks(projects);
  const total = await deployAll(planned, options);
  if (dirty.length > 0) say(`deployed ${projects.length} stack(s) in ${seconds(total)}; not recorded (uncommitted changes)`);
  else {
    await recordDeployed(tag, head, options.stage);
    say(`deployed ${projects.length} stack(s) in ${seconds(total)}; recorded ${head.slice(0, 8)} as ${tag} (CI: git push --force origin refs/tags/${tag})`);
  }
}

runCli('deploy', () => main(process.argv.slice(2)), USAGE);
