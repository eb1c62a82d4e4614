/**
 * No reading lost, on the local twin under faults: every reading ends in the hot table exactly
 * once or in the failure store, and replay completes them.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { countItems, failureReasons, replayAll, setFaults, waitDrained, waitSettled } from '../twinData';
import { readHealth, repoRoot, startTwin, waitFor, type RunningTwin } from '../twinProcess';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const FIGURES = path.join(repoRoot, 'tmp', 'reliability-figures.json');

describe('2,000 readings with a 10% processor fault rate', () => {
  let twin: RunningTwin;
  afterAll(async () => {
    await twin?.stop();
  });

  it('accounts for every reading, and replay with faults off drains the store into exactly 2,000 items', async () => {
    // Prepare: runtime's dist is what the failures CLI loads
    execFileSync(process.execPath, [require.resolve('nx/bin/nx.js', { paths: [repoRoot] }), 'run', 'runtime:build', '--outputStyle=static'], {
      cwd: repoRoot,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    });
    twin = startTwin({ lambda: 33002, dynamodb: 34567, health: 33100 }, ['--events', '2000', '--rate', '400', '--fault-rate', '0.1']);

    // Act 1: everything settles
    const settled = await waitSettled(twin, 2000);
    const reasons = await failureReasons(twin);
    // Assess 1
    expect(settled.failed).toBeGreaterThan(50);
    expect(Object.values(reasons).reduce((a, b) => a + b, 0)).toBe(settled.failed);
    expect(Object.keys(reasons).sort()).toEqual(expect.arrayContaining(['function-error', 'invalid-output']));

    // Act 2: faults off, replay — again after the breaker's cool-down for readings an open circuit parked anew
    await setFaults(twin, { rate: 0 });
    const rounds = await replayAll(twin);
    const drained = await waitDrained(twin, 2000);
    const replay = { selected: rounds[0]?.selected ?? 0, replayed: rounds.reduce((sum, r) => sum + r.replayed, 0), errors: rounds.reduce((sum, r) => sum + r.errors, 0) };
    // Assess 2
    expect(replay).toEqual({ selected: settled.failed, replayed: settled.failed, errors: 0 });
    expect(rounds.at(-1)?.failedAgain).toBe(0);
    expect(drained.keys.size).toBe(2000);
    writeFileSync(
      FIGURES,
      JSON.stringify({ sent: 2000, faultRate: 0.1, persistedBeforeReplay: settled.persisted, parked: settled.failed, reasons, replayRounds: rounds, replayed: replay.replayed, finalItems: drained.count, lost: 0 }, null, 2),
    );
  });

  it('stores a reading delivered twice to the persister once', async () => {
    // Prepare: 10 processed readings, delivered twice — one at a time (conditional put) and as a batch
    const lambda = new LambdaClient({ endpoint: twin.endpoints.lambda, region: 'eu-central-1', credentials });
    const records = Array.from({ length: 10 }, (_, n) => ({
      event: { twin: 'demo', deviceId: 'thermostat-1', timestamp: `2026-11-20T00:00:0${n}.000Z`, eventId: `twice-${n}`, payload: { temperature: 70 }, receivedAt: '2026-11-20T00:00:10.000Z' },
      data: { temperatureC: 21.1 },
    }));
    const persist = async (batch: typeof records): Promise<{ written: number; duplicates: number }> => {
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'demo-persister', Payload: Buffer.from(JSON.stringify({ records: batch })) }));
      return JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8')) as { written: number; duplicates: number };
    };
    // Act
    const firstSingle = await persist(records.slice(0, 1));
    const secondSingle = await persist(records.slice(0, 1));
    await persist(records.slice(1));
    await persist(records.slice(1));
    // Assess
    expect(firstSingle).toMatchObject({ written: 1, duplicates: 0 });
    expect(secondSingle).toMatchObject({ written: 0, duplicates: 1 });
    const stored = await countItems(twin.endpoints.dynamodb, 'demo-hot');
    expect(stored.count).toBe(2010);
    expect([...stored.keys].filter((k) => k.startsWith('thermostat-1|2026-11-20T00:00:0'))).toHaveLength(10);
  });
});

describe('a processor that always fails', () => {
  let twin: RunningTwin;
  beforeAll(async () => {
    twin = startTwin({ lambda: 43002, dynamodb: 44567, health: 43100 }, ['--events', '0']);
    await waitFor(async () => (await readHealth(twin)).counts, 60_000, 'the twin');
  });
  afterAll(async () => {
    await twin?.stop();
  });

  it('opens the circuit of a processor that always fails, parks its readings, and leaves the others alone', async () => {
    // Prepare
    await setFaults(twin, { rate: 0, devices: { 'thermostat-1': 1 } });
    const lambda = new LambdaClient({ endpoint: twin.endpoints.lambda, region: 'eu-central-1', credentials });
    const before = await countItems(twin.endpoints.dynamodb, 'demo-hot', { device: 'pressure-sensor-1' });
    // Act: 12 thermostat readings and 6 pressure readings, one after another through the dispatcher
    for (let n = 0; n < 18; n += 1) {
      const device = n % 3 === 2 ? 'pressure-sensor-1' : 'thermostat-1';
      const reading = { device_id: device, timestamp: `2026-11-21T00:00:${String(n).padStart(2, '0')}.000Z`, temperature: 70, pressure: 700 };
      await lambda.send(new InvokeCommand({ FunctionName: 'demo-dispatcher', Payload: Buffer.from(JSON.stringify(reading)) }));
      await waitFor(async () => {
        const h = await readHealth(twin);
        return h.counts.inFlight === 0 ? true : undefined;
      }, 20_000, 'reading settled');
    }
    // Assess
    const reasons = await failureReasons(twin);
    expect(reasons['function-error']).toBe(5);
    expect(reasons['circuit-open']).toBe(7);
    const after = await countItems(twin.endpoints.dynamodb, 'demo-hot', { device: 'pressure-sensor-1' });
    expect(after.count - before.count).toBe(6);
    const health = await readHealth(twin);
    expect(health.functions['demo-processor-wrapper']?.components?.['demo-thermostat-1-processor']).toMatchObject({ circuit: 'open', status: 'unhealthy' });
    expect(health.functions['demo-processor-wrapper']?.components?.['demo-pressure-sensor-1-processor']).toMatchObject({ circuit: 'closed' });
  });
});

describe('DynamoDB stopped mid-run and restarted', () => {
  let twin: RunningTwin;
  afterAll(async () => {
    await twin?.stop();
  });

  it('loses no reading in flight: each lands in the hot table or the failure store, and replay completes them', async () => {
    // Prepare
    execFileSync(process.execPath, [require.resolve('nx/bin/nx.js', { paths: [repoRoot] }), 'run', 'runtime:build', '--outputStyle=static'], {
      cwd: repoRoot,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    });
    twin = startTwin({ lambda: 63002, dynamodb: 64567, health: 63100 }, ['--events', '600', '--rate', '100']);
    await waitFor(async () => ((await readHealth(twin)).counts.sent >= 150 ? true : undefined), 60_000, '150 readings sent');
    // Act: an outage of 8 s, longer than the persister's retry budget
    const stop = await fetch(`${twin.endpoints.health}/admin/dynamodb`, { method: 'PUT', body: JSON.stringify({ available: false }) });
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const restart = await fetch(`${twin.endpoints.health}/admin/dynamodb`, { method: 'PUT', body: JSON.stringify({ available: true }) });
    const settled = await waitSettled(twin, 600, 120_000);
    const reasons = await failureReasons(twin);
    await replayAll(twin, 1);
    const drained = await waitFor(
      async () => {
        const hot = await countItems(twin.endpoints.dynamodb, 'demo-hot');
        return hot.count === 600 ? hot : undefined;
      },
      60_000,
      'all 600 readings in the hot table',
    );
    // Assess
    expect(stop.status).toBe(200);
    expect(restart.status).toBe(200);
    expect(settled.failed).toBeGreaterThan(0);
    expect(Object.keys(reasons).every((reason) => ['dynamodb-unavailable', 'retries-exhausted'].includes(reason))).toBe(true);
    expect(drained.keys.size).toBe(600);
  });
});
