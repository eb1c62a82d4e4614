/**
 * No reading lost, on the local twin under faults: every reading ends in the hot table exactly
 * once or in the failure store, and replay completes them.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { LocalTwin } from '@twinflow/local-twin';
import { failureReasons, processorComponent, replayAll, storedItems, waitDrained } from '../twinData';
import { repoRoot, suiteWorkDir, waitFor } from '../twinProcess';

const FIGURES = path.join(repoRoot, 'tmp', 'reliability-figures.json');

describe('2,000 readings with a 10% processor fault rate', () => {
  let twin: LocalTwin;
  beforeAll(async () => {
    twin = await LocalTwin.start({ ports: { lambda: 15002, dynamodb: 15567, health: 15100 }, workDir: suiteWorkDir('reliability-faults'), faultRate: 0.1 });
  });
  afterAll(async () => {
    await twin?.stop();
  });

  it('accounts for every reading, and replay with faults off drains the store into exactly 2,000 items', async () => {
    // Act 1: everything settles
    await twin.simulate({ rate: 400, events: 2000, maxInFlight: 100 }).done;
    const settled = await twin.waitUntilSettled({ settleTimeoutS: 60 });
    const reasons = await failureReasons(twin);
    // Assess 1
    expect({ sent: settled.sent, lost: settled.lost, rejectedAtSend: settled.rejectedAtSend }).toEqual({ sent: 2000, lost: 0, rejectedAtSend: 0 });
    expect(settled.failed).toBeGreaterThan(50);
    expect(Object.values(reasons).reduce((a, b) => a + b, 0)).toBe(settled.failed + settled.storedAndParked);
    expect(Object.keys(reasons).sort()).toEqual(expect.arrayContaining(['function-error', 'invalid-output']));

    // Act 2: faults off, replay — again after the breaker's cool-down for readings an open circuit parked anew
    twin.setFaults(0);
    const rounds = await replayAll(twin);
    const drained = await waitDrained(twin, 2000);
    const replay = {
      selected: rounds[0]?.selected ?? 0,
      replayed: rounds.reduce((sum, r) => sum + r.replayed, 0),
      storedAlready: rounds.reduce((sum, r) => sum + r.storedAlready, 0),
      errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    };
    // Assess 2
    expect(replay).toEqual({ selected: settled.failed + settled.storedAndParked, replayed: settled.failed, storedAlready: settled.storedAndParked, errors: 0 });
    expect(rounds.at(-1)?.failedAgain).toBe(0);
    expect(drained.keys.size).toBe(2000);
    writeFileSync(
      FIGURES,
      JSON.stringify({ sent: 2000, faultRate: 0.1, persistedBeforeReplay: settled.persisted, parked: settled.failed, reasons, replayRounds: rounds, replayed: replay.replayed, finalItems: drained.count, lost: settled.lost }, null, 2),
    );
  });

  it('stores a reading delivered twice to the persister once', async () => {
    // Prepare: 10 processed readings, delivered twice — one at a time (conditional put) and as a batch
    const records = Array.from({ length: 10 }, (_, n) => ({
      event: { twin: twin.twin, deviceId: 'thermostat-1', timestamp: `2026-11-20T00:00:0${n}.000Z`, eventId: `twice-${n}`, payload: { temperature: 70 }, receivedAt: '2026-11-20T00:00:10.000Z' },
      data: { temperatureC: 21.1 },
    }));
    const persist = async (batch: typeof records): Promise<{ written: number; duplicates: number }> => {
      const out = await twin.lambda.send(new InvokeCommand({ FunctionName: twin.functionNames.persister, Payload: Buffer.from(JSON.stringify({ records: batch })) }));
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
    const stored = await storedItems(twin);
    expect(stored.count).toBe(2010);
    expect([...stored.keys].filter((k) => k.startsWith('thermostat-1|2026-11-20T00:00:0'))).toHaveLength(10);
  });
});

describe('a processor that always fails', () => {
  let twin: LocalTwin;
  beforeAll(async () => {
    twin = await LocalTwin.start({ ports: { lambda: 17002, dynamodb: 17567, health: 17100 }, workDir: suiteWorkDir('reliability-circuit') });
  });
  afterAll(async () => {
    await twin?.stop();
  });

  it('opens the circuit of a processor that always fails, parks its readings, and leaves the others alone', async () => {
    // Prepare
    twin.setFaults(0, { 'thermostat-1': 1 });
    const before = await storedItems(twin, { device: 'pressure-sensor-1' });
    // Act: 12 thermostat readings and 6 pressure readings, one after another through the dispatcher
    for (let n = 0; n < 18; n += 1) {
      const device = n % 3 === 2 ? 'pressure-sensor-1' : 'thermostat-1';
      const reading = { device_id: device, timestamp: `2026-11-21T00:00:${String(n).padStart(2, '0')}.000Z`, temperature: 70, pressure: 700 };
      await twin.lambda.send(new InvokeCommand({ FunctionName: twin.functionNames.dispatcher, Payload: Buffer.from(JSON.stringify(reading)) }));
      await twin.waitUntilSettled({ settleTimeoutS: 20 });
    }
    // Assess
    const reasons = await failureReasons(twin);
    expect(reasons['function-error']).toBe(5);
    expect(reasons['circuit-open']).toBe(7);
    const after = await storedItems(twin, { device: 'pressure-sensor-1' });
    expect(after.count - before.count).toBe(6);
    expect(await processorComponent(twin, 'thermostat-1')).toMatchObject({ circuit: 'open', status: 'unhealthy' });
    expect(await processorComponent(twin, 'pressure-sensor-1')).toMatchObject({ circuit: 'closed' });
  });
});

describe('DynamoDB stopped mid-run and restarted', () => {
  let twin: LocalTwin;
  beforeAll(async () => {
    twin = await LocalTwin.start({ ports: { lambda: 19002, dynamodb: 19567, health: 19100 }, workDir: suiteWorkDir('reliability-dynamodb') });
  });
  afterAll(async () => {
    await twin?.stop();
  });

  it('loses no reading in flight: each lands in the hot table or the failure store, and replay completes them', async () => {
    // Prepare
    const simulation = twin.simulate({ rate: 100, events: 600, maxInFlight: 100 });
    await waitFor(async () => twin.counts().sent >= 150, 60_000, '150 readings sent');
    // Act: an outage of 8 s, longer than the persister's retry budget
    await twin.setDynamoAvailable(false);
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    await twin.setDynamoAvailable(true);
    await simulation.done;
    const settled = await twin.waitUntilSettled({ settleTimeoutS: 60 });
    const reasons = await failureReasons(twin);
    await replayAll(twin, 1);
    const drained = await waitDrained(twin, 600);
    // Assess
    expect({ sent: settled.sent, lost: settled.lost }).toEqual({ sent: 600, lost: 0 });
    expect(settled.failed).toBeGreaterThan(0);
    expect(Object.keys(reasons).every((reason) => ['dynamodb-unavailable', 'retries-exhausted'].includes(reason))).toBe(true);
    expect(drained.keys.size).toBe(600);
  });
});
