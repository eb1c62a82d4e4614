/**
 * A reading's identity on the real services: a different reading under a stored key, or a sender's
 * event id reused for another reading, is parked as `key-conflict` and never replaces the stored
 * one — on the persister's batch path too; readings without a time keep the receive time they were
 * given, so redelivery and replay store them once, and many of them in one millisecond never meet.
 */
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { LocalTwin } from '@twinflow/local-twin';
import { scanAll } from '../oracle';
import { replayOnce } from '../twinData';
import { suiteWorkDir, waitFor } from '../twinProcess';

describe('reading identity on the twin', () => {
  let twin: LocalTwin;
  /** Sends one message to the dispatcher synchronously (the dispatcher has handed it on when this resolves). */
  const dispatch = async (message: unknown): Promise<void> => {
    await twin.lambda.send(new InvokeCommand({ FunctionName: twin.functionNames.dispatcher, Payload: Buffer.from(JSON.stringify(message)) }));
  };
  const hotItems = async (): Promise<Array<Record<string, unknown>>> => scanAll(twin.endpoints.dynamodb, twin.hotTable);

  beforeAll(async () => {
    twin = await LocalTwin.start({ ports: { lambda: 25002, dynamodb: 25567, health: 25100 }, workDir: suiteWorkDir('identity') });
  }, 180_000);
  afterAll(async () => {
    await twin?.stop();
  });

  it('parks a different reading under a stored key as key-conflict on the batch path, the first reading intact', async () => {
    // Prepare: a reading stored on its own
    const timestamp = '2026-12-01T07:00:00.000Z';
    await dispatch({ device_id: 'thermostat-1', eventId: 'first-1', timestamp, temperature: 68 });
    await twin.waitUntilSettled();
    // Act: a gateway message carrying a different reading for the same device and time, among others
    await dispatch([
      { device_id: 'thermostat-1', eventId: 'other-1', timestamp, temperature: 99 },
      { device_id: 'thermostat-1', eventId: 'other-2', timestamp: '2026-12-01T07:00:00.001Z', temperature: 70 },
      { device_id: 'thermostat-1', eventId: 'other-3', timestamp: '2026-12-01T07:00:00.002Z', temperature: 71 },
    ]);
    const account = await twin.waitUntilSettled();
    // Assess
    const status = Object.fromEntries(account.readings.map((r) => [r.eventId, r.status]));
    expect(status).toMatchObject({ 'first-1': 'stored', 'other-1': 'parked', 'other-2': 'stored', 'other-3': 'stored' });
    const stored = (await hotItems()).filter((item) => item['timestamp'] === timestamp && item['device_id'] === 'thermostat-1');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ event_id: 'first-1', data: { temperatureF: 68 } });
    const conflict = (await twin.failures()).find((record) => record.eventId === 'other-1');
    expect(conflict).toMatchObject({ reason: 'key-conflict', stage: 'persist' });
    expect(String(conflict?.message)).toContain('first-1');
    expect((await hotItems()).map((item) => item['event_id'])).toEqual(expect.arrayContaining(['other-2', 'other-3']));
  });

  it('parks a reused sender event id with another payload as key-conflict, the first reading intact', async () => {
    // Prepare
    const timestamp = '2026-12-01T07:10:00.000Z';
    const conflictsOf = async (eventId: string) => (await twin.failures()).filter((record) => record.eventId === eventId);
    await dispatch({ device_id: 'pressure-sensor-1', eventId: 'reused-1', timestamp, pressure: 700 });
    await twin.waitUntilSettled();
    const recordsBefore = (await conflictsOf('reused-1')).length;
    // Act: the same id, the same key, another payload — once alone, once in a batch
    await dispatch({ device_id: 'pressure-sensor-1', eventId: 'reused-1', timestamp, pressure: 900 });
    await dispatch([
      { device_id: 'pressure-sensor-1', eventId: 'reused-1', timestamp, pressure: 901 },
      { device_id: 'pressure-sensor-1', eventId: 'reused-2', timestamp: '2026-12-01T07:10:00.001Z', pressure: 710 },
    ]);
    await waitFor(async () => (await conflictsOf('reused-1')).length === recordsBefore + 2, 30_000, 'two conflicts parked');
    // Assess
    const stored = (await hotItems()).filter((item) => item['event_id'] === 'reused-1');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ timestamp, data: { pressureKpa: 700 } });
    expect((await conflictsOf('reused-1')).map((record) => record.reason)).toEqual(['key-conflict', 'key-conflict']);
    // an exact redelivery is still a counted duplicate, not a conflict
    const event = { twin: twin.twin, deviceId: 'pressure-sensor-1', timestamp, eventId: 'reused-1', payload: { pressure: 700 }, receivedAt: timestamp };
    const out = await twin.lambda.send(new InvokeCommand({ FunctionName: twin.functionNames.persister, Payload: Buffer.from(JSON.stringify({ records: [{ event, data: stored[0]?.['data'] }] })) }));
    expect(JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8'))).toMatchObject({ written: 0, duplicates: 1, failed: 0 });
  });

  it('stores readings without a time once each, however often they are redelivered or replayed, and 50 in one message never collide', async () => {
    // Prepare: 50 readings of one device in one message, no time: one receive millisecond
    const since = new Date().toISOString();
    const burst = Array.from({ length: 50 }, (_, n) => ({ device_id: 'pressure-sensor-1', pressure: 600 + n }));
    const burstItems = async (): Promise<Array<Record<string, unknown>>> =>
      (await hotItems()).filter((item) => item['device_id'] === 'pressure-sensor-1' && String(item['timestamp']) >= since);
    // Act 1
    await dispatch(burst);
    await twin.waitUntilSettled();
    // Assess 1: 50 items, 50 distinct timestamps, each reading's own data, nothing parked
    const items50 = await burstItems();
    expect(items50).toHaveLength(50);
    expect(new Set(items50.map((item) => item['timestamp'])).size).toBe(50);
    expect(items50.map((item) => (item['data'] as { pressureKpa: number }).pressureKpa).sort()).toEqual(burst.map((r) => r.pressure));
    expect((await twin.failures()).filter((record) => record.deviceId === 'pressure-sensor-1' && String(record.failedAt) >= since)).toEqual([]);

    // Prepare 2: readings without a time parked by a failing processor (their records hold the receive time)
    twin.setFaults(0, { 'thermostat-1': 1 });
    const untimed = Array.from({ length: 4 }, (_, n) => ({ device_id: 'thermostat-1', temperature: 50 + n, humidity: 30 + n }));
    for (const reading of untimed) await dispatch(reading);
    await twin.waitUntilSettled();
    const parked = (await twin.failures()).filter((record) => record.deviceId === 'thermostat-1' && record.stage === 'process' && String(record.failedAt) >= since);
    expect(parked).toHaveLength(4);
    for (const record of parked) expect(record.reason).toMatch(/^(function-error|circuit-open)$/);
    // Act 2: faults off; each record redelivered to the wrapper by hand, then replayed (as `npm run failures -- replay --device` does)
    twin.setFaults(0);
    await new Promise((resolve) => setTimeout(resolve, 31_000)); // the circuit's cool-down
    for (const record of parked) {
      await twin.lambda.send(new InvokeCommand({ FunctionName: twin.functionNames.wrapper, Payload: Buffer.from(JSON.stringify({ events: [record.original] })) }));
    }
    await replayOnce(twin, { device: 'thermostat-1' });
    const ids = parked.map((record) => String(record.eventId));
    await twin.waitUntilSettled();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // Assess 2: each stored exactly once, under the receive time it got at the dispatcher
    const items = await hotItems();
    for (const record of parked) {
      const mine = items.filter((item) => item['event_id'] === record.eventId);
      expect(mine).toHaveLength(1);
      expect(mine[0]?.['timestamp']).toBe(record.timestamp);
    }
    expect((await twin.failures()).filter((record) => ids.includes(String(record.eventId)))).toEqual([]);
  }, 180_000);
});
