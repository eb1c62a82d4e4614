// serverless-offline: one Lambda API endpoint serving every function of the twin, in process.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import path from 'node:path';
import { TwinStartError } from './errors';

/** How a process ended. */
export type ExitStatus = { code: number | null; signal: NodeJS.Signals | null };

/** A running serverless-offline. */
export interface OfflineEndpoint {
  child: ChildProcess;
  /** Stops it (and its process group), resolving once it is gone. */
  stop(): Promise<void>;
  /** Resolves as soon as the process ends while `stop()` was not called (a crash, a kill -9); never settles otherwise. */
  exited: Promise<ExitStatus>;
  /** Where its output goes. */
  logFile: string;
}

/** How a process ended, for a message: `signal SIGKILL`, `code 1`. */
export function describeExit({ code, signal }: ExitStatus): string {
  return signal ? `signal ${signal}` : `code ${code}`;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts serverless-offline in `dir` (its serverless.yml) and resolves once `readyFunction`
 * answers a health check. `watchdog` is a script loaded with --require that takes the endpoint's
 * process group down when the twin is gone (see shims/parentWatchdog.ts). `perInvocationLines`
 * false leaves out serverless-offline's line per invocation (`RequestId … Duration … Billed
 * Duration`): the twin asks for it below log level info, where nobody reads it and writing it
 * costs the endpoint ~5% of its CPU.
 */
export async function startOffline({ dir, lambdaPort, readyFunction, watchdog, timeoutMs = 60_000, perInvocationLines = true }: { dir: string; lambdaPort: number; readyFunction: string; watchdog: string; timeoutMs?: number; perInvocationLines?: boolean }): Promise<OfflineEndpoint> {
  const logFile = path.join(dir, 'offline.log');
  const log = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    ['--require', watchdog, require.resolve('serverless/bin/serverless.js'), 'offline', '--lambdaPort', String(lambdaPort), '--httpPort', String(lambdaPort + 1000), '--useInProcess'],
    { cwd: dir, detached: true, stdio: ['ignore', log, log], env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', ...(perInvocationLines ? {} : { SLS_LOG_LEVEL: 'warning' }) } },
  );
  closeSync(log);
  // Whatever ends the twin (a crash, a broken stdout pipe, a signal), the endpoint goes with it.
  const killGroup = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killGroup);
  let stopping = false;
  let ended: ExitStatus | undefined;
  const end = new Promise<ExitStatus>((resolve) =>
    child.once('exit', (code, signal) => {
      ended = { code, signal };
      process.removeListener('exit', killGroup);
      resolve(ended);
    }),
  );
  const exited = end.then((how) => (stopping ? new Promise<ExitStatus>(() => undefined) : how));
  const stop = (): Promise<void> => {
    stopping = true;
    return stopGroup(child, killGroup);
  };
  const deadline = Date.now() + timeoutMs;
  let ready = false;
  while (!ready && Date.now() < deadline) {
    if (ended) throw new TwinStartError(`serverless-offline exited during start-up (${describeExit(ended)}); see ${logFile}`);
    try {
      const response = await fetch(`http://127.0.0.1:${lambdaPort}/2015-03-31/functions/${readyFunction}/invocations`, {
        method: 'POST',
        body: JSON.stringify({ action: 'health' }),
        signal: AbortSignal.timeout(5000),
      });
      ready = response.status === 200;
    } catch {
      // not listening yet
    }
    if (!ready) await sleep(200);
  }
  if (!ready) {
    await stop();
    throw new TwinStartError(`serverless-offline did not answer within ${timeoutMs / 1000}s; see ${logFile}`);
  }
  return { child, stop, exited, logFile };
}

/** Stops the whole process group: no orphan left behind. */
function stopGroup(child: ChildProcess, killGroup: () => void): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    const timer = setTimeout(killGroup, 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}
