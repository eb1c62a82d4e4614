// What `npm run deploy` deploys: the projects with a `deploy` target that changed since the stage's
// last successful deploy (a git tag), read from git and the Nx project graph.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Deployable } from './deployArgs';
import { nxBin, nxEnvironment, workspaceRoot } from './workspace';

const run = promisify(execFile);

async function git(args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd: workspaceRoot, maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

/** The commit a tag points at, or undefined when there is no such tag. */
export async function taggedCommit(tag: string): Promise<string | undefined> {
  try {
    return await git(['rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}`]);
  } catch {
    return undefined;
  }
}

/** The commit checked out. */
export const headCommit = (): Promise<string> => git(['rev-parse', 'HEAD']);

/** Paths with changes not committed (tracked or untracked, ignoring .gitignore'd build output). */
export async function uncommittedPaths(): Promise<string[]> {
  const status = await git(['status', '--porcelain', '--untracked-files=normal']);
  return status === '' ? [] : status.split('\n').map((line) => line.slice(3));
}

/** Moves the stage's tag to `commit`. */
export async function recordDeployed(tag: string, commit: string, stage: string): Promise<void> {
  await git(['tag', '--force', '--annotate', tag, commit, '--message', `twinflow: deployed to ${stage}`]);
}

/** Every project with a `deploy` target. */
export async function deployables(): Promise<Deployable[]> {
  const { createProjectGraphAsync } = await import('@nx/devkit');
  const previous = { NX_DAEMON: process.env['NX_DAEMON'], NX_NO_CLOUD: process.env['NX_NO_CLOUD'] };
  Object.assign(process.env, { NX_DAEMON: 'false', NX_NO_CLOUD: 'true' });
  try {
    const graph = await createProjectGraphAsync({ exitOnError: false });
    return Object.values(graph.nodes)
      .filter((node) => node.data.targets?.['deploy'] !== undefined)
      .map((node) => ({ name: node.name, root: node.data.root }));
  } finally {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** Names of the deployables Nx finds affected by the commits in `base..head`. */
export async function affectedSince(base: string, head: string): Promise<string[]> {
  const args = ['show', 'projects', '--affected', `--base=${base}`, `--head=${head}`, '--with-target=deploy', '--json'];
  const { stdout } = await run(process.execPath, [nxBin, ...args], { cwd: workspaceRoot, env: nxEnvironment(), maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout.slice(stdout.indexOf('['))) as string[];
}

/** Where the device registry lives, relative to the workspace root. */
const REGISTRY = 'config/config_iot_devices.json';

/** The registry's entries by device id, as JSON text (unparsable or missing: none). */
function entriesById(text: string | undefined): Map<string, string> {
  try {
    const entries = JSON.parse(text ?? '[]') as Array<{ id?: unknown }>;
    return new Map(entries.filter((e) => typeof e.id === 'string').map((e) => [e.id as string, JSON.stringify(e)]));
  } catch {
    return new Map();
  }
}

/**
 * The devices whose registry entry is new or differs between two versions of the registry text.
 * A processor's memory and timeout live in its entry (its serverless.yml reads them from there),
 * but Nx's inputs are whole files: the registry is not an input of every processor's deploy (one
 * device added would redeploy them all), so the plan compares the entries themselves.
 */
export function devicesWithChangedEntries(before: string | undefined, after: string | undefined): string[] {
  const old = entriesById(before);
  return [...entriesById(after)].filter(([id, entry]) => old.get(id) !== entry).map(([id]) => id);
}

/** The registry's text at a commit (undefined where it did not exist). */
export async function registryAt(commit: string): Promise<string | undefined> {
  try {
    return await git(['show', `${commit}:${REGISTRY}`]);
  } catch {
    return undefined;
  }
}
