// The whole console as HTML, from one ConsoleDocument. The server renders the first paint with
// it and the page script (client/console.ts, bundled) re-renders with it: both draw the same.
import { esc, percent } from './format';
import { renderParked } from './renderParked';
import { renderPipeline } from './renderPipeline';
import {
  FUNCTION_COLUMNS,
  METRIC_COLUMNS,
  THROUGHPUT_COLUMNS,
  functionRows,
  metricRows,
  readingRows,
  renderCounts,
  table,
  throughputRows,
} from './renderTables';
import type { ConsoleDocument, FaultSettings } from './sources';
import { renderSparkline } from './sparkline';
import { pipelineOf } from './status';

/** Whether any fault is injected: a rate above 0 (global or a device's) or a fault kind set. */
export function faultsActive(faults: FaultSettings): boolean {
  return faults.rate > 0 || Object.values(faults.devices ?? {}).some((r) => r > 0) || Object.keys(faults.kinds ?? {}).length > 0;
}

/** The banners: injected faults and a stopped DynamoDB, each a `.banner` with `data-banner`. */
export function renderBanners(doc: Pick<ConsoleDocument, 'faults' | 'dynamodb'>): string {
  const banners: string[] = [];
  const { faults } = doc;
  if (faultsActive(faults)) {
    const parts: string[] = [];
    if (faults.rate > 0) parts.push(`${percent(faults.rate)} of every processor's readings fail`);
    const devices = new Set([...Object.keys(faults.devices ?? {}), ...Object.keys(faults.kinds ?? {})]);
    for (const device of [...devices].sort()) {
      const rate = faults.devices?.[device];
      const kind = faults.kinds?.[device];
      parts.push(`${device}: ${rate === undefined ? 'the global rate' : percent(rate)}${kind === undefined ? '' : ` (${kind})`}`);
    }
    banners.push(`<div class="banner faults" role="alert" data-banner="faults"><b>Faults injected</b> — ${esc(parts.join('; '))}. Clear them with PUT /admin/faults {"rate":0}.</div>`);
  }
  if (!doc.dynamodb.available) {
    banners.push('<div class="banner dynamodb" role="alert" data-banner="dynamodb"><b>DynamoDB is stopped</b> — writes fail and park until PUT /admin/dynamodb {"available":true}.</div>');
  }
  return banners.join('');
}

/** What the page adds to the document: the outcome of the last replay, when there was one. */
export type ConsoleView = { replayOutcome?: string };

/**
 * The console's content (what `#console` holds): banners, counts, pipeline, sparkline,
 * parked readings, throughput and latency, functions, calls by function, newest readings.
 * Countdowns are computed at the document's `generatedAt`.
 *
 * @example
 * ```ts
 * element.innerHTML = renderConsole(await (await fetch('/health.json')).json());
 * ```
 */
export function renderConsole(doc: ConsoleDocument, view: ConsoleView = {}): string {
  const nowMs = Date.parse(doc.generatedAt);
  const outcome = view.replayOutcome === undefined ? '' : `<p id="replay-result" role="status">${esc(view.replayOutcome)}</p>`;
  return (
    `<div id="banners">${renderBanners(doc)}</div>` +
    `<div id="counts">${renderCounts(doc.counts)}</div>` +
    `<h2>Pipeline</h2>${renderPipeline(pipelineOf(doc), nowMs)}` +
    `<h2>Readings and failures per second</h2><div id="sparkline">${renderSparkline(doc.history)}</div>` +
    `<h2>Parked readings</h2>${outcome}<div id="parked">${renderParked(doc.parked)}</div>` +
    `<h2>Throughput and processor latency by device</h2>` +
    table('throughput', THROUGHPUT_COLUMNS, throughputRows(doc, doc.throughput), 'No devices.') +
    `<h2>Functions <small>(each service's health report, dependency by dependency)</small></h2>` +
    table('functions', FUNCTION_COLUMNS, functionRows(doc.functions), 'No health reports.') +
    `<h2>Calls by function <small>(the adapters' metrics, from the services' EMF lines)</small></h2>` +
    table('metrics', METRIC_COLUMNS, metricRows(doc.metrics), 'No calls recorded yet.') +
    `<h2>Newest readings <small>(hot table, read by key)</small></h2>` +
    table('readings', ['device', 'timestamp', 'data', 'processed at'], readingRows(doc.newestReadings), 'No readings stored yet.') +
    `<p class="updated" data-generated-at="${esc(doc.generatedAt)}"><small>Updated ${esc(doc.generatedAt)} · refreshes every 2 s · ` +
    '<a href="/health.json">/health.json</a> · <a href="/counts.json">/counts.json</a> · <a href="/ledger.json">/ledger.json</a></small></p>'
  );
}

const STYLE = `
body{font:14px system-ui,sans-serif;margin:1.5rem 2rem;color:#222}h1{font-size:1.3rem}h2{font-size:1.05rem;margin-top:1.6rem}
table{border-collapse:collapse;min-width:30rem;margin-bottom:.6rem}td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:600;padding:.3rem 0}#counts span{margin-right:1.4rem}code{font-size:12px}
.banner{padding:.6rem 1rem;margin:.4rem 0;border-radius:4px}.banner.faults{background:#fefcbf;border:1px solid #d69e2e}.banner.dynamodb{background:#fed7d7;border:1px solid #c53030}
.pipeline{display:flex;align-items:center;gap:.4rem;flex-wrap:wrap}.processors{display:flex;flex-direction:column;gap:.4rem}.arrow{font-size:1.4rem;color:#888}
.node{border:2px solid #ccc;border-radius:6px;padding:.4rem .6rem;min-width:11rem;background:#fafafa}.node-label{font-weight:600}.node-name{font-size:11px;color:#666}
.node-status{font-weight:600;margin:.2rem 0}.node dl{margin:0;display:grid;grid-template-columns:auto auto;gap:0 .6rem;font-size:12px}.node dd{margin:0}
.node.status-healthy{border-color:#17803d}.node.status-degraded{border-color:#b7791f}.node.status-failing,.node.status-unreachable{border-color:#c53030}
td.status-healthy,.status-healthy .node-status,.circuit-closed{color:#17803d}td.status-degraded,.status-degraded .node-status,.circuit-half-open{color:#b7791f}
td.status-failing,td.status-unreachable,.status-failing .node-status,.status-unreachable .node-status,.circuit-open{color:#c53030}
.countdown{font-size:12px;color:#c53030}.note{font-size:11px;color:#c53030}.groups{display:flex;gap:1.5rem;flex-wrap:wrap}form.replay{display:inline;margin:0}
#replay-result{background:#ebf8ff;border:1px solid #3182ce;padding:.4rem .8rem}.sparkline{border:1px solid #eee;background:#fff}.key-readings{color:#2b6cb0}.key-failures{color:#c53030}
`;

/**
 * The whole console page: first paint with the document's data, then `/console.js` (the
 * bundled client/console.ts) keeps it current.
 */
export function renderPage(doc: ConsoleDocument, view: ConsoleView = {}): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>twinflow local twin — ${esc(doc.twin)}</title><style>${STYLE}</style></head><body>` +
    `<h1>twinflow local twin <small id="twin">— ${esc(doc.twin)} (stage ${esc(doc.stage)})</small></h1>` +
    `<main id="console">${renderConsole(doc, view)}</main>` +
    '<script src="/console.js" defer></script></body></html>'
  );
}
