#!/usr/bin/env node
// `npm run bench [-- --quick]`: twinflow's benchmarks, each a ratio against its natural baseline
// measured side by side in the same run. Prints tables and writes bench/results/latest.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const workspace = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');

process.removeAllListeners('warning');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
console.error('building what the benchmarks measure (cached by Nx)…');
execFileSync(process.execPath, [path.join(workspace, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'build', 'package', '--outputStyle=static'], { cwd: workspace, env, stdio: ['ignore', 'ignore', 'inherit'] });

const { adapterOverhead } = await import('./adapterOverhead.mjs');
const { persisterWrites } = await import('./persisterWrites.mjs');
const { bundles } = await import('./bundles.mjs');
const { pipeline } = await import('./pipeline.mjs');
const { affectedBuilds } = await import('./affectedBuilds.mjs');

const results = { machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version }, quick, at: new Date().toISOString(), benchmarks: [] };
const report = (result) => {
  results.benchmarks.push(result);
  console.log(`\n${result.name}`);
  if (result.rows) {
    console.log(`hello-world cold start: ${result.helloWorldColdStartMs} ms`);
    console.table(result.rows);
  } else console.table([Object.fromEntries(Object.entries(result).filter(([k]) => k !== 'name'))]);
};

report(await adapterOverhead(quick ? { calls: 200, rounds: 4 } : { calls: 1000, rounds: 10 }));
report(await persisterWrites(quick ? { items: 500 } : { items: 5000 }));
report(bundles({ workspace, runs: quick ? 3 : 9 }));
report(await pipeline(quick ? { workspace, readings: 300, ceilingCalls: 300 } : { workspace, readings: 1000, ceilingCalls: 3000 }));

if (!quick) report(affectedBuilds({ workspace, processors: 50 }));

mkdirSync(path.join(workspace, 'bench/results'), { recursive: true });
writeFileSync(path.join(workspace, 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwritten to bench/results/latest.json (${results.machine.cpus} cores, ${results.machine.memoryGiB} GiB, node ${results.machine.node})`);
