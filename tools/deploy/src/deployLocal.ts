// `nx run processor-<device>:deploy -c local`: hands the freshly built zip to the running local
// twin (`npm start`), which swaps the processor's code (and resets the wrapper's circuit breaker of
// that processor) so the next invocation runs it; prints what the twin answers.
// Fails with a clear message when no twin is running.
// Usage: tsx tools/deploy/src/deployLocal.ts <device>
// Env: TWINFLOW_ADMIN_URL (default http://127.0.0.1:3100, the twin's health/admin server)
// Exit codes: 0 deployed, 1 not deployed (no zip, no twin, refused), 2 a command line it cannot take.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isDeviceId, loadDeviceRegistry, loadTwinConfig, processorFunctionName, processorProjectName, TwinflowError, UnknownDeviceError } from '@twinflow/core';
import { runCli } from './cli';
import { BuildInputMissingError, UsageError } from './errors';
import { workspaceRoot } from './workspace';

/** The twin's health/admin server when `TWINFLOW_ADMIN_URL` is not set. */
const DEFAULT_ADMIN_URL = 'http://127.0.0.1:3100';
/** How long one request to the twin may take. */
const REQUEST_TIMEOUT_MS = 15_000;

/** The local twin is not running, is not the twinflow twin, or refused the code. */
class LocalDeployError extends TwinflowError {
  public constructor(message: string, code: 'LOCAL_TWIN_UNAVAILABLE' | 'LOCAL_TWIN_REFUSED', options: { cause?: unknown } = {}) {
    super(message, code, options);
  }
}

function readDevice(argv: readonly string[]): string {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: {} }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [device] = positionals;
  if (!isDeviceId(device)) throw new UsageError(`expected a device id, got ${JSON.stringify(device ?? '')}`);
  return device;
}

/** The zip and its sha256 as `nx build processor-<device>` wrote them. */
function builtZip(project: string): { zipPath: string; sha256: string } {
  const zipPath = path.join(workspaceRoot, 'dist/processors', `${project}.zip`);
  for (const file of [zipPath, `${zipPath}.sha256`]) {
    const relative = path.relative(workspaceRoot, file);
    if (!existsSync(file)) throw new BuildInputMissingError(`${relative} is missing; run \`npx nx build ${project}\` first`, relative);
  }
  const sha256 = readFileSync(`${zipPath}.sha256`, 'utf8').split(/\s+/)[0] ?? '';
  return { zipPath, sha256 };
}

/** `fetch`, with a running-twin hint for a connection that fails or times out. */
async function request(adminUrl: string, url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
    const reason = typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.name : 'error';
    throw new LocalDeployError(
      `the local twin is not running (no answer from ${adminUrl}: ${reason}).\n  Start it in another terminal with \`npm start\`, then run this again.`,
      'LOCAL_TWIN_UNAVAILABLE',
      { cause: error },
    );
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const device = readDevice(argv);
  const project = processorProjectName(device);
  // The function the twin serves the code under; the twin simulates and dispatches registered devices only.
  const functionName = processorFunctionName(loadTwinConfig(path.join(workspaceRoot, 'config/twin.json')).twinName, device);
  if (!loadDeviceRegistry(path.join(workspaceRoot, 'config/config_iot_devices.json')).some((entry) => entry.id === device)) {
    throw new UnknownDeviceError(device);
  }
  const { zipPath, sha256 } = builtZip(project);
  const adminUrl = (process.env['TWINFLOW_ADMIN_URL'] ?? DEFAULT_ADMIN_URL).replace(/\/$/, '');

  const health = await request(adminUrl, `${adminUrl}/health.json`);
  if (!health.ok) throw new LocalDeployError(`${adminUrl}/health.json answered ${health.status}; is that the twinflow local twin?`, 'LOCAL_TWIN_UNAVAILABLE');

  const response = await request(adminUrl, `${adminUrl}/admin/processors/${device}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ zipPath, sha256 }),
  });
  const body = await response.text();
  if (!response.ok) throw new LocalDeployError(`the local twin refused ${project} (${response.status}): ${body}`, 'LOCAL_TWIN_REFUSED');
  process.stdout.write(`deploy-local: ${project} (sha256 ${sha256.slice(0, 12)}…) now serves in the local twin as ${functionName} — ${body}\n`);
}

runCli('deploy-local', () => main(process.argv.slice(2)));
