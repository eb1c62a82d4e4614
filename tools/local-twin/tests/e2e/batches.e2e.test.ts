/**
 * Processor batches on the local twin: gateway messages carrying many readings go through the
 * real services, the readings of a device reach its processor together, and under faults every
 * reading is still accounted for and replayable.
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { LOCAL_CREDENTIALS, LocalTwin } from '@twinflow/local-twin';
import { failureReasons, replayAll, waitDrained, wrapperComponents } from '../twinData';
import { suiteWorkDir } from '../twinProcess';

const DEVICES = ['thermostat-1', 'pressure-sensor-1'] as const;

/** Invocations of each processor so far, as the wrapper's health report counts them. */
async function processorInvocations(twin: LocalTwin): Promise<Record<string, number>> {
  const components = await wrapperComponents(twin);
  return Object.fromEntries(DEVICES.map((device) => [device, components[twin.functionNames.processors[device] ?? '']?.totalRequests ?? 0]));
}

describe('a gateway message of 50 readings', () => {
  let twin: LocalTwin;
  beforeAll(async () => {
    twin = await LocalTwin.start({ ports: { lambda: 11002, dynamodb: 11567, health: 11100 }, workDir: suiteWorkDir('batches-gateway') });
  });
  afterAll(async () => {
    await twin?.stop();
  });

  it('lands whole, each device processed in one invocation per wrapper batch of 25', async () => {
    // Prepare: 25 readings of each device, interleaved
    const readings = Array.from({ length: 50 }, (_, n) => ({
      device_id: DEVICES[n % 2],
      timestamp: new Date(Date.UTC(2026, 10, 30, 12, 0, 0) + n * 1000).toISOString(),
      temperature: 50 + n,
      pressure: 700 + n,
    }));
    const before = await processorInvocations(twin);

    // Act
    const out = await twin.lambda.send(new InvokeCommand({ FunctionName: twin.functionNames.dispatcher, Payload: Buffer.from(JSON.stringify(readings)) }));
    const dispatched = JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8')) as { received: number; dispatched: number };
    const account = await twin.waitUntilSettled();

    // Assess: two wrapper invocations of 25 readings, each calling each processor once
    expect(dispatched).toMatchObject({ received: 50, dispatched: 50 });
    expect(account).toMatchObject({ accepted: 50, persisted: 50, failed: 0, lost: 0 });
    const after = await processorInvocations(twin);
    expect(DEVICES.map((device) => (after[device] ?? 0) - (before[device] ?? 0))).toEqual([2, 2]);
    const dynamo = new DynamoDBClient({ endpoint: twin.endpoints.dynamodb, region: twin.region, credentials: LOCAL_CREDENTIALS });
    const items = ((await dynamo.send(new ScanCommand({ TableName: twin.hotTable }))).Items ?? []).map((item) => unmarshall(item));
    dynamo.destroy();
    expect(items).toHaveLength(50);
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
  let twin: LocalTwin;
  beforeAll(async () => {
    twin = await LocalTwin.start({ ports: { lambda: 27302, dynamodb: 27567, health: 27310 }, workDir: suiteWorkDir('batches-faults'), faultRate: 0.1 });
  });
  afterAll(async () => {
    await twin?.stop();
  });

  it('accounts for every reading, and replay with faults off drains the store into exactly 1,000 items', async () => {
    // Act 1: everything settles
    await twin.simulate({ rate: 500, events: 1000, batch: 25, maxInFlight: 100 }).done;
    const settled = await twin.waitUntilSettled({ settleTimeoutS: 60 });
    const reasons = await failureReasons(twin);

    // Assess 1: faults drawn per reading fail those readings alone; none lost
    expect({ sent: settled.sent, lost: settled.lost, rejectedAtSend: settled.rejectedAtSend }).toEqual({ sent: 1000, lost: 0, rejectedAtSend: 0 });
    expect(settled.failed).toBeGreaterThan(20);
    expect(settled.persisted).toBeGreaterThan(700);
    expect(Object.values(reasons).reduce((a, b) => a + b, 0)).toBe(settled.failed + settled.storedAndParked);
    expect(Object.keys(reasons)).toEqual(expect.arrayContaining(['function-error', 'invalid-output']));

    // Act 2: faults off, replay
    twin.setFaults(0);
    const rounds = await replayAll(twin);
    const drained = await waitDrained(twin, 1000);

    // Assess 2
    expect(rounds.reduce((sum, r) => sum + r.replayed, 0)).toBeGreaterThanOrEqual(settled.failed);
    expect(rounds.at(-1)?.failedAgain).toBe(0);
    expect(drained.keys.size).toBe(1000);
  });
});
