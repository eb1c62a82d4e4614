import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TwinOptionError } from '../../src/errors';
import { startHealthServer, type HealthServer } from '../../src/health/server';
import type { ConsoleDocument } from '../../src/health/sources';
import { NAMES, NOW, fakeConsole, type FakeConsole } from '../consoleFakes';

describe('health server routes', () => {
  let sources: FakeConsole;
  let server: HealthServer;
  const put = (route: string, body: unknown): Promise<Response> => fetch(`${server.url}${route}`, { method: 'PUT', body: typeof body === 'string' ? body : JSON.stringify(body) });
  const answer = async (response: Promise<Response>): Promise<[number, string]> => {
    const r = await response;
    return [r.status, await r.text()];
  };

  beforeEach(async () => {
    sources = fakeConsole();
    server = await startHealthServer({ port: 0, sources, now: () => NOW });
  });
  afterEach(() => server.close());

  it('paints the whole console on GET / (no placeholder) and serves its script', async () => {
    const [status, html] = await answer(fetch(`${server.url}/`));
    expect(status).toBe(200);
    expect(html).toContain(`data-node="${NAMES.wrapper}"`);
    expect(html).toContain('<script src="/console.js" defer></script>');
    expect(html).not.toMatch(/loading/i);
    const script = await fetch(`${server.url}/console.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain('/health.json');
  });

  it('answers /health.json with the document, /counts.json with the counts only, /ledger.json with the account', async () => {
    const health = (await (await fetch(`${server.url}/health.json`)).json()) as ConsoleDocument;
    expect(Object.keys(health)).toEqual(expect.arrayContaining(['twin', 'generatedAt', 'counts', 'functions', 'metrics', 'newestReadings', 'parked', 'faults', 'history']));
    expect(health).toMatchObject({ twin: 'demo', generatedAt: new Date(NOW).toISOString(), counts: sources.state.counts, faults: { rate: 0.2 } });
    expect(health.functions[NAMES.wrapper]).toEqual(sources.state.functions[NAMES.wrapper]);
    expect(await (await fetch(`${server.url}/counts.json`)).json()).toEqual(sources.state.counts);
    expect(await (await fetch(`${server.url}/ledger.json`)).json()).toMatchObject({ lost: 0, readings: [] });
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });

  it.each([
    [{ rate: 2 }, 'rate: expected a number from 0 to 1'],
    [{ rate: 'x' }, 'rate: expected a number from 0 to 1'],
    [{ rate: 0, devices: { 'thermostat-1': -1 } }, 'devices.thermostat-1: expected a number from 0 to 1'],
    [{ rate: 0, devices: { 'Bad Id': 1 } }, 'devices.Bad Id: expected a device id'],
    [{ rate: 0, kinds: { 'thermostat-1': 'meltdown' } }, 'kinds.thermostat-1: expected one of crash'],
    [{ rate: 0, extra: 1 }, 'body: unknown field(s) extra'],
    ['{not json', 'body: expected JSON'],
  ])('refuses PUT /admin/faults %j with 400 and the message', async (body, message) => {
    const [status, text] = await answer(put('/admin/faults', body));
    expect(status).toBe(400);
    expect(text).toContain(message);
    expect(sources.calls.setFaults).toEqual([]);
  });

  it('sets faults, and answers 400 with the message a source refuses with', async () => {
    expect(await answer(put('/admin/faults', { rate: 0.1, devices: { 'thermostat-1': 1 }, kinds: { 'thermostat-1': 'crash' } }))).toEqual([
      200,
      'fault rate 0.1 {"thermostat-1":1} kinds {"thermostat-1":"crash"}',
    ]);
    expect(sources.calls.setFaults).toEqual([[0.1, { 'thermostat-1': 1 }, { 'thermostat-1': 'crash' }]]);
    sources.setFaults = () => {
      throw new Error('faults.json: read-only');
    };
    expect(await answer(put('/admin/faults', { rate: 0 }))).toEqual([400, 'faults.json: read-only']);
  });

  it('stops and restarts DynamoDB, refusing anything but a boolean', async () => {
    expect(await answer(put('/admin/dynamodb', { available: 'no' }))).toEqual([400, 'available: expected true or false']);
    expect(await answer(put('/admin/dynamodb', { available: false }))).toEqual([200, 'DynamoDB stopped']);
    expect(await answer(put('/admin/dynamodb', { available: true }))).toEqual([200, 'DynamoDB available']);
    expect(sources.calls.setDynamoAvailable).toEqual([false, true]);
  });

  it('validates a processor deployment before calling the source', async () => {
    // Prepare
    const dir = mkdtempSync(path.join(tmpdir(), 'console-deploy-'));
    const zipPath = path.join(dir, 'processor.zip');
    writeFileSync(zipPath, 'zip bytes');
    const sha256 = createHash('sha256').update('zip bytes').digest('hex');
    // Act / Assess
    expect((await answer(put('/admin/processors/Not_A_Device', { zipPath })))[0]).toBe(400);
    expect((await answer(put('/admin/processors/%E0%A4%A', { zipPath })))[0]).toBe(400);
    expect((await answer(put('/admin/processors/ghost-1', { zipPath })))[0]).toBe(404);
    expect(await answer(put('/admin/processors/thermostat-1', { zipPath: path.join(dir, 'missing.zip') }))).toEqual([400, 'zipPath: no such file']);
    expect(await answer(put('/admin/processors/thermostat-1', { zipPath, sha256: 'f'.repeat(64) }))).toEqual([400, `sha256 mismatch: zip is ${sha256}`]);
    expect(sources.calls.deployProcessor).toEqual([]);
    expect(await answer(put('/admin/processors/thermostat-1', { zipPath, sha256 }))).toEqual([200, 'version 2']);
    expect(sources.calls.deployProcessor).toEqual([['thermostat-1', zipPath, sha256]]);
    expect(existsSync(zipPath)).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('replays a selection posted as JSON or as a form, refusing a bad one', async () => {
    const json = await fetch(`${server.url}/admin/replay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'circuit-open' }) });
    expect(await json.json()).toMatchObject({ selection: { reason: 'circuit-open' }, summary: { selected: 2, replayed: 2 } });
    const bad = await fetch(`${server.url}/admin/replay`, { method: 'POST', body: JSON.stringify({ stage: 'nowhere' }) });
    expect([bad.status, await bad.text()]).toEqual([400, 'stage: expected one of dispatch, process, persist']);
    const form = await fetch(`${server.url}/admin/replay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'device=pressure-sensor-1' });
    expect(await form.text()).toContain('replay of device pressure-sensor-1: replayed 2 of 2');
    expect(sources.calls.replay).toEqual([{ reason: 'circuit-open' }, { device: 'pressure-sensor-1' }]);
  });

  it('refuses bad options with a TwinOptionError naming the option', async () => {
    await expect(startHealthServer({ port: -1, sources })).rejects.toThrow(TwinOptionError);
    await expect(startHealthServer({ port: 1.5, sources })).rejects.toThrow(/port must be an integer/);
  });
});
