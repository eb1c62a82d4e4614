#!/usr/bin/env node
// `node bench/pipelineVsRef.mjs [--ref <git ref>] [--rounds N] [--readings N]`: the pipeline
// benchmark (pipeline.mjs: gateway messages of 25 readings, and one reading per message, each
// against the endpoint's own ceiling) on the local twin built from this tree and from an earlier
// commit (default HEAD~1, checked out in a temporary git worktree with this tree's node_modules),
// in rounds of alternating order (ref then now, now then ref, …) so that the machine's drift and
// the order of starts hit both alike.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startLocalTwin } from './localTwin.mjs';
import { pipeline } from './pipeline.mjs';

const workspace = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { ref: { type: 'string', default: 'HEAD~1' }, rounds: { type: 'string', default: '2' }, readings: { type: 'string', default: '1000' } } });
const rounds = Number(values.rounds);
const readings = Number(values.readings);
for (const [name, value] of [['rounds', rounds], ['readings', readings]]) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: expected a positive integer, got ${values[name]}`);
}
const progress = (line) => process.stderr.write(`pipeline vs ${values.ref}: ${line}\n`);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const dir = mkdtempSync(path.join(tmpdir(), 'twinflow-pipeline-'));
const refTree = path.join(dir, 'ref');
const rows = [];
try {
  execFileSync('git', ['worktree', 'add', '--detach', refTree, values.ref], { cwd: workspace, stdio: 'ignore' });
  symlinkSync(path.join(workspace, 'node_modules'), path.join(refTree, 'node_modules'), 'dir');
  for (let round = 1; round <= rounds; round += 1) {
    // ref first in odd rounds, this tree first in even ones: neither side always runs second.
    const order = [[values.ref, refTree], ['now', workspace]];
    for (const [tree, root] of round % 2 === 1 ? order : [...order].reverse()) {
      progress(`round ${round}: starting the twin of ${tree}…`);
      // Ports of their own each round: a twin just stopped may leave sockets in TIME_WAIT behind.
      const base = 7400 + ((round * 2 + (tree === 'now' ? 1 : 0)) % 20) * 20;
      const twin = await startLocalTwin({ workspace: root, ports: { lambda: base + 2, dynamodb: base + 7, health: base + 10 } });
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
