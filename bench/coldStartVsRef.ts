// `npx tsx bench/coldStartVsRef.ts [--ref <git ref>] [--runs N]`: the three services' bundles of this
// tree against those of an earlier commit (default HEAD~1), side by side in one run: zip bytes and
// cold start (require + first call in a fresh process, as in bundles.ts), measured alternately so
// that the machine's drift hits both sides alike. The earlier commit is checked out in a temporary
// git worktree and packaged there with the same toolchain (this tree's node_modules).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readZipEntry } from '@twinflow/deploy-tools';
import { coldStartEnv, coldStartMs } from './bundles';

const workspace = path.resolve(__dirname, '..');
const APPS = ['dispatcher', 'wrapper', 'persister'];
const slsEnv = { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
const median = (samples: readonly number[]): number => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? Number.NaN;
const tenths = (x: number): number => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { ref: { type: 'string', default: 'HEAD~1' }, runs: { type: 'string', default: '15' } } });
  const { ref } = values;
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive integer, got ${values.runs}`);
  const progress = (line: string): void => void process.stderr.write(`cold start vs ${ref}: ${line}\n`);
  const packageApps = (root: string): void => {
    for (const app of APPS) {
      progress(`packaging ${app} in ${root === workspace ? 'this tree' : ref}…`);
      execFileSync(process.execPath, [path.join(workspace, 'node_modules/serverless/bin/serverless.js'), 'package', '--stage', 'dev'], { cwd: path.join(root, 'apps', app), env: slsEnv, stdio: ['ignore', 'ignore', 'inherit'] });
    }
  };

  const dir = mkdtempSync(path.join(tmpdir(), 'twinflow-cold-'));
  const refTree = path.join(dir, 'ref');
  try {
    execFileSync('git', ['worktree', 'add', '--detach', refTree, ref], { cwd: workspace, stdio: 'ignore' });
    symlinkSync(path.join(workspace, 'node_modules'), path.join(refTree, 'node_modules'), 'dir');
    packageApps(refTree);
    packageApps(workspace);
    const env = coldStartEnv(workspace);
    const rows = [];
    for (const app of APPS) {
      const sides = [];
      for (const [side, root] of [['ref', refTree], ['now', workspace]] as const) {
        const zip = path.join(root, 'apps', app, '.serverless', `demo-${app}.zip`);
        const file = path.join(dir, `${side}-${app}.js`);
        writeFileSync(file, await readZipEntry(zip, 'src/handler.js'));
        sides.push({ side, zipBytes: statSync(zip).size, file, samples: [] as number[] });
      }
      progress(`measuring ${app} (${runs} runs each, alternating)…`);
      for (let i = 0; i < runs; i += 1) for (const side of sides) side.samples.push(coldStartMs(side.file, { action: 'health' }, env, 1));
      const [before, now] = sides.map((side) => ({ ...side, ms: median(side.samples) }));
      if (before === undefined || now === undefined) continue;
      rows.push({ app, [`zip ${ref}`]: before.zipBytes, 'zip now': now.zipBytes, [`cold ms ${ref}`]: tenths(before.ms), 'cold ms now': tenths(now.ms), ratio: Math.round((now.ms / before.ms) * 100) / 100 });
    }
    console.table(rows);
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', refTree], { cwd: workspace, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
