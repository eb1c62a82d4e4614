/**
 * The e2e suites' shared pieces: the one wait helper (`waitFor`), each suite's own work
 * directory, and — for the suites that test `npm start` itself (exit codes, signals, orphans) —
 * the CLI as a child process. Every other suite drives an in-process LocalTwin.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { dispatcherFunctionName, hotTableName, loadTwinConfig } from '@twinflow/core';
import type { TwinPorts } from '@twinflow/local-twin';

export const repoRoot = path.resolve(__dirname, '../../..');

/** A suite's own work directory (its functions, spool file and journal), never the default tmp/local-twin. */
export const suiteWorkDir = (suite: string): string => path.join(repoRoot, 'tmp', `e2e-${suite}`);

/** Polls `fn` every `pollMs` until it returns a truthy value (a throw counts as "not yet"); rejects naming `what` when the time is up. */
export async function waitFor<T>(fn: () => Promise<T | undefined | false>, timeoutMs: number, what: string | (() => string), pollMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** `npm start` running as a child process. */
export interface RunningCli {
  process: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  endpoints: { lambda: string; dynamodb: string; health: string };
}

/** The names a CLI twin serves (config/twin.json's twin), for suites with no LocalTwin object to ask. */
export function cliTwinNames(workspace = repoRoot): { twin: string; dispatcher: string; hotTable: string } {
  const { twinName } = loadTwinConfig(path.join(workspace, 'config/twin.json'));
  return { twin: twinName, dispatcher: dispatcherFunctionName(twinName), hotTable: hotTableName(twinName) };
}

/** Starts `npm start`'s program (node tools/local-twin/bin/start.cjs) on the given ports. */
export function startCli(ports: TwinPorts, args: string[] = []): RunningCli {
  const child = spawn(
    process.execPath,
    [path.join(repoRoot, 'tools/local-twin/bin/start.cjs'), '--lambda-port', String(ports.lambda), '--dynamodb-port', String(ports.dynamodb), '--health-port', String(ports.health), ...args],
    { cwd: repoRoot, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop: async (signal = 'SIGINT') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    endpoints: { lambda: `http://127.0.0.1:${ports.lambda}`, dynamodb: `http://127.0.0.1:${ports.dynamodb}`, health: `http://127.0.0.1:${ports.health}` },
  };
}

/** The final `--json` summary line of a CLI run. */
export function cliSummary<T = Record<string, unknown>>(cli: RunningCli): T {
  return JSON.parse(cli.stdout().trim().split('\n').at(-1) ?? '{}') as T;
}

/** The CLI's live counts (GET /counts.json): only for suites that test the CLI itself. */
export async function cliCounts(cli: RunningCli): Promise<{ sent: number; persisted: number; failed: number; inFlight: number }> {
  const response = await fetch(`${cli.endpoints.health}/counts.json`);
  if (!response.ok) throw new Error(`GET /counts.json: ${response.status}`);
  return (await response.json()) as { sent: number; persisted: number; failed: number; inFlight: number };
}

/** Processes whose command line mentions `marker` (e.g. the twin's work dir). */
export function processesMatching(marker: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', marker], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.includes('pgrep'));
  } catch {
    return [];
  }
}
