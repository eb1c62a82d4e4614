// Runs src/emfMetrics.mjs for emfMetrics.test.ts in its own process (Jest runs TypeScript as
// CommonJS and cannot import .mjs). Input on stdin, one JSON document:
// - { lines: string[] }: the snapshot of an aggregator fed those lines;
// - { steps: Array<{ append: string } | { write: string } | 'snapshot'> }: a followed log file in a
//   temporary directory, appended to / rewritten step by step, with a snapshot where asked.
// Output, as one JSON line: { snapshot } or { snapshots }, and { metricNames } (the adapter metric
// names the module knows).
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { COUNT_KEYS, DURATION, ERRORS_BY_TYPE, createEmfAggregator, followEmfLog } from '../../src/emfMetrics.mjs';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const request = JSON.parse(input);
const metricNames = [...Object.keys(COUNT_KEYS), ERRORS_BY_TYPE, DURATION];

if (request.lines) {
  const aggregator = createEmfAggregator(request.options);
  for (const line of request.lines) aggregator.addLine(line);
  process.stdout.write(`${JSON.stringify({ snapshot: aggregator.snapshot(), metricNames })}\n`);
} else {
  const dir = mkdtempSync(path.join(tmpdir(), 'twinflow-emf-'));
  const file = path.join(dir, 'offline.log');
  try {
    const follower = followEmfLog(file);
    const snapshots = [];
    for (const step of request.steps) {
      if (step === 'snapshot') snapshots.push(follower.snapshot());
      else if (step.append !== undefined) appendFileSync(file, step.append);
      else if (step.write !== undefined) writeFileSync(file, step.write);
    }
    process.stdout.write(`${JSON.stringify({ snapshots, metricNames })}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
