/**
 * One function's stray error on the local twin: a processor that rejects a promise it never
 * handles (or throws from a timer, or runs past its timeout) fails its own invocation — the
 * reading is parked — and the one serverless-offline process serving every function stays up for
 * the readings after it, for sync and async invocations alike. When that process does die, the
 * twin says so (`ended`) and stops with nothing left running; the CLI's exit code for it is
 * endpointCrash's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { LocalTwin, TwinComponentDiedError } from '@twinflow/local-twin';
import { storedItems } from '../twinData';
import { processesMatching, suiteWorkDir, waitFor } from '../twinProcess';

const ports = { lambda: 5002, dynamodb: 5567, health: 5100 };
const workDir = suiteWorkDir('function-crash');

/** The pid of the serverless-offline process serving this twin's Lambda port. */
function offlinePid(): number | undefined {
  const line = processesMatching(`lambdaPort ${ports.lambda} `).find((l) => l.includes('serverless'));
  return line === undefined ? undefined : Number(line.trim().split(/\s+/)[0]);
}

describe('a processor that errors outside its awaited chain', () => {
  let twin: LocalTwin;
  let pidAtStart: number | undefined;
  // One reference second for the whole suite: a clock read per send could give two readings of a
  // device the same key when a second boundary falls between them (then one is a duplicate).
  const epoch = Math.floor(Date.now() / 1000) * 1000;
  /** Sends one reading through the dispatcher (as a device would), `secondsAgo` before the suite began. */
  const send = async (device: string, secondsAgo: number): Promise<string> => {
    const timestamp = new Date(epoch - secondsAgo * 1000).toISOString();
    const reading = { device_id: device, timestamp, temperature: 70, pressure: 700 };
    await twin.lambda.send(new InvokeCommand({ FunctionName: twin.functionNames.dispatcher, Payload: Buffer.from(JSON.stringify(reading)) }));
    return timestamp;
  };
  const parkedOf = async (device: string) => (await twin.failures()).filter((record) => record.deviceId === device);

  beforeAll(async () => {
    twin = await LocalTwin.start({ ports, workDir });
    pidAtStart = offlinePid();
  });
  afterAll(async () => {
    await twin?.stop();
  });

  it.each([
    ['stray-rejection', 'a promise was rejected and never handled: Error: injected fault'],
    ['uncaught-exception', 'an exception was thrown and never caught: Error: injected fault'],
  ])('parks the reading whose processor invocation had a %s, and stores the readings after it', async (kind, message) => {
    // Prepare: every thermostat invocation strays that way
    const parkedBefore = (await parkedOf('thermostat-1')).length;
    twin.setFaults(0, { 'thermostat-1': 1 }, { 'thermostat-1': kind });
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
    twin.setFaults(0);
    const before = { thermostat: await storedItems(twin, { device: 'thermostat-1' }), pressure: await storedItems(twin, { device: 'pressure-sensor-1' }) };
    for (let n = 1; n <= 4; n += 1) {
      await send('thermostat-1', offset + n);
      await send('pressure-sensor-1', offset + n);
    }
    // Assess: the faulty reading parked as a function error naming what happened
    const record = parked.find((r) => String(r.message).includes(message));
    expect(record).toMatchObject({ reason: expect.stringMatching(/^(function-error|timeout)$/), deviceId: 'thermostat-1' });
    expect(parked.length - parkedBefore).toBe(1);
    // the readings after it, of both devices, stored
    let stored = { thermostat: 0, pressure: 0 };
    await waitFor(
      async () => {
        const thermostat = await storedItems(twin, { device: 'thermostat-1' });
        const pressure = await storedItems(twin, { device: 'pressure-sensor-1' });
        stored = { thermostat: thermostat.count - before.thermostat.count, pressure: pressure.count - before.pressure.count };
        return stored.thermostat === 4 && stored.pressure === 4;
      },
      30_000,
      '4 readings of each device stored',
    ).catch((error: Error) => {
      throw new Error(`${error.message}: stored ${JSON.stringify(stored)}; parked ${JSON.stringify(parked.map((r) => r.message))}`);
    });
    // the same serverless-offline process serving them all
    expect(pidAtStart).toEqual(expect.any(Number));
    expect(offlinePid()).toBe(pidAtStart);
  });

  it('fails an async (Event) invocation that strays or runs past its timeout alone, as it fails a sync one', async () => {
    // Prepare: processors invoked directly: synchronously, as the wrapper calls them, and asynchronously
    // (Event), as the dispatcher and the wrapper call the services
    const invoke = (device: string, invocationType: 'Event' | 'RequestResponse') => {
      const event = { twin: twin.twin, deviceId: device, timestamp: new Date().toISOString(), eventId: `direct-${invocationType}`, payload: { temperature: 70, pressure: 700 }, receivedAt: new Date().toISOString() };
      return twin.lambda.send(new InvokeCommand({ FunctionName: twin.functionNames.processors[device], InvocationType: invocationType, Payload: Buffer.from(JSON.stringify(event)) }));
    };
    const offlineLog = (): string => readFileSync(path.join(workDir, 'offline.log'), 'utf8');
    /** What the shim logs when an async invocation of the thermostat's processor fails (`what`: a pattern). */
    const asyncFailure = (what: string): RegExp => new RegExp(`the async invocation of ${twin.functionNames.processors['thermostat-1']} \\(request [^)]+\\) failed \\(${what}`);
    twin.setFaults(0, { 'thermostat-1': 1 }, { 'thermostat-1': 'stray-rejection' });
    // Act 1: an async invocation that strays
    const queued = await invoke('thermostat-1', 'Event');
    await waitFor(async () => asyncFailure('Runtime\\.UnhandledPromiseRejection: a promise was rejected and never handled').test(offlineLog()), 10_000, 'the stray async invocation failed');
    // Act 2: past the processor's 10 s timeout, one async and one sync invocation at once
    twin.setFaults(0, { 'thermostat-1': 1 }, { 'thermostat-1': 'hang-past-timeout' });
    const [queuedHang, syncHang] = await Promise.all([invoke('thermostat-1', 'Event'), invoke('thermostat-1', 'RequestResponse')]);
    await waitFor(async () => asyncFailure('Sandbox\\.Timedout: Task timed out after 10\\.00 seconds\\)').test(offlineLog()), 5_000, 'the hung async invocation failed');
    twin.setFaults(0);
    const after = await invoke('pressure-sensor-1', 'RequestResponse');
    // Assess
    expect([queued.StatusCode, queuedHang.StatusCode]).toEqual([202, 202]);
    expect(syncHang.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(syncHang.Payload ?? []).toString('utf8'))).toMatchObject({ errorMessage: 'Task timed out after 10.00 seconds' });
    expect(after.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(after.Payload ?? []).toString('utf8'))).toMatchObject({ pressureKpa: 700, alarm: false });
    expect(offlinePid()).toBe(pidAtStart);
  });

  it('ends with the endpoint named when serverless-offline is killed, and stops with nothing left running', async () => {
    // Prepare
    const pid = offlinePid();
    expect(pid).toEqual(expect.any(Number));
    // Act
    const killedAt = Date.now();
    process.kill(pid as number, 'SIGKILL');
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([twin.ended, new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), 15_000)))]);
    clearTimeout(timer);
    const noticedMs = Date.now() - killedAt;
    await twin.stop();
    // Assess: named within ~1 s, and the twin's processes gone with it
    expect(ended).not.toBe('still running');
    const { error } = ended as Awaited<LocalTwin['ended']>;
    expect(error).toBeInstanceOf(TwinComponentDiedError);
    expect(error.component).toBe('endpoint');
    expect(error.message).toContain(`serverless-offline (the Lambda endpoint on 127.0.0.1:${ports.lambda}) exited with SIGKILL`);
    expect(noticedMs).toBeLessThan(2_000);
    await waitFor(async () => processesMatching(workDir).length === 0, 5_000, () => `no process of ${workDir} left: ${processesMatching(workDir).join('; ')}`);
  });
});
