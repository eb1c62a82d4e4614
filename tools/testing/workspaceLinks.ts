// What a test needs to run commands in a copy of this workspace as a user would: the environment
// for a nested `npx nx` / `npm run`, and a node_modules of links for the copy.
import { lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import path from 'node:path';

/** The repository root (tools/testing/..). */
export const workspaceRoot = path.resolve(__dirname, '../..');

/**
 * The environment for a nested `npx nx`: the caller's, minus every NX_* and npm_* variable and
 * FORCE_COLOR, plus the project's fixed Nx settings and `extra`.
 */
export function nxEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(NX_|npm_)/i.test(name) || name === 'FORCE_COLOR') continue;
    env[name] = value;
  }
  return {
    ...env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    ...extra,
  };
}

/**
 * Gives the copy a node_modules of its own made of links: every installed package links to the
 * repository's, but the workspace's own packages (`@twinflow/*`, which npm links as
 * `../../packages/core`, `../../tools/nx-plugin`…) link into the copy. Linking the whole folder
 * instead would make `nx g processor` in the copy resolve `@twinflow/nx-plugin` through the
 * repository's node_modules and run the repository's working-tree generator, not the clone's.
 */
export function linkNodeModules(from: string, to: string): void {
  mkdirSync(to);
  for (const name of readdirSync(from)) {
    const source = path.join(from, name);
    const target = path.join(to, name);
    if (isWorkspacePackageLink(source)) {
      symlinkSync(readlinkSync(source), target); // relative, so it now resolves inside the copy
    } else if (name.startsWith('@') && readdirSync(source).some((child) => isWorkspacePackageLink(path.join(source, child)))) {
      linkNodeModules(source, target);
    } else {
      symlinkSync(source, target);
    }
  }
}

function isWorkspacePackageLink(file: string): boolean {
  if (!lstatSync(file).isSymbolicLink()) return false;
  const link = readlinkSync(file);
  const resolved = path.resolve(path.dirname(file), link);
  return !path.isAbsolute(link) && resolved.startsWith(`${workspaceRoot}${path.sep}`) && !resolved.startsWith(`${path.join(workspaceRoot, 'node_modules')}${path.sep}`);
}

