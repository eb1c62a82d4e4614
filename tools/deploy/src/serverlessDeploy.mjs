// One Serverless service deployed: the only place that runs `serverless deploy`, for the projects'
// `deploy` targets (deployProject.mjs) and for `npm run deploy` (deploy.mjs) alike.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverlessDeployArgs } from './deployArgs.cjs';

export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const serverlessBin = path.join(workspaceRoot, 'node_modules/serverless/bin/serverless.js');

/**
 * Runs `serverless deploy` in a service's directory, its output prefixed with `label` line by line.
 *
 * @returns {Promise<{ ok: boolean, code: number | null, ms: number, output: string }>}
 */
export function runServerlessDeploy({ root, label, stage, region, forwarded, write = (line) => process.stdout.write(line) }) {
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
    const onData = (chunk) => {
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

export { DeployUsageError, serverlessDeployArgs, splitDeployArgs } from './deployArgs.cjs';
