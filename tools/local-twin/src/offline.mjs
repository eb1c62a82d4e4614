// serverless-offline: one Lambda API endpoint serving every function of the twin, in process.
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Starts serverless-offline in `dir` (its serverless.yml) and resolves once it answers. */
export async function startOffline({ dir, lambdaPort, readyFunction, timeoutMs = 60_000 }) {
  const log = openSync(path.join(dir, 'offline.log'), 'a');
  const child = spawn(
    process.execPath,
    [require.resolve('serverless/bin/serverless.js'), 'offline', '--lambdaPort', String(lambdaPort), '--httpPort', String(lambdaPort + 1000), '--useInProcess'],
    {
      cwd: dir,
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
    },
  );
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`serverless-offline exited during start-up; see ${path.join(dir, 'offline.log')}`);
    try {
      const response = await fetch(`http://127.0.0.1:${lambdaPort}/2015-03-31/functions/${readyFunction}/invocations`, {
        method: 'POST',
        body: JSON.stringify({ action: 'health' }),
        signal: AbortSignal.timeout(5000),
      });
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (Date.now() >= deadline) {
    stop(child);
    throw new Error(`serverless-offline did not answer within ${timeoutMs / 1000}s; see ${path.join(dir, 'offline.log')}`);
  }
  return { child, stop: () => stop(child) };
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
