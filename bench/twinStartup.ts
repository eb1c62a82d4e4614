// 7. The local twin's start-up: LocalTwin.start to ready, with this repository's processors and,
// in a temporary git copy, with `processors` in all (generated beside them) — first start (the
// new processors built) and a second one (everything from Nx's cache). Ratios of wall-clock time
// against the two-processor start, same run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalTwin } from '@twinflow/local-twin';

const tenths = (x: number): number => Math.round(x * 10) / 10;

/** Seconds from LocalTwin.start to ready (then stopped), and the start's own progress lines. */
async function timedStart(workspace: string, name: string): Promise<{ seconds: number; steps: string[] }> {
  const steps: string[] = [];
  const started = performance.now();
  const twin = await LocalTwin.start({ workspace, workDir: path.join(workspace, 'tmp', name), ports: { lambda: 7502, dynamodb: 7567, health: 7510 }, log: (line) => steps.push(line.trim()) });
  const seconds = (performance.now() - started) / 1000;
  await twin.stop();
  return { seconds, steps };
}

export async function twinStartup({ workspace, processors, progress = () => undefined }: { workspace: string; processors: number; progress?: (line: string) => void }) {
  const rows: object[] = [];
  await timedStart(workspace, 'bench-startup'); // fill Nx's cache
  const two = await timedStart(workspace, 'bench-startup');
  rows.push({ processors: 2, start: 'cached build', seconds: tenths(two.seconds), vsTwoProcessors: 1, build: two.steps.find((s) => s.includes('built')) });
  if (processors <= 2) return { name: 'local twin start-up (LocalTwin.start to ready), 2 processors', rows };
  const copy = path.join(mkdtempSync(path.join(tmpdir(), 'twinflow-startup-bench-')), 'repo');
  try {
    execFileSync('git', ['clone', '--quiet', workspace, copy]);
    symlinkSync(path.join(workspace, 'node_modules'), path.join(copy, 'node_modules'));
    const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
    progress(`generating ${processors - 2} processors in a copy…`);
    for (let n = 1; n <= processors - 2; n += 1) execFileSync(process.execPath, [path.join(workspace, 'node_modules/nx/dist/bin/nx.js'), 'g', 'processor', `bench-${n}`], { cwd: copy, env, stdio: 'ignore' });
    for (const start of ['first start (new processors built)', 'cached build']) {
      const run = await timedStart(copy, 'bench-startup');
      rows.push({ processors, start, seconds: tenths(run.seconds), vsTwoProcessors: tenths(run.seconds / two.seconds), build: run.steps.find((s) => s.includes('built')) });
      progress(`start with ${processors} processors (${start}): ${tenths(run.seconds)} s`);
    }
  } finally {
    rmSync(path.dirname(copy), { recursive: true, force: true });
  }
  return { name: `local twin start-up (LocalTwin.start to ready), 2 vs ${processors} processors`, rows };
}

// `tsx --tsconfig bench/tsconfig.json bench/twinStartup.ts [processors]`: this benchmark alone.
if (require.main === module) {
  void twinStartup({ workspace: path.resolve(__dirname, '..'), processors: Number(process.argv[2] ?? 50), progress: (line) => process.stderr.write(`${line}\n`) }).then(
    (result) => console.table(result.rows),
    (error: unknown) => {
      console.error((error as Error).stack);
      process.exit(1);
    },
  );
}
