import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../..');

export interface TwinPorts {
  lambda: number;
  dynamodb: number;
  health: number;
}

export interface RunningTwin {
  process: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  endpoints: { lambda: string; dynamodb: string; health: string };
}

/** Starts `npm start`'s program (node tools/local-twin/src/cli.mjs) in `cwd` on the given ports. */
export function startTwin(ports: TwinPorts, args: string[] = [], cwd = repoRoot): RunningTwin {
  const child = spawn(
    process.execPath,
    [
      path.join(cwd, 'tools/local-twin/src/cli.mjs'),
      '--lambda-port',
      String(ports.lambda),
      '--dynamodb-port',
      String(ports.dynamodb),
      '--health-port',
      String(ports.health),
      ...args,
    ],
    { cwd, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] },
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
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    endpoints: {
      lambda: `http://127.0.0.1:${ports.lambda}`,
      dynamodb: `http://127.0.0.1:${ports.dynamodb}`,
      health: `http://127.0.0.1:${ports.health}`,
    },
  };
}

/** Polls `fn` until it returns a truthy value or the time is up. */
export async function waitFor<T>(fn: () => Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface HealthJson {
  counts: { sent: number; persisted: number; failed: number; inFlight: number };
  functions: Record<string, { status: string; components?: Record<string, { status: string; circuit: string }> }>;
  newestReadings: Array<{ device_id: string; timestamp: string; data: Record<string, unknown> }>;
}

export async function readHealth(twin: RunningTwin): Promise<HealthJson> {
  const response = await fetch(`${twin.endpoints.health}/health.json`);
  return (await response.json()) as HealthJson;
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
