// The health page (http://127.0.0.1:3100/), /health.json, and the admin endpoint that
// `nx run processor-<device>:deploy -c local` uses to swap a processor's code.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { readZipEntry } from './zip.mjs';

const { isDeviceId } = createRequire(import.meta.url)('../../deploy/src/twinflowCore.cjs').loadCore();

/**
 * Collects everything the page shows: each function's health, the ledger's counts, the adapters'
 * metrics per function (`metrics()`: the EMF lines the services printed, see emfMetrics.mjs; `{}`
 * without it) and the newest stored readings (read by key).
 */
export async function collectHealth({ lambda, twin, functionNames, stats, newestReadings, metrics = () => ({}) }) {
  const functions = {};
  await Promise.all(
    functionNames.map(async (name) => {
      try {
        const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"action":"health"}') }));
        functions[name] = JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8') || 'null');
      } catch (err) {
        functions[name] = { status: 'unreachable', error: err.message };
      }
    }),
  );
  const readings = await newestReadings().catch(() => []);
  let perFunction;
  try {
    perFunction = metrics();
  } catch {
    perFunction = {};
  }
  return { twin, generatedAt: new Date().toISOString(), counts: stats(), functions, metrics: perFunction, newestReadings: readings };
}

export function startHealthServer({ port, collect, counts, account, deployProcessor, setFaultRate, setDynamoAvailable }) {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'GET' && url.pathname === '/health.json') return send(res, 200, 'application/json', JSON.stringify(await collect()));
      // Only the counts (no function calls, no table read): cheap enough to poll many times a second.
      if (req.method === 'GET' && url.pathname === '/counts.json') return send(res, 200, 'application/json', JSON.stringify(counts()));
      // The ledger's account, checked reading by reading against both tables (as --exit prints it), with every reading's status.
      if (req.method === 'GET' && url.pathname === '/ledger.json') return send(res, 200, 'application/json', JSON.stringify(await account()));
      if (req.method === 'GET' && url.pathname === '/') return send(res, 200, 'text/html; charset=utf-8', PAGE);
      if (req.method === 'PUT' && url.pathname === '/admin/faults') {
        const body = JSON.parse(await readBody(req));
        const rate = Number(body.rate ?? 0);
        const devices = body.devices ?? {};
        const rates = [rate, ...Object.values(devices).map(Number)];
        if (!rates.every((r) => r >= 0 && r <= 1)) return send(res, 400, 'text/plain', 'rate: expected numbers from 0 to 1');
        try {
          setFaultRate(rate, devices, body.kinds ?? {});
        } catch (err) {
          return send(res, 400, 'text/plain', err.message);
        }
        return send(res, 200, 'text/plain', `fault rate ${rate} ${JSON.stringify(devices)}${body.kinds ? ` kinds ${JSON.stringify(body.kinds)}` : ''}`);
      }
      if (req.method === 'PUT' && url.pathname === '/admin/dynamodb') {
        const { available } = JSON.parse(await readBody(req));
        if (typeof available !== 'boolean') return send(res, 400, 'text/plain', 'available: expected true or false');
        await setDynamoAvailable(available);
        return send(res, 200, 'text/plain', `DynamoDB ${available ? 'available' : 'stopped'}`);
      }
      const deploy = /^\/admin\/processors\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'PUT' && deploy && isDeviceId(deploy[1])) {
        const body = JSON.parse(await readBody(req));
        if (typeof body.zipPath !== 'string' || !existsSync(body.zipPath)) return send(res, 400, 'text/plain', 'zipPath: no such file');
        const sha256 = createHash('sha256').update(readFileSync(body.zipPath)).digest('hex');
        if (body.sha256 && body.sha256 !== sha256) return send(res, 400, 'text/plain', `sha256 mismatch: zip is ${sha256}`);
        const version = deployProcessor(deploy[1], readZipEntry(body.zipPath, 'index.js'));
        return send(res, 200, 'text/plain', `version ${version}`);
      }
      send(res, 404, 'text/plain', 'not found');
    } catch (err) {
      send(res, 500, 'text/plain', err.message);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            // the functions' shims keep their connections alive: end them, or close waits forever
            server.closeAllConnections();
          }),
      }),
    );
  });
}

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

