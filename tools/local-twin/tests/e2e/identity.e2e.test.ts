/**
 * A reading's identity on the real services: a different reading under a stored key, or a sender's
 * event id reused for another reading, is parked as `key-conflict` and never replaces the stored
 * one — on the persister's batch path too; readings without a time keep the receive time they were
 * given, so redelivery and replay store them once, and many of them in one millisecond never meet.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { scanAll, waitAccounted } from '../oracle';
import { setFaults } from '../twinData';
import { readHealth, repoRoot, startTwin, waitFor, type RunningTwin } from '../twinProcess';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const failuresCli = path.join(repoRoot, 'tools/local-twin/src/failures.mjs');

describe('reading identity on the twin', () => {
  let twin: RunningTwin;
  let lambda: LambdaClient;
  const dispatch = async (message: unknown): Promise<void> => {
    await lambda.send(new InvokeCommand({ FunctionName: 'demo-dispatcher', Payload: Buffer.from(JSON.stringify(message)) }));
  };
  const hotItems = async (): Promise<Array<Record<string, unknown>>> => scanAll(twin.endpoints.dynamodb, 'demo-hot');
  const failureRecords = async (): Promise<Array<Record<string, unknown>>> => scanAll(twin.endpoints.dynamodb, 'demo-failures');

  beforeAll(async () => {
    execFileSync(process.execPath, [require.resolve('nx/bin/nx.js', { paths: [repoRoot] }), 'run', 'runtime:build', '--outputStyle=static'], {
      cwd: repoRoot,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    });
    twin = startTwin({ lambda: 36002, dynamodb: 36567, health: 36100 }, ['--events', '0']);
    await waitFor(async () => (await readHealth(twin)).counts, 120_000, 'the twin');
    lambda = new LambdaClient({ endpoint: twin.endpoints.lambda, region: 'eu-central-1', credentials });
  }, 180_000);
  afterAll(async () => {
    lambda?.destroy();
    await twin?.stop();
  });

  it('parks a different reading under a stored key as key-conflict on the batch path, the first reading intact', async () => {
    // Prepare: a reading stored on its own
    const timestamp = '2026-12-01T07:00:00.000Z';
    await dispatch({ device_id: 'thermostat-1', eventId: 'first-1', timestamp, temperature: 68 });
    await waitAccounted(twin.endpoints.dynamodb, ['first-1'], 30_000);
    // Act: a gateway message carrying a different reading for the same device and time, among others
    await dispatch([
      { device_id: 'thermostat-1', eventId: 'other-1', timestamp, temperature: 99 },
      { device_id: 'thermostat-1', eventId: 'other-2', timestamp: '2026-12-01T07:00:00.001Z', temperature: 70 },
      { device_id: 'thermostat-1', eventId: 'other-3', timestamp: '2026-12-01T07:00:00.002Z', temperature: 71 },
    ]);
    await waitAccounted(twin.endpoints.dynamodb, ['other-1', 'other-2', 'other-3'], 30_000);
    // Assess
    const stored = (await hotItems()).filter((item) => item['timestamp'] === timestamp && item['device_id'] === 'thermostat-1');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ event_id: 'first-1', data: { temperatureF: 68 } });
    const conflict = (await failureRecords()).find((record) => record['eventId'] === 'other-1');
    expect(conflict).toMatchObject({ reason: 'key-conflict', stage: 'persist' });
    expect(String(conflict?.['message'])).toContain('first-1');
    expect((await hotItems()).map((item) => item['event_id'])).toEqual(expect.arrayContaining(['other-2', 'other-3']));
  });

  it('parks a reused sender event id with another payload as key-conflict, the first reading intact', async () => {
    // Prepare
    const timestamp = '2026-12-01T07:10:00.000Z';
    await dispatch({ device_id: 'pressure-sensor-1', eventId: 'reused-1', timestamp, pressure: 700 });
    await waitAccounted(twin.endpoints.dynamodb, ['reused-1'], 30_000);
    const recordsBefore = (await failureRecords()).filter((record) => record['eventId'] === 'reused-1').length;
    // Act: the same id, the same key, another payload — once alone, once in a batch
    await dispatch({ device_id: 'pressure-sensor-1', eventId: 'reused-1', timestamp, pressure: 900 });
    await dispatch([
      { device_id: 'pressure-sensor-1', eventId: 'reused-1', timestamp, pressure: 901 },
      { device_id: 'pressure-sensor-1', eventId: 'reused-2', timestamp: '2026-12-01T07:10:00.001Z', pressure: 710 },
    ]);
    await waitFor(async () => ((await failureRecords()).filter((record) => record['eventId'] === 'reused-1').length === recordsBefore + 2 ? true : undefined), 30_000, 'two conflicts parked');
    // Assess
    const stored = (await hotItems()).filter((item) => item['event_id'] === 'reused-1');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ timestamp, data: { pressureKpa: 700 } });
    const reasons = (await failureRecords()).filter((record) => record['eventId'] === 'reused-1').map((record) => record['reason']);
    expect(reasons).toEqual(['key-conflict', 'key-conflict']);
    // an exact redelivery is still a counted duplicate, not a conflict
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: 'demo-persister',
        Payload: Buffer.from(JSON.stringify({ records: [{ event: { twin: 'demo', deviceId: 'pressure-sensor-1', timestamp, eventId: 'reused-1', payload: { pressure: 700 }, receivedAt: timestamp }, data: stored[0]?.['data'] }] })),
      }),
    );
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
    await waitFor(async () => ((await burstItems()).length >= 50 ? true : undefined), 30_000, '50 burst readings stored');
    // Assess 1: 50 items, 50 distinct timestamps, each reading's own data, nothing parked
    const items50 = await burstItems();
    expect(items50).toHaveLength(50);
    expect(new Set(items50.map((item) => item['timestamp'])).size).toBe(50);
    expect(items50.map((item) => (item['data'] as { pressureKpa: number }).pressureKpa).sort()).toEqual(burst.map((r) => r.pressure));
    expect((await failureRecords()).filter((record) => record['deviceId'] === 'pressure-sensor-1' && String(record['failedAt']) >= since)).toEqual([]);

    // Prepare 2: readings without a time parked by a failing processor (their records hold the receive time)
    await setFaults(twin, { rate: 0, devices: { 'thermostat-1': 1 } });
    const untimed = Array.from({ length: 4 }, (_, n) => ({ device_id: 'thermostat-1', temperature: 50 + n, humidity: 30 + n }));
    for (const reading of untimed) await dispatch(reading);
    await waitFor(async () => ((await failureRecords()).filter((record) => record['deviceId'] === 'thermostat-1' && (record['reason'] === 'function-error' || record['reason'] === 'circuit-open')).length >= 4 ? true : undefined), 30_000, '4 readings parked');
    const parked = (await failureRecords()).filter((record) => record['deviceId'] === 'thermostat-1' && record['stage'] === 'process');
    // Act 2: faults off; each record redelivered to the wrapper by hand, then the CLI's replay
    await setFaults(twin, { rate: 0, devices: {} });
    await new Promise((resolve) => setTimeout(resolve, 31_000)); // the circuit's cool-down
    for (const record of parked) {
      await lambda.send(new InvokeCommand({ FunctionName: 'demo-processor-wrapper', Payload: Buffer.from(JSON.stringify({ events: [JSON.parse(String(record['original']))] })) }));
    }
    execFileSync(process.execPath, [failuresCli, 'replay', '--json', '--device', 'thermostat-1', '--lambda-endpoint', twin.endpoints.lambda, '--dynamodb-endpoint', twin.endpoints.dynamodb], { cwd: repoRoot, encoding: 'utf8' });
    const ids = parked.map((record) => String(record['eventId']));
    await waitAccounted(twin.endpoints.dynamodb, ids, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // Assess 2: each stored exactly once, under the receive time it got at the dispatcher
    const items = await hotItems();
    for (const record of parked) {
      const mine = items.filter((item) => item['event_id'] === record['eventId']);
      expect(mine).toHaveLength(1);
      expect(mine[0]?.['timestamp']).toBe(record['timestamp']);
    }
    expect((await failureRecords()).filter((record) => ids.includes(String(record['eventId'])))).toEqual([]);
  }, 180_000);
});

