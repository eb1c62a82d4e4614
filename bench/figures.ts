// Markdown of a bench run, for the root README's performance section:
// `npx tsx --tsconfig bench/tsconfig.json bench/figures.ts [bench/results/latest.json]`.
// One block per benchmark: its figures on one line, its rows as a table, as `npm run bench` prints them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchResult } from './report';
import { runAlone } from './report';

type Run = { machine: { cpus: number; model?: string; memoryGiB: number; node: string }; quick: boolean; at: string; benchmarks: BenchResult[] };

const cell = (value: unknown): string => String(typeof value === 'object' && value !== null ? JSON.stringify(value) : (value ?? '')).replace(/\|/g, '\\|');

/** A markdown table of `rows` (the union of their keys, in first-seen order). */
export function markdownTable(rows: readonly object[]): string {
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const lines = [`| ${keys.join(' | ')} |`, `| ${keys.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${keys.map((key) => cell((row as Record<string, unknown>)[key])).join(' | ')} |`);
  return lines.join('\n');
}

/** The whole run as markdown. */
export function runMarkdown(run: Run): string {
  const { machine } = run;
  const parts = [`Run of ${run.at.slice(0, 16).replace('T', ' ')} UTC (${run.quick ? 'quick' : 'full'}), ${machine.cpus} × ${machine.model ?? 'CPU'}, ${machine.memoryGiB} GiB, Node ${machine.node}.`];
  for (const { name, rows, ...figures } of run.benchmarks) {
    parts.push(`**${name}**`);
    const line = Object.entries(figures)
      .map(([key, value]) => `${key}: ${cell(value)}`)
      .join(' · ');
    if (line !== '') parts.push(line);
    if (rows && rows.length > 0) parts.push(markdownTable(rows));
  }
  return `${parts.join('\n\n')}\n`;
}

runAlone(module, async () => {
  const file = process.argv[2] ?? path.resolve(__dirname, 'results/latest.json');
  process.stdout.write(runMarkdown(JSON.parse(readFileSync(file, 'utf8')) as Run));
});
