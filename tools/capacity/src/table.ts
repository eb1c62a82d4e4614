// The report as a Markdown table: device messages and gateway messages side by side.
import type { CapacityReport, Scenario } from './capacity';
import { PIPELINE_FUNCTIONS } from './durations';
import { ACCOUNT_CONCURRENCY_LIMIT } from './prices';

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });
const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count for the table: exact below a million, `43.2M`, `259B`, `1.04T` above. */
export function formatCount(n: number): string {
  if (n !== 0 && Math.abs(n) < 1) return n.toPrecision(2);
  return Math.abs(n) < 1e6 ? grouped.format(n) : compact.format(n);
}

/** USD for the table: `$12,345`, `$12.35`, `$0.0123`. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 1000) return `$${grouped.format(usd)}`;
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  return `$${usd.toPrecision(3)}`;
}

const perFunction = (value: (fn: (typeof PIPELINE_FUNCTIONS)[number]) => string): string => PIPELINE_FUNCTIONS.map(value).join(' / ');

/** Rows of the table: a label and one cell per scenario. */
export function tableRows(report: CapacityReport): Array<[string, string, string]> {
  const both = (label: string, cell: (s: Scenario) => string): [string, string, string] => [label, cell(report.device), cell(report.gateway)];
  const rows: Array<[string, string, string]> = [
    both('readings per message (devices)', (s) => `${s.readingsPerMessage} (${s.devicesPerMessage})`),
    both('messages / month', (s) => formatCount(s.messages)),
    both('invocations / month: dispatcher / wrapper / processor / persister', (s) => perFunction((fn) => formatCount(s.functions[fn].invocations))),
    both('Lambda invocations / month', (s) => formatCount(s.invocations)),
    both('billed ms per invocation (same order)', (s) => perFunction((fn) => s.functions[fn].billedMsPerInvocation.toFixed(0))),
    both('Lambda GB-seconds / month', (s) => formatCount(s.gbSeconds)),
    both('DynamoDB write units / month', (s) => formatCount(s.writeUnits)),
    both('SQS requests / month', (s) => formatCount(s.sqsRequests)),
    both('CloudWatch Logs GB / month', (s) => formatCount(s.logGb)),
  ];
  for (const [i, line] of report.device.costs.entries()) rows.push([`${line.item}, USD / month`, formatUsd(line.usdPerMonth), formatUsd(report.gateway.costs[i]?.usdPerMonth ?? 0)]);
  rows.push(
    both('**total, USD / month**', (s) => `**${formatUsd(s.usdPerMonth)}**`),
    both('**USD per million readings**', (s) => `**${formatUsd(s.usdPerMillionReadings)}**`),
    both('Lambda concurrency: dispatcher / wrapper / processor / persister', (s) => perFunction((fn) => formatConcurrency(s.functions[fn].concurrency))),
    both(`Lambda concurrency, total (account default ${grouped.format(ACCOUNT_CONCURRENCY_LIMIT)})`, (s) => `${formatConcurrency(s.concurrency)}${s.withinAccountLimit ? '' : ' — over: ask for a higher limit'}`),
  );
  return rows;
}

/** The report as a Markdown table. */
export function formatTable(report: CapacityReport): string {
  const rows = tableRows(report);
  const lines = [`| | ${report.device.shape} | ${report.gateway.shape} |`, '| --- | ---: | ---: |', ...rows.map((row) => `| ${row.join(' | ')} |`)];
  return lines.join('\n');
}

function formatConcurrency(n: number): string {
  return n < 10 ? n.toFixed(2) : grouped.format(Math.ceil(n));
}
