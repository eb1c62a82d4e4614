#!/usr/bin/env node
// `npm run bench [-- --quick]`: twinflow's benchmarks, each a ratio against its natural baseline
// measured side by side in the same run. Prints a table per benchmark (progress on stderr) and
// writes bench/results/latest.json with the machine's size. Nothing here is asserted: timings
// belong in reports, not in tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const workspace = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write('Usage: npm run bench [-- --quick]\n  --quick  small runs (what CI does): fewer calls and readings, a 2-minute soak (10 otherwise), no affected-builds benchmark\n');
  process.exit(0);
}
const unknown = args.filter((arg) => arg !== '--quick');
if (unknown.length > 0) {
  console.error(`bench: unknown option ${unknown[0]} (see npm run bench -- --help)`);
  process.exit(2);
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
const progress = (line) => process.stderr.write(`bench: ${line}\n`);
progress('building what the benchmarks measure (cached by Nx)…');
execFileSync(process.execPath, [path.join(workspace, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'build', 'package', '--outputStyle=static'], { cwd: workspace, env, stdio: ['ignore', 'ignore', 'inherit'] });

const { adapterOverhead } = await import('./adapterOverhead.mjs');
const { adapterFeatures } = await import('./adapterFeatures.mjs');
const { persisterWrites } = await import('./persisterWrites.mjs');
const { bundles } = await import('./bundles.mjs');
const { pipeline } = await import('./pipeline.mjs');
const { affectedBuilds } = await import('./affectedBuilds.mjs');
const { startLocalTwin } = await import('./localTwin.mjs');
const { soak } = await import('./soak.mjs');

const cpus = os.cpus();
const results = {
  machine: { cpus: cpus.length, model: cpus[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.arch()}` },
  quick,
  at: new Date().toISOString(),
  benchmarks: [],
};
const report = (result) => {
  results.benchmarks.push(result);
  const { name, rows, ...figures } = result;
  console.log(`\n${name}`);
  if (Object.keys(figures).length > 0) console.log(Object.entries(figures).map(([k, v]) => `${k}: ${v}`).join('  '));
  if (rows) console.table(rows);
};
const timed = async (what, fn) => {
  progress(`${what}…`);
  const started = Date.now();
  const result = await fn();
  progress(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
};

// No twin needed: the in-process fake Lambda API only (so it runs before the twin starts, on a quieter machine).
report(await timed('adapter features', () => adapterFeatures(quick ? { calls: 2000, blocks: 4, warmup: 200 } : { calls: 6000, blocks: 6, warmup: 300 })));

progress('starting the local twin (dynalite + serverless-offline) for the adapter and pipeline benchmarks…');
const twin = await startLocalTwin({ workspace, ports: { lambda: 7302, dynamodb: 7567, health: 7310 } });
try {
  report(await timed('adapter overhead', () => adapterOverhead(quick ? { pairs: 2000, blocks: 4, warmup: 200, localEndpoint: twin.lambdaEndpoint } : { pairs: 6000, blocks: 6, warmup: 300, localEndpoint: twin.lambdaEndpoint })));
  report(await timed('pipeline throughput', () => pipeline(quick ? { twin, readings: 500, ceilingCalls: 300 } : { twin, readings: 4000, ceilingCalls: 3000 })));
} finally {
  await twin.stop();
}
report(await timed('soak', () => soak({ workspace, minutes: quick ? 2 : 10, rate: 100, progress })));
report(await timed('persister writes', () => persisterWrites(quick ? { items: 500 } : { items: 5000 })));
report(await timed('bundles and cold start', () => bundles({ workspace, runs: quick ? 3 : 9 })));
if (!quick) report(await timed('affected builds (50 generated processors)', () => affectedBuilds({ workspace, processors: 50 })));

mkdirSync(path.join(workspace, 'bench/results'), { recursive: true });
writeFileSync(path.join(workspace, 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
const { machine } = results;
console.log(`\nwritten to bench/results/latest.json (${machine.cpus} × ${machine.model}, ${machine.memoryGiB} GiB, node ${machine.node})`);
