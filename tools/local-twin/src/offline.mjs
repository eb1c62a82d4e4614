// serverless-offline: one Lambda API endpoint serving every function of the twin, in process.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * Starts serverless-offline in `dir` (its serverless.yml) and resolves once it answers, with:
 * - `child`: the process;
 * - `stop()`: stops it (and its process group), resolving once it is gone;
 * - `exited`: resolves `{ code, signal }` as soon as the process ends while `stop()` was not
 *   called (a crash, a kill -9), so the twin can say that its Lambda endpoint is gone; it never
 *   settles otherwise;
 * - `logFile`: where its output goes.
 */
export async function startOffline({ dir, lambdaPort, readyFunction, timeoutMs = 60_000 }) {
  const logFile = path.join(dir, 'offline.log');
  const log = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    ['--require', path.join(path.dirname(fileURLToPath(import.meta.url)), 'parentWatchdog.cjs'), require.resolve('serverless/bin/serverless.js'), 'offline', '--lambdaPort', String(lambdaPort), '--httpPort', String(lambdaPort + 1000), '--useInProcess'],
    {
      cwd: dir,
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
    },
  );
  closeSync(log);
  // Whatever ends the twin (a crash, a broken stdout pipe, a signal), the endpoint goes with it.
  const killOnExit = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killOnExit);
  let stopping = false;
  let ended;
  const end = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      ended = { code, signal };
      resolve(ended);
    }),
  );
  const exited = end.then((how) => (stopping ? new Promise(() => undefined) : how));
  const stopOffline = () => {
    stopping = true;
    return stop(child);
  };
  const deadline = Date.now() + timeoutMs;
  let ready = false;
  while (!ready && Date.now() < deadline) {
    if (ended) throw new Error(`serverless-offline exited during start-up (${describeExit(ended)}); see ${logFile}`);
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
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (!ready) {
    await stopOffline();
    throw new Error(`serverless-offline did not answer within ${timeoutMs / 1000}s; see ${logFile}`);
  }
  return { child, stop: stopOffline, exited, logFile };
}

/** How a process ended, for a message: `signal SIGKILL`, `code 1`. */
export function describeExit({ code, signal }) {
  return signal ? `signal ${signal}` : `code ${code}`;
}

/** Stops the whole process group: no orphan left behind. */
function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 3000);
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
