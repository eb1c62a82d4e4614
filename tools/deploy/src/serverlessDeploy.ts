// One Serverless service deployed: the only place that runs `serverless deploy`, for the projects'
// `deploy` targets (deployProject.ts) and for `npm run deploy` (deploy.ts) alike.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { serverlessDeployArgs } from './deployArgs';
import { workspaceRoot } from './workspace';

const serverlessBin = path.join(workspaceRoot, 'node_modules/serverless/bin/serverless.js');

/** What to deploy: a service's directory, the prefix of its output lines, and the command line's parts. */
export type ServerlessDeployOptions = {
  /** The project root, relative to the workspace (`apps/persister`, `processors/thermostat-1`). */
  root: string;
  /** Prefixed to every output line: `[label] …`. */
  label: string;
  stage: string;
  region?: string | undefined;
  forwarded?: readonly string[];
  /** Where output lines go (default stdout). */
  write?: (line: string) => void;
};

/** How a `serverless deploy` ended. */
export type ServerlessDeployResult = { ok: boolean; code: number | null; ms: number; output: string };

/** Runs `serverless deploy` in a service's directory, its output prefixed with `label` line by line; never rejects. */
export function runServerlessDeploy({ root, label, stage, region, forwarded = [], write = (line) => process.stdout.write(line) }: ServerlessDeployOptions): Promise<ServerlessDeployResult> {
  const started = Date.now();
  const args = serverlessDeployArgs({ stage, region, forwarded });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [serverlessBin, ...args], {
      cwd: path.resolve(workspaceRoot, root),
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let partial = '';
    const onData = (chunk: string): void => {
      output += chunk;
      const lines = (partial + chunk).split(/\r?\n/);
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') write(`[${label}] ${line}\n`);
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.once('error', (err) => resolve({ ok: false, code: null, ms: Date.now() - started, output: `${output}\n${err.message}` }));
    child.once('close', (code) => {
      if (partial.trim() !== '') write(`[${label}] ${partial}\n`);
      resolve({ ok: code === 0, code, ms: Date.now() - started, output });
    });
  });
}
