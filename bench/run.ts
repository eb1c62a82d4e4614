// `npm run bench [-- --quick]`: twinflow's benchmarks, each a ratio against its natural baseline
// measured side by side in the same run. Prints a table per benchmark (progress on stderr) and
// writes bench/results/latest.json with the machine's size. Nothing here is asserted: timings
// belong in reports, not in tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { adapterFeatures } from './adapterFeatures';
import { adapterOverhead } from './adapterOverhead';
import { bundles } from './bundles';
import { functionDurations } from './functionDurations';
import { latency } from './latency';
import { startLocalTwin } from './localTwin';
import { persisterWrites } from './persisterWrites';
import { pipeline } from './pipeline';
import { registryScale } from './registryScale';
import { type BenchResult, printResult } from './report';
import { scaleProcessors } from './scaleProcessors';
import { soak } from './soak';
import { twinStartup } from './twinStartup';

const USAGE = 'Usage: npm run bench [-- --quick]\n  --quick  small runs (what CI does): fewer calls and readings, a 2-minute soak (10 otherwise), no 500-processor benchmark. The twin start-up runs with 2 processors (with 50 alone: npx tsx --tsconfig bench/tsconfig.json bench/twinStartup.ts 50)\n';
const workspace = path.resolve(__dirname, '..');


/** `--quick`, or a message for `--help` / an option it does not know (exit code 0 / 2). */
function readCommandLine(argv: readonly string[]): { quick: boolean } | { exit: 0 | 2; message: string } {
  const { tokens } = parseArgs({ args: [...argv], strict: false, allowPositionals: true, tokens: true, options: { quick: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  let quick = false;
  for (const token of tokens) {
    if (token.kind === 'option' && token.name === 'help') return { exit: 0, message: USAGE };
    if (token.kind === 'option' && token.name === 'quick' && token.value === undefined) quick = true;
    else return { exit: 2, message: `bench: unknown option ${argv[token.index] ?? ''} (see npm run bench -- --help)\n` };
  }
  return { quick };
}

async function main(): Promise<void> {
  const command = readCommandLine(process.argv.slice(2));
  if ('exit' in command) {
    (command.exit === 0 ? process.stdout : process.stderr).write(command.message);
    process.exitCode = command.exit;
    return;
  }
  const { quick } = command;
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
  const progress = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
  progress('building what the benchmarks measure (cached by Nx)…');
  execFileSync(process.execPath, [path.join(workspace, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'build', 'package', '--outputStyle=static'], { cwd: workspace, env, stdio: ['ignore', 'ignore', 'inherit'] });

  const cpus = os.cpus();
  const results = {
    machine: { cpus: cpus.length, model: cpus[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.arch()}` },
    quick,
    at: new Date().toISOString(),
    benchmarks: [] as BenchResult[],
  };
  const report = (result: BenchResult): void => {
    results.benchmarks.push(result);
    printResult(result);
  };
  const timed = async <T>(what: string, fn: () => T | Promise<T>): Promise<T> => {
    progress(`${what}…`);
    const started = Date.now();
    const result = await fn();
    progress(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };

  // No twin needed: the in-process fake Lambda API only (so it runs before the twin starts, on a quieter machine).
  report(await timed('adapter features', () => adapterFeatures(quick ? { calls: 2000, blocks: 4, warmup: 200 } : { calls: 6000, blocks: 6, warmup: 300 })));

  report(await timed('registry scale (10,000 devices)', () => registryScale({ workspace, quick })));

  progress('starting the local twin (dynalite + serverless-offline) for the adapter and pipeline benchmarks…');
  const twin = await startLocalTwin({ workspace, ports: { lambda: 7302, dynamodb: 7567, health: 7310 } });
  try {
    // First: its wait for the wrapper's readings scans the hot table, which the pipeline benchmarks fill.
    report(await timed('function durations', () => functionDurations({ twin, batch: 25, calls: quick ? 10 : 25 })));
    const sizes = quick ? { pairs: 2000, blocks: 4, warmup: 200 } : { pairs: 6000, blocks: 6, warmup: 300 };
    report(await timed('adapter overhead', () => adapterOverhead({ ...sizes, localEndpoint: twin.lambdaEndpoint })));
    report(await timed('pipeline throughput', () => pipeline(quick ? { twin, readings: 500, ceilingCalls: 1000 } : { twin, readings: 4000, ceilingCalls: 3000 })));
    report(await timed('latency under load', () => latency(quick ? { twin, seconds: 6, calibrationReadings: 300 } : { twin, seconds: 20, calibrationReadings: 2000 })));
  } finally {
    await twin.stop();
  }
  report(await timed('twin start-up', () => twinStartup({ workspace, processors: 2, progress })));
  report(await timed('soak', () => soak({ workspace, minutes: quick ? 2 : 10, rate: 100, progress })));
  report(await timed('persister writes', () => persisterWrites(quick ? { items: 500 } : { items: 5000 })));
  report(await timed('bundles and cold start', () => bundles({ workspace, runs: quick ? 3 : 9 })));
  if (!quick) report(await timed('500 processors (generator, project graph, affected build and deploy)', () => scaleProcessors({ workspace, processors: 500, progress })));

  mkdirSync(path.join(workspace, 'bench/results'), { recursive: true });
  writeFileSync(path.join(workspace, 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const { machine } = results;
  console.log(`\nwritten to bench/results/latest.json (${machine.cpus} × ${machine.model}, ${machine.memoryGiB} GiB, node ${machine.node})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
