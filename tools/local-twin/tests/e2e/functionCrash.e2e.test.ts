/**
 * One function's stray error on the local twin: a processor that rejects a promise it never
 * handles (or throws from a timer, or runs past its timeout) fails its own invocation — the
 * reading is parked — and the one serverless-offline process serving every function stays up for
 * the readings after it, for sync and async invocations alike. When that process does die, the
 * twin says so and fails.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { countItems } from '../twinData';
import { processesMatching, readHealth, repoRoot, startTwin, waitFor, type RunningTwin } from '../twinProcess';

const ports = { lambda: 57002, dynamodb: 57567, health: 57100 };
const workDir = path.join(repoRoot, 'tmp', 'function-crash-twin');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The pid of the serverless-offline process serving this twin's Lambda port. */
function offlinePid(): number | undefined {
  const line = processesMatching(`lambdaPort ${ports.lambda} `).find((l) => l.includes('serverless'));
  return line === undefined ? undefined : Number(line.trim().split(/\s+/)[0]);
}

/** The twin reads faults.json on every processor invocation (kinds: see src/shims/processorFaults.cjs). */
function writeFaults(faults: object): void {
  writeFileSync(path.join(workDir, 'faults.json'), JSON.stringify(faults));
}

async function parkedOf(device: string): Promise<Array<Record<string, unknown>>> {
  const client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${ports.dynamodb}`, region: 'eu-central-1', credentials });
  const page = await client.send(new ScanCommand({ TableName: 'demo-failures', FilterExpression: 'deviceId = :d', ExpressionAttributeValues: { ':d': { S: device } } }));
  client.destroy();
  return (page.Items ?? []).map((item) => unmarshall(item));
}

describe('a processor that errors outside its awaited chain', () => {
  let twin: RunningTwin;
  let lambda: LambdaClient;
  let pidAtStart: number | undefined;
  // One reference second for the whole suite: a clock read per send could give two readings of a
  // device the same key when a second boundary falls between them (then one is a duplicate).
  const epoch = Math.floor(Date.now() / 1000) * 1000;
  /** Sends one reading through the dispatcher (as a device would), `secondsAgo` before the suite began. */
  const send = async (device: string, secondsAgo: number): Promise<string> => {
    const timestamp = new Date(epoch - secondsAgo * 1000).toISOString();
    const reading = { device_id: device, timestamp, temperature: 70, pressure: 700 };
    await lambda.send(new InvokeCommand({ FunctionName: 'demo-dispatcher', Payload: Buffer.from(JSON.stringify(reading)) }));
    return timestamp;
  };

  beforeAll(async () => {
    twin = startTwin(ports, ['--events', '0', '--work-dir', workDir]);
    await waitFor(async () => (await readHealth(twin)).counts, 90_000, 'the twin');
    lambda = new LambdaClient({ endpoint: twin.endpoints.lambda, region: 'eu-central-1', credentials });
    pidAtStart = offlinePid();
  });
  afterAll(async () => {
    lambda?.destroy();
    await twin?.stop();
  });

  it.each([
    ['stray-rejection', 'a promise was rejected and never handled: Error: injected fault'],
    ['uncaught-exception', 'an exception was thrown and never caught: Error: injected fault'],
  ])('parks the reading whose processor invocation had a %s, and stores the readings after it', async (kind, message) => {
    // Prepare: every thermostat invocation strays that way
    const parkedBefore = (await parkedOf('thermostat-1')).length;
    writeFaults({ rate: 0, devices: { 'thermostat-1': 1 }, kinds: { 'thermostat-1': kind } });
    const offset = kind === 'stray-rejection' ? 100 : 200;
    // Act 1: one thermostat reading
    await send('thermostat-1', offset);
    const parked = await waitFor(
      async () => {
        const records = await parkedOf('thermostat-1');
        return records.length > parkedBefore ? records : undefined;
      },
      30_000,
      'the faulty reading parked',
    );
    // Act 2: faults off, then readings of both devices
    writeFaults({ rate: 0 });
    const before = { thermostat: await countItems(twin.endpoints.dynamodb, 'demo-hot', { device: 'thermostat-1' }), pressure: await countItems(twin.endpoints.dynamodb, 'demo-hot', { device: 'pressure-sensor-1' }) };
    for (let n = 1; n <= 4; n += 1) {
      await send('thermostat-1', offset + n);
      await send('pressure-sensor-1', offset + n);
    }
    // Assess: the faulty reading parked as a function error naming what happened
    const record = parked.find((r) => String(r['message']).includes(message));
    expect(record).toMatchObject({ reason: expect.stringMatching(/^(function-error|timeout)$/), deviceId: 'thermostat-1' });
    expect(parked.length - parkedBefore).toBe(1);
    // the readings after it, of both devices, stored
    let stored = { thermostat: 0, pressure: 0 };
    await waitFor(
      async () => {
        const thermostat = await countItems(twin.endpoints.dynamodb, 'demo-hot', { device: 'thermostat-1' });
        const pressure = await countItems(twin.endpoints.dynamodb, 'demo-hot', { device: 'pressure-sensor-1' });
        stored = { thermostat: thermostat.count - before.thermostat.count, pressure: pressure.count - before.pressure.count };
        return stored.thermostat === 4 && stored.pressure === 4;
      },
      30_000,
      '4 readings of each device stored',
    ).catch((error: Error) => {
      throw new Error(`${error.message}: stored ${JSON.stringify(stored)}; parked ${JSON.stringify(parked.map((r) => r['message']))}`);
    });
    // the same serverless-offline process serving them all
    expect(pidAtStart).toEqual(expect.any(Number));
    expect(offlinePid()).toBe(pidAtStart);
  });

  it('fails an async (Event) invocation that strays or runs past its timeout alone, as it fails a sync one', async () => {
    // Prepare: processors invoked directly: synchronously, as the wrapper calls them, and asynchronously
    // (Event), as the dispatcher and the wrapper call the services
    const invoke = (device: string, invocationType: 'Event' | 'RequestResponse') => {
      const event = { twin: 'demo', deviceId: device, timestamp: new Date().toISOString(), eventId: `direct-${invocationType}`, payload: { temperature: 70, pressure: 700 }, receivedAt: new Date().toISOString() };
      return lambda.send(new InvokeCommand({ FunctionName: `demo-${device}-processor`, InvocationType: invocationType, Payload: Buffer.from(JSON.stringify(event)) }));
    };
    const offlineLog = (): string => readFileSync(path.join(workDir, 'offline.log'), 'utf8');
    writeFaults({ rate: 0, devices: { 'thermostat-1': 1 }, kinds: { 'thermostat-1': 'stray-rejection' } });
    // Act 1: an async invocation that strays
    const queued = await invoke('thermostat-1', 'Event');
    await waitFor(async () => /the async invocation of demo-thermostat-1-processor \(request [^)]+\) failed \(Runtime\.UnhandledPromiseRejection: a promise was rejected and never handled/.test(offlineLog()), 10_000, 'the stray async invocation failed');
    // Act 2: past the processor's 10 s timeout, one async and one sync invocation at once
    writeFaults({ rate: 0, devices: { 'thermostat-1': 1 }, kinds: { 'thermostat-1': 'hang-past-timeout' } });
    const [queuedHang, syncHang] = await Promise.all([invoke('thermostat-1', 'Event'), invoke('thermostat-1', 'RequestResponse')]);
    await waitFor(async () => /the async invocation of demo-thermostat-1-processor \(request [^)]+\) failed \(Sandbox\.Timedout: Task timed out after 10\.00 seconds\)/.test(offlineLog()), 5_000, 'the hung async invocation failed');
    writeFaults({ rate: 0 });
    const after = await invoke('pressure-sensor-1', 'RequestResponse');
    // Assess
    expect([queued.StatusCode, queuedHang.StatusCode]).toEqual([202, 202]);
    expect(syncHang.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(syncHang.Payload ?? []).toString('utf8'))).toMatchObject({ errorMessage: 'Task timed out after 10.00 seconds' });
    expect(after.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(after.Payload ?? []).toString('utf8'))).toMatchObject({ pressureKpa: 700, alarm: false });
    expect(offlinePid()).toBe(pidAtStart);
  });

  it('exits with a failure, naming the endpoint, when serverless-offline is killed', async () => {
    // Prepare
    const pid = offlinePid();
    expect(pid).toEqual(expect.any(Number));
    // Act
    const killedAt = Date.now();
    process.kill(pid as number, 'SIGKILL');
    const said = `serverless-offline (the Lambda endpoint on 127.0.0.1:${ports.lambda}) exited with SIGKILL`;
    await waitFor(async () => twin.stderr().includes(said), 2_000, 'the twin to name the dead endpoint').catch(() => undefined);
    const noticedMs = Date.now() - killedAt;
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([twin.exited, new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), 15_000)))]);
    clearTimeout(timer);
    // Assess: said within ~1 s (the poll adds up to 250 ms), then a failure exit
    expect(twin.stderr()).toContain(said);
    expect(noticedMs).toBeLessThan(2_000);
    expect(code).toBe(1);
    expect(processesMatching(workDir)).toEqual([]);
  });
});
