/**
 * The console in Chromium (puppeteer-core, in a worker: see browser.ts): the server's first
 * paint without JavaScript, then the page script refreshing it, replaying a parked group and
 * following the sources.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startHealthServer, type HealthServer } from '../../src/health/server';
import { NAMES, NOW, component, fakeConsole, type FakeConsole } from '../consoleFakes';
import { launchBrowser, type RemoteBrowser, type RemotePage } from './browser';

const repoRoot = path.resolve(__dirname, '../../../..');

/** `[data-key, count]` of each row of a parked-readings group table. */
function groupRows(page: RemotePage, field: string): Promise<Array<[string, string]>> {
  return page.evaluate(`[...document.querySelectorAll('tr[data-group="${field}"]')].map((row) => [row.getAttribute('data-key'), row.querySelector('td.count').textContent])`);
}

describe('the console in a browser', () => {
  let sources: FakeConsole;
  let server: HealthServer;
  let browser: RemoteBrowser;
  const startedAt = Date.now();

  beforeAll(async () => {
    sources = fakeConsole();
    // The twin's clock runs from NOW, so the open circuit's probe (NOW + 25 s) is ahead.
    server = await startHealthServer({ port: 0, sources, now: () => NOW + (Date.now() - startedAt) });
    browser = await launchBrowser();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('paints pipeline, statuses, parked groups, fault banner and countdown without JavaScript', async () => {
    // Prepare
    const page = await browser.newPage({ javaScript: false, viewport: { width: 1400, height: 1000 } });
    // Act
    await page.goto(`${server.url}/`);
    mkdirSync(path.join(repoRoot, 'tmp'), { recursive: true });
    await page.screenshot(path.join(repoRoot, 'tmp', 'console-first-paint.png'));
    // Assess
    const nodes = await page.evaluate<Array<[string, string, string]>>(
      `[...document.querySelectorAll('.pipeline .node')].map((n) => [n.getAttribute('data-role'), n.getAttribute('data-node'), n.querySelector('.node-status').textContent])`,
    );
    expect(nodes).toEqual([
      ['dispatcher', NAMES.dispatcher, 'healthy'],
      ['wrapper', NAMES.wrapper, 'healthy'],
      ['processor', NAMES.processors['pressure-sensor-1'], 'failing'],
      ['processor', NAMES.processors['thermostat-1'], 'failing'],
      ['persister', NAMES.persister, 'healthy'],
      ['table', 'demo-hot', 'healthy'],
    ]);
    const text = await page.evaluate<string>('document.body.innerText');
    expect(text).not.toMatch(/loading/i);
    expect(text).toMatch(/Faults injected — 20\.0 % of every processor's readings fail/);
    expect(text).toMatch(/circuit probes again in 2\d s/);
    expect(text).toMatch(/recent error rate\s+15\.0 %/);
    expect(await groupRows(page, 'reason')).toEqual([['processor-error', '4'], ['circuit-open', '2']]);
    await page.close();
  });

  it('refreshes in place: replays a group, shows the outcome, follows the sources, ticks the countdown', async () => {
    // Prepare
    const page = await browser.newPage({ javaScript: true });
    await page.goto(`${server.url}/`);
    expect(await groupRows(page, 'device')).toEqual([['thermostat-1', '4'], ['pressure-sensor-1', '2']]);
    expect(await groupRows(page, 'stage')).toEqual([['process', '5'], ['persist', '1']]);
    const firstCountdown = await page.evaluate<string>(`document.querySelector('.countdown b').textContent`);

    // Act: replay the circuit-open group
    await page.click('tr[data-group="reason"][data-key="circuit-open"] button');
    await page.waitFor(`document.querySelector('#replay-result')?.textContent.includes('replay of reason circuit-open: replayed 2 of 2')`, 5000);

    // Assess
    expect(sources.calls.replay).toEqual([{ reason: 'circuit-open' }]);
    expect(await groupRows(page, 'reason')).toEqual([['processor-error', '4']]);

    // Act: the twin changes (faults cleared, the processor recovered)
    sources.state.faults = { rate: 0 };
    const wrapper = sources.state.functions[NAMES.wrapper];
    if (wrapper === undefined || wrapper.status === 'unreachable') throw new Error('the fake wrapper has no report');
    wrapper.components[NAMES.processors['pressure-sensor-1']] = component({ totalFailures: 6, errorRate: 0.15, windowErrorRate: 0 });
    await page.waitFor(
      `!document.querySelector('[data-banner="faults"]') && document.querySelector('[data-node="${NAMES.processors['pressure-sensor-1']}"]').getAttribute('data-status') === 'healthy'`,
      5000,
    );

    // Assess: the replay outcome stays, the countdown went down
    expect(await page.evaluate<string>(`document.querySelector('#replay-result').textContent`)).toContain('replayed 2 of 2');
    expect(await page.evaluate<string>(`document.querySelector('.countdown b').textContent`)).not.toBe(firstCountdown);
    await page.close();
  }, 20_000);
});
