// What `npm run deploy` deploys: the projects with a `deploy` target that changed since the stage's
// last successful deploy (a git tag), in dependency order — what creates the table and queue first,
// what is invoked before what invokes it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { workspaceRoot } from './serverlessDeploy.mjs';

const run = promisify(execFile);
const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

export { deployedTag, deployRank, inDeployOrder } from './deployArgs.cjs';

async function git(args) {
  const { stdout } = await run('git', args, { cwd: workspaceRoot, maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

/** The commit a tag points at, or undefined when there is no such tag. */
export async function taggedCommit(tag) {
  try {
    return await git(['rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}`]);
  } catch {
    return undefined;
  }
}

export const headCommit = () => git(['rev-parse', 'HEAD']);

/** Paths with changes not committed (tracked or untracked, ignoring .gitignore'd build output). */
export async function uncommittedPaths() {
  const status = await git(['status', '--porcelain', '--untracked-files=normal']);
  return status === '' ? [] : status.split('\n').map((line) => line.slice(3));
}

/** Moves the stage's tag to `commit`. */
export async function recordDeployed(tag, commit, stage) {
  await git(['tag', '--force', '--annotate', tag, commit, '--message', `twinflow: deployed to ${stage}`]);
}

async function nxJson(args) {
  const { stdout } = await run(process.execPath, [`${workspaceRoot}/node_modules/nx/dist/bin/nx.js`, ...args], {
    cwd: workspaceRoot,
    env: nxEnv,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout.slice(stdout.indexOf('[')));
}

/** Every project with a `deploy` target: `{ name, root }`. */
export async function deployables() {
  const { createProjectGraphAsync } = await import('@nx/devkit');
  const previous = { ...process.env };
  Object.assign(process.env, { NX_DAEMON: 'false', NX_NO_CLOUD: 'true' });
  try {
    const graph = await createProjectGraphAsync({ exitOnError: false });
    return Object.values(graph.nodes)
      .filter((node) => node.data.targets?.deploy !== undefined)
      .map((node) => ({ name: node.name, root: node.data.root }));
  } finally {
    for (const key of ['NX_DAEMON', 'NX_NO_CLOUD']) if (previous[key] === undefined) delete process.env[key];
  }
}

/** Names of the deployables Nx finds affected by the commits in `base..head`. */
export async function affectedSince(base, head) {
  return nxJson(['show', 'projects', '--affected', `--base=${base}`, `--head=${head}`, '--with-target=deploy', '--json']);
}
