/**
 * Runs the real `npx nx …` against this repository or a temporary git copy of it, for the
 * nx-plugin e2e suites. Nested Nx runs get a clean environment: the variables that an outer Nx
 * task or `npx` sets for its own child (NX_TASK_*, NX_WORKSPACE_ROOT_PATH, NX_SKIP_NX_CACHE,
 * npm_config_local_prefix…) would otherwise leak into a run in another workspace.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { linkNodeModules, nxEnvironment } from '@twinflow/testing/workspaceLinks';

export { linkNodeModules, nxEnvironment };

/** The repository root: the nearest folder above this file holding nx.json. */
export const repoRoot = findRepoRoot(__dirname);

/** Per-run cost of one Nx invocation is a few seconds (no daemon); e2e tests get this much. */
export const E2E_TIMEOUT_MS = 240_000;

export interface NxRun {
  /** The command as typed, for failure messages: `npx nx build …`. */
  command: string;
  status: number | null;
  stdout: string;
  /** stdout and stderr together, ANSI colours removed: for matching messages. */
  output: string;
}

export interface NxRunner {
  /** `npx nx <args>` in the workspace. */
  nx(...args: string[]): NxRun;
  /** `git <args>` in the workspace (stdout without its final newline); throws on a non-zero exit. */
  git(...args: string[]): string;
}

export interface WorkspaceCopy extends NxRunner {
  /** Root of the cloned workspace. */
  root: string;
  /** A scratch folder next to the clone (outside it, so it never shows in `git status`). */
  scratch: string;
  /** Removes the clone and the scratch folder. */
  dispose(): void;
}

// eslint-disable-next-line no-control-regex -- ANSI colour codes are control characters
const ANSI_ESCAPE = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** A runner for `npx nx` and `git` in `cwd` with the given environment. */
export function nxRunner(cwd: string, env: NodeJS.ProcessEnv): NxRunner {
  return {
    nx(...args: string[]): NxRun {
      const result = spawnSync('npx', ['nx', ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (result.error) throw result.error;
      return {
        command: ['npx', 'nx', ...args].join(' '),
        status: result.status,
        stdout: stripAnsi(result.stdout),
        output: stripAnsi(`${result.stdout}\n${result.stderr}`),
      };
    },
    git(...args: string[]): string {
      return execFileSync('git', args, { cwd, env, encoding: 'utf8' }).replace(/\n$/, '');
    },
  };
}

/**
 * Clones the repository's committed state into a temporary folder, links the repository's
 * installed packages into it (see {@link linkNodeModules}), sets a local git identity, and gives
 * it its own Nx cache and workspace data (nothing shared with the repository's `.nx`).
 */
export function cloneWorkspace(prefix: string): WorkspaceCopy {
  const base = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  const root = path.join(base, 'repo');
  const scratch = path.join(base, 'scratch');
  execFileSync('git', ['clone', '--quiet', repoRoot, root]);
  linkNodeModules(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'));
  const env = nxEnvironment({
    NX_CACHE_DIRECTORY: path.join(root, '.nx', 'cache'),
    NX_WORKSPACE_DATA_DIRECTORY: path.join(root, '.nx', 'workspace-data'),
  });
  const runner = nxRunner(root, env);
  runner.git('config', 'user.email', 'e2e@twinflow.local');
  runner.git('config', 'user.name', 'twinflow e2e');
  runner.git('config', 'commit.gpgsign', 'false');
  mkdirSync(scratch);
  return { ...runner, root, scratch, dispose: () => rmSync(base, { recursive: true, force: true }) };
}

/** Hex sha256 of a file's bytes. */
export function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The hash written in a `<zip>.sha256` file (`<hex>  <name>`). */
export function readSha256File(file: string): { hash: string; name: string } {
  const content = readFileSync(file, 'utf8');
  const match = /^([0-9a-f]{64}) {2}(\S+)\n$/.exec(content);
  if (!match?.[1] || !match[2]) throw new Error(`${file} is not "<sha256>  <name>\\n": ${JSON.stringify(content)}`);
  return { hash: match[1], name: match[2] };
}

/** Fails the test with the command and everything it printed unless it exited 0. */
export function expectSuccess(run: NxRun): void {
  if (run.status !== 0) throw new Error(`\`${run.command}\` exited ${run.status}:\n${run.output}`);
}

/** The names Nx prints as a JSON array on stdout (`nx show projects … --json`), sorted. */
export function parseProjectList(run: NxRun): string[] {
  expectSuccess(run);
  const line = run.stdout.split('\n').find((candidate) => candidate.trim().startsWith('['));
  if (!line) throw new Error(`\`${run.command}\` printed no JSON project list:\n${run.output}`);
  return (JSON.parse(line) as string[]).sort();
}

/**
 * The projects with a deploy target that Nx reports affected, sorted; `scope` says what changed:
 * `--base=… --head=…` or `--files=…`.
 */
export function affectedDeployables(runner: NxRunner, ...scope: string[]): string[] {
  return parseProjectList(runner.nx('show', 'projects', '--affected', '-t', 'deploy', ...scope, '--json'));
}

function stripAnsi(text: string): string {
  return text.replace(ANSI_ESCAPE, '');
}

function findRepoRoot(from: string): string {
  for (let dir = from; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'nx.json')) && existsSync(path.join(dir, '.git'))) return dir;
  }
  throw new Error(`No nx.json with a .git folder above ${from}`);
}
