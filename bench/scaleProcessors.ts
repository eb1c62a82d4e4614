// 5. Many processors (issue 17): a temporary git copy grown to `processors` generated processors
// beside the repository's own, and a second copy with none, side by side: the CLI `nx g processor`
// of the 1st (in the small copy) and of the last three (in the big one), alternated run by run;
// the project graph from cold (no daemon, no .nx/workspace-data) in each, alternated; then in the
// big copy building every processor (empty cache) vs `nx affected -t build` after one handler
// change, a fully cached rebuild, and what `nx affected -t deploy --dry-run` selects. The
// processors in between are made in-process by the copy's own generator (`FsTree` +
// `flushChanges`, 50 per tree): the CLI's seconds each would take an hour for 500. Ratios of
// wall-clock time, same run. Full mode only (500 builds: ~15–25 min on 2 cores).
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { linkNodeModules, nxEnvironment } from '@twinflow/testing/workspaceLinks';
import { flushChanges, FsTree } from 'nx/src/generators/tree';

type ProcessorGenerator = typeof import('../tools/nx-plugin/src/generators/processor/generator').processorGenerator;

const tenths = (x: number): number => Math.round(x * 10) / 10;
const hundredths = (x: number): number => Math.round(x * 100) / 100;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const met = (ok: boolean): string => (ok ? 'met' : 'MISSED');
const seconds = (fn: () => unknown): number => {
  const started = performance.now();
  fn();
  return (performance.now() - started) / 1000;
};
/** Processors made per in-process tree (one `flushChanges` each) and between progress lines. */
const BATCH = 50;
/** CLI runs timed at each end (medians). */
const RUNS = 3;
const device = (n: number): string => `bench-${n}`;
const ordinal = (n: number): string => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

