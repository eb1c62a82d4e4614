// `tsx --tsconfig bench/tsconfig.json bench/pipelineVsRef.ts [--ref HEAD~1] [--rounds 2] [--readings 1000]`:
// the pipeline benchmark on this tree and on a git ref, alternating, side by side in one run.
// Each tree's twin is started through its own `npm start` — the one surface every version of the
// twin shares — and read through its /counts.json and its DynamoDB port.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { failureTableName, hotTableName } from '@twinflow/core';
import { LOCAL_CREDENTIALS, type TwinPorts } from '@twinflow/local-twin';
import { type BenchTwin, scanItems, scanParkedKeys } from './localTwin';
import { pipeline } from './pipeline';

const workspace = path.resolve(__dirname, '..');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `root`'s `npm start -- --events 0` on `ports`; resolves once its /counts.json answers. */
async function startCliTwin(root: string, ports: TwinPorts): Promise<BenchTwin> {
  const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const { twinName, region } = JSON.parse(readFileSync(path.join(root, 'config/twin.json'), 'utf8')) as { twinName: string; region: string };
  const args = ['--events', '0', '--lambda-port', String(ports.lambda), '--dynamodb-port', String(ports.dynamodb), '--health-port', String(ports.health)];
  const child: ChildProcess = spawn('sh', ['-c', `exec ${scripts.start} ${args.join(' ')}`], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PATH: `${path.join(root, 'node_modules/.bin')}:${process.env['PATH']}` } });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const health = `http://127.0.0.1:${ports.health}`;
  const counts = async (): Promise<{ persisted: number; failed: number }> => (await (await fetch(`${health}/counts.json`)).json()) as { persisted: number; failed: number };
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the twin of ${root} exited during start-up:\n${stderr}`);
    if (await counts().then(() => true, () => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the twin of ${root} did not start within 180 s:\n${stderr}`);
    }
    await sleep(200);
  }
  const lambdaEndpoint = `http://127.0.0.1:${ports.lambda}`;
  return {
    lambdaEndpoint,
    twinName,
    lambda: new LambdaClient({ endpoint: lambdaEndpoint, region, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 }),
    counts,
    items: () => scanItems(`http://127.0.0.1:${ports.dynamodb}`, region, hotTableName(twinName)),
    parkedKeys: () => scanParkedKeys(`http://127.0.0.1:${ports.dynamodb}`, region, failureTableName(twinName)),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { ref: { type: 'string', default: 'HEAD~1' }, rounds: { type: 'string', default: '2' }, readings: { type: 'string', default: '1000' } } });
  const rounds = Number(values.rounds);
  const readings = Number(values.readings);
  for (const [name, value] of [['rounds', rounds], ['readings', readings]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: expected a positive integer, got ${values[name]}`);
  }
  const progress = (line: string): void => void process.stderr.write(`pipeline vs ${values.ref}: ${line}\n`);
  const dir = mkdtempSync(path.join(tmpdir(), 'twinflow-pipeline-'));
  const refTree = path.join(dir, 'ref');
  const rows: object[] = [];
  try {
    execFileSync('git', ['worktree', 'add', '--detach', refTree, values.ref], { cwd: workspace, stdio: 'ignore' });
    symlinkSync(path.join(workspace, 'node_modules'), path.join(refTree, 'node_modules'), 'dir');
    for (let round = 1; round <= rounds; round += 1) {
      // ref first in odd rounds, this tree first in even ones: neither side always runs second.
      const order: Array<[string, string]> = [[values.ref, refTree], ['now', workspace]];
      for (const [tree, root] of round % 2 === 1 ? order : [...order].reverse()) {
        progress(`round ${round}: starting the twin of ${tree}…`);
        // Ports of their own each round: a twin just stopped may leave sockets in TIME_WAIT behind.
        const base = 7400 + ((round * 2 + (tree === 'now' ? 1 : 0)) % 20) * 20;
        const twin = await startCliTwin(root, { lambda: base + 2, dynamodb: base + 7, health: base + 10 });
        try {
          const result = await pipeline({ twin, readings, ceilingCalls: 300 });
          for (const row of result.rows) {
            const line = { round, tree, telemetry: row.telemetry, persisted: row.persisted, lost: row.lost, perS: row.pipelinePerS, ceilingPerS: row.endpointCeilingPerS, ratio: row.ratio, p50Ms: row.latencyP50Ms, p99Ms: row.latencyP99Ms };
            rows.push(line);
            progress(JSON.stringify(line));
          }
        } finally {
          await twin.stop();
        }
      }
    }
    console.table(rows);
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', refTree], { cwd: workspace, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(`pipelineVsRef: ${(error as Error).message}`);
  process.exit(1);
});
