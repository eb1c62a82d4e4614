// Renders the health page for healthPage.test.ts in its own process (Jest runs TypeScript as
// CommonJS and cannot import src/healthServer.mjs). Input: the /health.json document as JSON in
// argv[2]. Output, as one JSON line: the rows functionRows() and metricRows() render, the tables'
// header cells, and the table bodies the page's own script fills in (run in a VM with stubbed
// fetch and DOM).
import net from 'node:net';
import vm from 'node:vm';
import { functionRows, metricRows, startHealthServer } from '../../src/healthServer.mjs';

const health = JSON.parse(process.argv[2] ?? '{}');

const port = await new Promise((resolve, reject) => {
  const probe = net.createServer();
  probe.once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const server = await startHealthServer({ port, collect: async () => health, counts: () => health.counts });
const html = await (await fetch(`http://127.0.0.1:${port}/`)).text();
await server.close();

const headers = [...html.matchAll(/<th>([^<]*)<\/th>/g)].map((m) => m[1]);
const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
const elements = new Map();
const element = (id) => {
  if (!elements.has(id)) elements.set(id, { textContent: '', innerHTML: '' });
  return elements.get(id);
};
let refreshed;
const done = new Promise((resolve) => (refreshed = resolve));
const context = vm.createContext({
  fetch: async () => ({ json: async () => health }),
  document: { getElementById: element, querySelector: element },
  setInterval: () => 0,
});
vm.runInContext(script, context);
// refresh() is async: wait until the readings table (its last write) is filled.
const poll = () => (element('#readings tbody').innerHTML !== '' || element('counts').textContent !== '' ? refreshed() : setImmediate(poll));
poll();
await done;
const rendered = {
  rows: functionRows(health.functions),
  headers,
  tbody: element('#functions tbody').innerHTML,
  metricRows: metricRows(health.metrics),
  metricsBody: element('#metrics tbody').innerHTML,
  error: element('counts').textContent,
};
process.stdout.write(`${JSON.stringify(rendered)}\n`);
