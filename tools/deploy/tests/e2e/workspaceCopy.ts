// A git copy of this workspace for e2e tests that commit and deploy: the working tree's files
// (tracked and untracked, .gitignore honoured) in a temporary directory, committed once, with a
// node_modules of links (the workspace's own packages resolving inside the copy). Commands run there
// as a user types them, in an environment without the NX_* / npm_* variables of an outer `npm test`
// (npm_config_local_prefix would send `npm run` back to this workspace).
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { linkNodeModules, nxEnvironment, workspaceRoot } from '@twinflow/testing/workspaceLinks';

export { workspaceRoot };
const run = promisify(execFile);

export interface CommandResult {
  code: number;
  output: string;
}

export interface WorkspaceCopy {
  dir: string;
  /** Runs a command in the copy, in `nxEnvironment(extra)`; never throws on a non-zero exit (the result says). */
  run(command: string, args: string[], extra?: Record<string, string>): Promise<CommandResult>;
  /** `git` in the copy; throws on failure. */
  git(...args: string[]): Promise<string>;
  remove(): void;
}

const gitIdentity = { GIT_AUTHOR_NAME: 'twinflow e2e', GIT_AUTHOR_EMAIL: 'e2e@twinflow.local', GIT_COMMITTER_NAME: 'twinflow e2e', GIT_COMMITTER_EMAIL: 'e2e@twinflow.local' };

export async function copyWorkspace(prefix: string): Promise<WorkspaceCopy> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: workspaceRoot, maxBuffer: 64 * 1024 * 1024 });
  for (const file of stdout.split('\0').filter(Boolean)) {
    const from = path.join(workspaceRoot, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(from, path.join(dir, file));
  }
  linkNodeModules(path.join(workspaceRoot, 'node_modules'), path.join(dir, 'node_modules'));
  const git = async (...args: string[]): Promise<string> =>
    (await run('git', args, { cwd: dir, env: nxEnvironment(gitIdentity), maxBuffer: 64 * 1024 * 1024 })).stdout.trim();
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'the workspace under test');
  return {
    dir,
    git,
    run: async (command, args, extra = {}) => {
      try {
        const { stdout, stderr } = await run(command, args, { cwd: dir, env: nxEnvironment({ ...extra, ...gitIdentity }), maxBuffer: 256 * 1024 * 1024 });
        return { code: 0, output: `${stdout}${stderr}` };
      } catch (err) {
        const failed = err as { code?: number; stdout?: string; stderr?: string };
        return { code: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
      }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
