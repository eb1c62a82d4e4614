#!/usr/bin/env node
// `node bench/coldStartVsRef.mjs [--ref <git ref>] [--runs N]`: the three services' bundles of this
// tree against those of an earlier commit (default HEAD~1), side by side in one run: zip bytes and
// cold start (require + first call in a fresh process, as in bundles.mjs), measured alternately so
// that the machine's drift hits both sides alike. The earlier commit is checked out in a temporary
// git worktree and packaged there with the same toolchain (this tree's node_modules).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readZipEntry } from '../tools/local-twin/src/zip.mjs';
import { coldStartMs } from './bundles.mjs';

const workspace = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { ref: { type: 'string', default: 'HEAD~1' }, runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive integer, got ${values.runs}`);
const APPS = ['dispatcher', 'wrapper', 'persister'];
const progress = (line) => process.stderr.write(`cold start vs ${values.ref}: ${line}\n`);
const slsEnv = { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

function packageApps(root) {
  for (const app of APPS) {
    progress(`packaging ${app} in ${root === workspace ? 'this tree' : values.ref}…`);
    execFileSync(process.execPath, [path.join(workspace, 'node_modules/serverless/bin/serverless.js'), 'package', '--stage', 'dev'], { cwd: path.join(root, 'apps', app), env: slsEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'twinflow-cold-'));
const refTree = path.join(dir, 'ref');
try {
  execFileSync('git', ['worktree', 'add', '--detach', refTree, values.ref], { cwd: workspace, stdio: 'ignore' });
  symlinkSync(path.join(workspace, 'node_modules'), path.join(refTree, 'node_modules'), 'dir');
  packageApps(refTree);
  packageApps(workspace);
  const env = { TWIN_NAME: 'demo', FAILURE_STORE: 'memory', AWS_REGION: 'eu-central-1', NODE_PATH: path.join(workspace, 'node_modules'), LOG_LEVEL: 'silent', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  const rows = [];
  for (const app of APPS) {
    const sides = [['ref', refTree], ['now', workspace]].map(([side, root]) => {
      const zip = path.join(root, 'apps', app, '.serverless', `demo-${app}.zip`);
      const file = path.join(dir, `${side}-${app}.js`);
      writeFileSync(file, readZipEntry(zip, 'src/handler.js'));
      return { side, zipBytes: statSync(zip).size, file, samples: [] };
    });
    progress(`measuring ${app} (${runs} runs each, alternating)…`);
    for (let i = 0; i < runs; i += 1) for (const side of sides) side.samples.push(coldStartMs(side.file, { action: 'health' }, env, 1));
    const median = (samples) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
    const [ref, now] = sides.map((side) => ({ ...side, ms: median(side.samples) }));
    rows.push({ app, [`zip ${values.ref}`]: ref.zipBytes, 'zip now': now.zipBytes, [`cold ms ${values.ref}`]: Math.round(ref.ms * 10) / 10, 'cold ms now': Math.round(now.ms * 10) / 10, ratio: Math.round((now.ms / ref.ms) * 100) / 100 });
  }
  console.table(rows);
} finally {
  execFileSync('git', ['worktree', 'remove', '--force', refTree], { cwd: workspace, stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
}