/** Escapes text for HTML. Runs on the server (tests) and, as source, in the page. */
function esc(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

/**
 * The health table's rows, one per component of each function's health report: status, circuit,
 * requests, failures, the lifetime error rate (`errorRate`) and the rolling one (`windowErrorRate`).
 * Self-contained (only `esc`): the page embeds its source, so the browser renders exactly what the tests check.
 */
export function functionRows(functions) {
  const rows = [];
  for (const [fn, report] of Object.entries(functions)) {
    const components = report && report.components ? Object.entries(report.components) : [[fn, report || {}]];
    for (const [name, s] of components) {
      const cells = [s.totalRequests, s.totalFailures, s.errorRate, s.windowErrorRate].map((v) => '<td>' + esc(v ?? '') + '</td>').join('');
      rows.push('<tr data-function="' + esc(fn) + '"><td>' + esc(fn) + '</td><td>' + esc(name) + '</td><td class="' + esc(s.status) + '">' + esc(s.status) +
        '</td><td class="' + esc(s.circuit ?? '') + '">' + esc(s.circuit ?? '') + '</td>' + cells + '</tr>');
    }
  }
  return rows;
}

/**
 * The metrics table's rows, one per function the adapters called: the counts, the error rate
 * (errors / invocations) and p50/p99 of the call duration. Self-contained (only `esc`), like
 * {@link functionRows}: the page embeds its source.
 */
export function metricRows(metrics) {
  const columns = [
    (fn) => fn.name,
    (fn) => (fn.recordedBy || []).join(', '),
    (fn) => fn.invocations,
    (fn) => fn.errors,
    (fn) => fn.errorRate,
    (fn) => fn.retries,
    (fn) => fn.throttles,
    (fn) => fn.circuitOpen,
    (fn) => (fn.duration || {}).p50,
    (fn) => (fn.duration || {}).p99,
  ];
  return Object.entries(metrics || {}).map(([name, figures]) => {
    const fn = { ...figures, name };
    return '<tr data-metrics="' + esc(name) + '">' + columns.map((cell) => '<td>' + esc(cell(fn) ?? '') + '</td>').join('') + '</tr>';
  });
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>twinflow local twin</title>
<style>
 body{font:14px system-ui,sans-serif;margin:2rem;color:#222} h1{font-size:1.3rem} h2{font-size:1.05rem;margin-top:1.6rem}
 table{border-collapse:collapse;min-width:40rem} td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left}
 .healthy,.closed{color:#17803d}.degraded,.half-open{color:#b7791f}.unhealthy,.open,.unreachable{color:#c53030}
 #counts span{margin-right:1.4rem} code{font-size:12px}
</style></head><body>
<h1>twinflow local twin <small id="twin"></small></h1>
<div id="counts">loading…</div>
<h2>Functions</h2>
<table id="functions"><thead><tr><th>function</th><th>component</th><th>status</th><th>circuit</th><th>requests</th><th>failures</th><th>error rate</th><th>window error rate</th></tr></thead><tbody></tbody></table>
<h2>Calls by function <small>(the adapters' metrics, from the services' EMF lines)</small></h2>
<table id="metrics"><thead><tr><th>function</th><th>recorded by</th><th>invocations</th><th>errors</th><th>error rate</th><th>retries</th><th>throttles</th><th>circuit open</th><th>p50 ms</th><th>p99 ms</th></tr></thead><tbody></tbody></table>
<h2>Newest readings (hot table)</h2>
<table id="readings"><thead><tr><th>device</th><th>timestamp</th><th>data</th><th>processed</th></tr></thead><tbody></tbody></table>
<p><small>Refreshes every 2 s · <a href="/health.json">/health.json</a></small></p>
<script>
const esc = ${esc};
${functionRows};
${metricRows};
async function refresh() {
  try {
    const h = await (await fetch('/health.json')).json();
    document.getElementById('twin').textContent = '— ' + h.twin;
    const c = h.counts;
    document.getElementById('counts').innerHTML = ['sent', 'persisted', 'failed', 'storedAndParked', 'inFlight', 'eventsPerSecond']
      .map((k) => '<span>' + k + ': <b data-count="' + k + '">' + esc(c[k]) + '</b></span>').join('');
    document.querySelector('#functions tbody').innerHTML = functionRows(h.functions).join('');
    document.querySelector('#metrics tbody').innerHTML = metricRows(h.metrics).join('');
    document.querySelector('#readings tbody').innerHTML = h.newestReadings.map((r) => '<tr class="reading"><td>' + esc(r.device_id) + '</td><td>' + esc(r.timestamp) +
      '</td><td><code>' + esc(JSON.stringify(r.data)) + '</code></td><td>' + esc(r.processed_at) + '</td></tr>').join('');
  } catch (e) { document.getElementById('counts').textContent = 'twin not reachable: ' + e.message; }
}
refresh(); setInterval(refresh, 2000);
</script></body></html>`;