/** A git copy of the workspace with its own Nx cache and workspace data, and `nx` / `git` in it. */
function workspaceCopy(workspace: string, root: string) {
  execFileSync('git', ['clone', '--quiet', workspace, root]);
  linkNodeModules(path.join(workspace, 'node_modules'), path.join(root, 'node_modules'));
  const env = nxEnvironment({ FORCE_COLOR: '0', NX_CACHE_DIRECTORY: path.join(root, '.nx', 'cache') });
  const nxBin = path.join(workspace, 'node_modules/nx/dist/bin/nx.js');
  const git = (...args: string[]): void => void execFileSync('git', args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  git('config', 'user.email', 'bench@twinflow.local');
  git('config', 'user.name', 'bench');
  const nx = (...args: string[]): string => {
    const run = spawnSync(process.execPath, [nxBin, ...args], { cwd: root, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`nx ${args.join(' ')} in ${root} exited with ${run.status}:\n${`${run.stdout}\n${run.stderr}`.slice(-4000)}`);
    return run.stdout;
  };
  const graphFile = path.join(path.dirname(root), `${path.basename(root)}-graph.json`);
  return {
    root,
    nx,
    git,
    /** `nx g processor <device>`, seconds. */
    generate: (id: string): number => seconds(() => nx('g', 'processor', id)),
    /** `nx graph --file` with neither daemon nor workspace data (no cached graph, no file hashes): seconds, and the graph's project count. */
    coldGraph: (): { s: number; projects: number } => {
      rmSync(path.join(root, '.nx', 'workspace-data'), { recursive: true, force: true });
      const s = seconds(() => nx('graph', `--file=${graphFile}`));
      const { graph } = JSON.parse(readFileSync(graphFile, 'utf8')) as { graph: { nodes: Record<string, unknown> } };
      return { s, projects: Object.keys(graph.nodes).length };
    },
  };
}

/** The files of `processors/<device>` with the device id replaced: what any two generated processors share. */
function shapeOf(copy: string, id: string): string {
  const root = path.join(copy, 'processors', id);
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort()
    .map((file) => `${file}\n${readFileSync(path.join(root, file), 'utf8').split(id).join('<device>')}`)
    .join('\n');
}

/**
 * The processor generator and Nx at scale, with `processors` generated processors beside the
 * repository's own (≥ 4: the last three by the CLI, at least one in-process).
 */
export async function scaleProcessors({ workspace, processors, progress = () => undefined }: { workspace: string; processors: number; progress?: (line: string) => void }) {
  if (!Number.isInteger(processors) || processors <= RUNS) throw new Error(`scaleProcessors: processors must be an integer > ${RUNS}, not ${processors}`);
  const base = mkdtempSync(path.join(tmpdir(), 'twinflow-scale-bench-'));
  try {
    const small = workspaceCopy(workspace, path.join(base, 'small'));
    const big = workspaceCopy(workspace, path.join(base, 'big'));
    const lastCli = Array.from({ length: RUNS }, (_, i) => processors - RUNS + 1 + i);

    // The copy's own generator (what its CLI runs), loaded from the copy's sources.
    const { processorGenerator } = (await import(path.join(big.root, 'tools/nx-plugin/src/generators/processor/generator'))) as { processorGenerator: ProcessorGenerator };
    const inProcessStarted = performance.now();
    for (let from = 1; from < processors - RUNS + 1; from += BATCH) {
      const tree = new FsTree(big.root, false);
      const to = Math.min(from + BATCH - 1, processors - RUNS);
      for (let n = from; n <= to; n += 1) await processorGenerator(tree, { device: device(n) });
      flushChanges(big.root, tree.listChanges());
      if (to % BATCH === 0 || to === processors - RUNS) progress(`in-process: ${to} of ${processors} processors (${tenths((performance.now() - inProcessStarted) / 1000)} s)`);
    }
    const inProcessS = (performance.now() - inProcessStarted) / 1000;
    big.git('add', '-A');
    big.git('commit', '-q', '-m', 'bench: processors');

    // Each copy's graph as a developer's previous `nx` command leaves it; then the CLI generator,
    // the 1st in the small copy and the last ones in the big one, alternated.
    small.nx('show', 'projects');
    big.nx('show', 'projects');
    const first: number[] = [];
    const last: number[] = [];
    for (const [i, n] of lastCli.entries()) {
      first.push(small.generate(device(i + 1)));
      last.push(big.generate(device(n)));
    }
    progress(`nx g processor: ${first.map(tenths).join(' / ')} s (1st–${ordinal(RUNS)}), ${last.map(tenths).join(' / ')} s (${ordinal(lastCli[0] ?? 0)}–${ordinal(processors)})`);
    if (shapeOf(small.root, device(1)) !== shapeOf(big.root, device(1)) || shapeOf(big.root, device(1)) !== shapeOf(big.root, device(processors))) {
      throw new Error('an in-process processor differs from the CLI-generated ones (beyond its device id)');
    }
    big.git('add', '-A');
    big.git('commit', '-q', '-m', 'bench: the last processors');

    const graphSmall: Array<{ s: number; projects: number }> = [];
    const graphBig: Array<{ s: number; projects: number }> = [];
    for (let i = 0; i < RUNS; i += 1) {
      graphSmall.push(small.coldGraph());
      graphBig.push(big.coldGraph());
    }
    const projectsSmall = graphSmall[0]?.projects ?? 0;
    const projectsBig = graphBig[0]?.projects ?? 0;
    if (projectsBig - projectsSmall !== processors - RUNS) throw new Error(`the big copy's graph holds ${projectsBig} projects, expected ${projectsSmall} + ${processors - RUNS}`);
    const graphSmallS = median(graphSmall.map((g) => g.s));
    const graphBigS = median(graphBig.map((g) => g.s));
    progress(`project graph, cold: ${projectsSmall} projects ${tenths(graphSmallS)} s, ${projectsBig} projects ${tenths(graphBigS)} s; building ${processors + 2} processors…`);
    rmSync(small.root, { recursive: true, force: true });

    // An empty cache: what --skip-nx-cache measures (it neither reads nor writes the cache), but this
    // run also fills the cache the affected and cached runs below use.
    const buildAllS = seconds(() => big.nx('run-many', '-t', 'build', '--projects=processor-*', '--outputStyle=static'));
    progress(`built every processor: ${tenths(buildAllS)} s`);
    const changed = device(Math.ceil(processors / 2));
    appendFileSync(path.join(big.root, 'processors', changed, 'src/handler.ts'), '\n// changed\n');
    big.git('commit', '-q', '-am', `bench: change ${changed}`);
    const range = ['--base=HEAD~1', '--head=HEAD'];
    const affectedS = seconds(() => big.nx('affected', '-t', 'build', ...range, '--outputStyle=static'));
    const cachedS = seconds(() => big.nx('run-many', '-t', 'build', '--projects=processor-*', '--outputStyle=static'));
    const selected = JSON.parse(big.nx('show', 'projects', '--affected', '--withTarget', 'deploy', ...range, '--json')) as string[];
    let deployOutput = '';
    const deployS = seconds(() => (deployOutput = big.nx('affected', '-t', 'deploy', ...range, '--dry-run', '--outputStyle=static')));
    const wouldDeploy = deployOutput.split('\n').flatMap((line) => /dry run: would deploy (\S+)/.exec(line)?.[1] ?? []);
    const expected = `processor-${changed}`;
    const selectedOne = selected.length === 1 && selected[0] === expected && wouldDeploy.length === 1 && wouldDeploy[0] === `processors/${changed}`;
    progress(`affected build ${tenths(affectedS)} s, cached ${tenths(cachedS)} s, affected deploy --dry-run: ${wouldDeploy.join(', ')}`);

    const firstS = median(first);
    const lastS = median(last);
    const total = processors + 2;
    return {
      name: `${total} processors (${processors} generated in a git copy)`,
      inProcessGenerationS: tenths(inProcessS),
      rows: [
        {
          figure: `nx g processor: the 1st (1st–${ordinal(RUNS)}, small copy) vs the ${ordinal(processors)} (${ordinal(lastCli[0] ?? 0)}–${ordinal(processors)}), alternated; medians`,
          baseline: `${hundredths(firstS)} s (${first.map(hundredths).join(' / ')})`,
          measured: `${hundredths(lastS)} s (${last.map(hundredths).join(' / ')})`,
          ratio: hundredths(lastS / firstS),
          goal: `≤ 2 ${met(lastS <= 2 * firstS)}`,
        },
        {
          figure: `project graph, cold (nx graph --file, no daemon, no .nx/workspace-data), ${projectsSmall} vs ${projectsBig} projects, alternated; medians of ${RUNS}`,
          baseline: `${hundredths(graphSmallS)} s`,
          measured: `${hundredths(graphBigS)} s (${tenths(((graphBigS - graphSmallS) * 1000) / (projectsBig - projectsSmall))} ms per added project)`,
          ratio: hundredths(graphBigS / graphSmallS),
          goal: 'reported (no goal in the issue)',
        },
        { figure: `build all ${total} processors (empty cache) vs nx affected -t build after one handler change`, baseline: `${tenths(buildAllS)} s`, measured: `${hundredths(affectedS)} s`, ratio: tenths(buildAllS / affectedS), goal: `≥ 50 ${met(buildAllS / affectedS >= 50)}` },
        { figure: `build all ${total} processors (empty cache) vs all from Nx's cache`, baseline: `${tenths(buildAllS)} s`, measured: `${hundredths(cachedS)} s`, ratio: tenths(buildAllS / cachedS), goal: 'reported' },
        {
          figure: 'nx affected -t deploy --dry-run after that change: projects selected (nx show projects --affected --withTarget deploy) / tasks that would deploy',
          baseline: expected,
          measured: `${selected.join(', ')} / ${wouldDeploy.join(', ')} (${tenths(deployS)} s, with its build, typecheck, lint and test)`,
          ratio: selected.length,
          goal: `exactly 1 ${met(selectedOne)}`,
        },
      ],
    };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

// `tsx --tsconfig bench/tsconfig.json bench/scaleProcessors.ts [processors]`: this benchmark alone (default 500).
if (require.main === module) {
  const started = Date.now();
  void scaleProcessors({ workspace: path.resolve(__dirname, '..'), processors: Number(process.argv[2] ?? 500), progress: (line) => process.stderr.write(`${line}\n`) }).then(
    (result) => {
      const { rows, ...figures } = result;
      console.log(JSON.stringify(figures));
      console.table(rows);
      process.stderr.write(`${((Date.now() - started) / 1000).toFixed(0)} s in all\n`);
    },
    (error: unknown) => {
      console.error((error as Error).stack);
      process.exit(1);
    },
  );
}
