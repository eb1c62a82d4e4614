// Where the deploy tools run: the workspace root, and Nx as they call it (no daemon, no cloud).
import path from 'node:path';

/** The repository root (tools/deploy/src/../../..). */
export const workspaceRoot = path.resolve(__dirname, '../../..');

/** Nx's command line script, run with `process.execPath`. */
export const nxBin = path.join(workspaceRoot, 'node_modules/nx/dist/bin/nx.js');

/** The environment of a nested Nx: the caller's, without the daemon, Nx Cloud or the TUI. */
export function nxEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
}
