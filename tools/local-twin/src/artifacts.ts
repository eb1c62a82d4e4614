// What the twin runs is what ships: the services' `serverless package` zips (nx run <app>:package)
// and each processor's `nx build` zip, built (or taken from Nx's cache) at start and unpacked
// under the work directory, one folder per artifact. Nothing is re-bundled here.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { processorFunctionName, processorProjectName } from '@twinflow/core';
import { readZipEntries } from '@twinflow/deploy-tools';
import { TwinStartError } from './errors';

/** The three services the twin serves, by their Nx project (apps/<app>). */
export const SERVICE_APPS = ['dispatcher', 'wrapper', 'persister'] as const;
export type ServiceApp = (typeof SERVICE_APPS)[number];

/** One deployable artifact and the function it holds, as `serverless deploy` would upload it. */
export interface Artifact {
  /** The Nx project that builds it: `dispatcher`, `processor-thermostat-1`. */
  project: string;
  /** The device, for a processor's artifact. */
  device?: string;
  /** The deployed function name. */
  functionName: string;
  /** The zip `serverless deploy` uploads. */
  zipPath: string;
  /** The handler inside the zip, `file.export` (`src/handler.handler`, `index.handler`). */
  handler: string;
  /** The function's timeout (s), as deployed. */
  timeoutS: number;
  /** sha256 of the zip. */
  sha256: string;
  /** The zip's files (name → bytes). */
  files: Map<string, Buffer>;
}

/** Where `nx build processor-<device>` writes the zip (the processor's serverless.yml `package.artifact`). */
export const processorZipPath = (workspace: string, device: string): string => path.join(workspace, 'dist/processors', `${processorProjectName(device)}.zip`);

/**
 * Builds every artifact the twin serves through Nx (`nx run-many -t package build`: cached, so an
 * unchanged project is not rebuilt), in parallel. Rejects with the tail of Nx's output when a build fails.
 */
export function buildArtifacts(workspace: string, devices: readonly string[]): Promise<{ fromCache: number; total: number }> {
  const projects = [...SERVICE_APPS, ...devices.map(processorProjectName)];
  const args = [path.join(workspace, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'package', 'build', '-p', projects.join(','), '--parallel', '8', '--outputStyle=static'];
  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: workspace, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (error) {
        reject(new TwinStartError(`building the artifacts failed (nx run-many -t package build -p ${projects.join(',')}):\n${output.split('\n').slice(-40).join('\n')}`, { cause: error }));
        return;
      }
      const cached = /Nx read the output from the cache instead of running the command for (\d+) out of (\d+) tasks/.exec(output);
      const total = Number(/Successfully ran targets? .* for (\d+) projects?/.exec(output)?.[1] ?? projects.length);
      resolve({ fromCache: cached ? Number(cached[1]) : 0, total: cached ? Number(cached[2]) : total });
    });
  });
}

type ServerlessState = {
  package?: { artifact?: string };
  service: { functions: Record<string, { name: string; handler: string; timeout?: number }> };
};

/** A service's packaged artifact: `.serverless/<artifact>.zip`, its function name and handler from serverless-state.json. */
export async function serviceArtifact(workspace: string, app: ServiceApp): Promise<Artifact> {
  const dir = path.join(workspace, 'apps', app, '.serverless');
  const statePath = path.join(dir, 'serverless-state.json');
  let state: ServerlessState;
  try {
    state = JSON.parse(readFileSync(statePath, 'utf8')) as ServerlessState;
  } catch (error) {
    throw new TwinStartError(`${path.relative(workspace, statePath)} is missing or broken; run \`npx nx run ${app}:package\``, { cause: error });
  }
  const functions = Object.values(state.service.functions);
  const fn = functions[0];
  if (fn === undefined || functions.length !== 1 || state.package?.artifact === undefined) {
    throw new TwinStartError(`${path.relative(workspace, statePath)}: expected one function and a package artifact`);
  }
  return artifactOf(app, fn.name, path.join(dir, state.package.artifact), fn.handler, fn.timeout ?? 6);
}

/** A processor's built artifact: dist/processors/processor-<device>.zip (or `zipPath`), handler `index.handler`. */
export async function processorArtifact(workspace: string, twin: string, device: { id: string; timeout?: number }, zipPath = processorZipPath(workspace, device.id)): Promise<Artifact> {
  return { ...(await artifactOf(processorProjectName(device.id), processorFunctionName(twin, device.id), zipPath, 'index.handler', device.timeout ?? 10)), device: device.id };
}

async function artifactOf(project: string, functionName: string, zipPath: string, handler: string, timeoutS: number): Promise<Artifact> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(zipPath);
  } catch (error) {
    throw new TwinStartError(`${zipPath} is missing; run \`npx nx run ${project}:${project.startsWith('processor-') ? 'build' : 'package'}\``, { cause: error });
  }
  const files = await readZipEntries(zipPath);
  return { project, functionName, zipPath, handler, timeoutS, sha256: createHash('sha256').update(bytes).digest('hex'), files };
}

/** The file of a handler (`src/handler.handler` → `src/handler.js`) and its export (`handler`). */
export function handlerFile(handler: string): { file: string; exportName: string } {
  const dot = handler.lastIndexOf('.');
  return { file: `${handler.slice(0, dot)}.js`, exportName: handler.slice(dot + 1) };
}
