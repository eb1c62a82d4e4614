/**
 * Processor batches on the local twin: gateway messages carrying many readings go through the
 * real services, the readings of a device reach its processor together, and under faults every
 * reading is still accounted for and replayable.
 */
import { execFileSync } from 'node:child_process';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { countItems, failureReasons, replayAll, setFaults, waitDrained, waitSettled } from '../twinData';
import { readHealth, repoRoot, startTwin, waitFor, type RunningTwin } from '../twinProcess';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const DEVICES = ['thermostat-1', 'pressure-sensor-1'] as const;

/** Invocations of each processor so far, as the wrapper's health report counts them. */
async function processorInvocations(twin: RunningTwin): Promise<Record<string, number>> {
  const health = await readHealth(twin);
  const components = (health.functions['demo-processor-wrapper']?.components ?? {}) as Record<string, { totalRequests?: number }>;
  return Object.fromEntries(DEVICES.map((device) => [device, components[`demo-${device}-processor`]?.totalRequests ?? 0]));
}

describe('a gateway message of 50 readings', () => {
  let twin: RunningTwin;
  beforeAll(async () => {
    twin = startTwin({ lambda: 53002, dynamodb: 54567, health: 53100 }, ['--events', '0']);
    await waitFor(async () => (await readHealth(twin)).counts, 90_000, 'the twin');
  });
  afterAll(async () => {
    await twin?.stop();
  });

  it('lands whole, each device processed in one invocation per wrapper batch of 25', async () => {
    // Prepare: 25 readings of each device, interleaved
    const lambda = new LambdaClient({ endpoint: twin.endpoints.lambda, region: 'eu-central-1', credentials });
    const readings = Array.from({ length: 50 }, (_, n) => ({
      device_id: DEVICES[n % 2],
      timestamp: new Date(Date.UTC(2026, 10, 30, 12, 0, 0) + n * 1000).toISOString(),
      temperature: 50 + n,
      pressure: 700 + n,
    }));
    const before = await processorInvocations(twin);

    // Act
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'demo-dispatcher', Payload: Buffer.from(JSON.stringify(readings)) }));
    const dispatched = JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8')) as { received: number; dispatched: number };
    await waitFor(async () => ((await countItems(twin.endpoints.dynamodb, 'demo-hot')).count === 50 ? true : undefined), 60_000, '50 readings in the hot table');

    // Assess: two wrapper invocations of 25 readings, each calling each processor once
    expect(dispatched).toMatchObject({ received: 50, dispatched: 50 });
    const after = await processorInvocations(twin);
    expect(DEVICES.map((device) => (after[device] ?? 0) - (before[device] ?? 0))).toEqual([2, 2]);
    const dynamo = new DynamoDBClient({ endpoint: twin.endpoints.dynamodb, region: 'eu-central-1', credentials });
    const items = ((await dynamo.send(new ScanCommand({ TableName: 'demo-hot' }))).Items ?? []).map((item) => unmarshall(item));
    const thermostat = items.filter((item) => item['device_id'] === 'thermostat-1');
    expect(thermostat).toHaveLength(25);
    // each reading got its own processor output: °F → °C of its own temperature
    for (const item of thermostat) {
      const n = (Date.parse(item['timestamp'] as string) - Date.UTC(2026, 10, 30, 12, 0, 0)) / 1000;
      expect(item['data']).toMatchObject({ temperatureF: 50 + n, temperatureC: Math.round((((50 + n - 32) * 5) / 9) * 10) / 10 });
    }
  });
});

describe('1,000 readings in messages of 25 with a 10% processor fault rate', () => {
  let twin: RunningTwin;
  afterAll(async () => {
    await twin?.stop();
  });

  it('accounts for every reading, and replay with faults off drains the store into exactly 1,000 items', async () => {
    // Prepare: runtime's dist is what the failures CLI loads
    execFileSync(process.execPath, [require.resolve('nx/bin/nx.js', { paths: [repoRoot] }), 'run', 'runtime:build', '--outputStyle=static'], {
      cwd: repoRoot,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    });
    twin = startTwin({ lambda: 27302, dynamodb: 27567, health: 27310 }, ['--events', '1000', '--rate', '500', '--batch', '25', '--fault-rate', '0.1']);

    // Act 1: everything settles
    const settled = await waitSettled(twin, 1000);
    const reasons = await failureReasons(twin);

    // Assess 1: faults drawn per reading fail those readings alone
    expect(settled.failed).toBeGreaterThan(20);
    expect(settled.persisted).toBeGreaterThan(700);
    expect(Object.values(reasons).reduce((a, b) => a + b, 0)).toBe(settled.failed);
    expect(Object.keys(reasons)).toEqual(expect.arrayContaining(['function-error', 'invalid-output']));

    // Act 2: faults off, replay
    await setFaults(twin, { rate: 0 });
    const rounds = await replayAll(twin);
    const drained = await waitDrained(twin, 1000);

    // Assess 2
    expect(rounds.reduce((sum, r) => sum + r.replayed, 0)).toBeGreaterThanOrEqual(settled.failed);
    expect(rounds.at(-1)?.failedAgain).toBe(0);
    expect(drained.keys.size).toBe(1000);
  });
});
