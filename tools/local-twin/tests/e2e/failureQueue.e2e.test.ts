/**
 * `npm run failures -- list|replay|purge --queue-url …` on an SQS failure queue of an emulated
 * account (moto), replaying into the local twin: every shape that reaches the queue, read and
 * replayed to the function that failed; an unreadable message left and reported; the queue left
 * as it was by `list` and `--dry-run`. The CLI runs as a user types it, the SDK pointed at moto
 * (SQS) and the twin (Lambda, DynamoDB) through AWS_ENDPOINT_URL_<SERVICE> only.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateQueueCommand, GetQueueAttributesCommand, PurgeQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { failureQueueName } from '@twinflow/core';
import { LocalTwin } from '@twinflow/local-twin';
import { startMoto, type MotoServer } from '@twinflow/testing/moto';
import { scanAll } from '../oracle';
import { repoRoot, suiteWorkDir, waitFor } from '../twinProcess';

const run = promisify(execFile);
/** `npm run failures`, as package.json runs it: the TypeScript source through tsx. */
const cli = [require.resolve('tsx/cli', { paths: [repoRoot] }), '--tsconfig', path.join(repoRoot, 'tools/local-twin/tsconfig.json'), path.join(repoRoot, 'tools/local-twin/src/failures.ts')];
const region = 'eu-central-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const ports = { lambda: 9302, dynamodb: 9567, health: 9310 };
const workDir = suiteWorkDir('failure-queue');
// One reference second for the suite, an hour back: every reading a key of its own.
const epoch = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
const at = (n: number): string => new Date(epoch + n).toISOString();
const arn = (fn: string): string => `arn:aws:lambda:${region}:123456789012:function:${fn}`;

type Entry = { messageId: string; kind: string; reason: string; function: string; deviceIds: string[]; eventIds: string[]; outcome?: string; storedAlready?: boolean | null };
type Summary = Record<string, number | string | boolean> & { messages: Entry[]; unreadable: Array<{ messageId: string; problem: string }> };

/** The names the twin serves, as the messages in the queue carry them. */
type Names = Pick<LocalTwin, 'twin' | 'functionNames'>;

function event(twin: string, deviceId: string, eventId: string, n: number, payload: Record<string, number>) {
  return { twin, deviceId, timestamp: at(n), eventId, payload, receivedAt: at(n) };
}

function destination(fn: string, requestPayload: unknown, condition = 'RetriesExhausted') {
  return {
    version: '1.0',
    timestamp: at(0),
    requestContext: { requestId: `req-${fn}`, functionArn: `${arn(fn)}:$LATEST`, condition, approximateInvokeCount: 3 },
    requestPayload,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: 'Error', errorMessage: 'injected' },
  };
}

function iot(names: Names, device: string, original: object) {
  return {
    ruleName: `${names.twin}_telemetry`,
    topic: `dt/${names.twin}/${device}/telemetry`,
    cloudwatchTraceId: 'trace',
    clientId: device,
    base64OriginalPayload: Buffer.from(JSON.stringify(original)).toString('base64'),
    failures: [{ failedAction: 'LambdaAction', failedResource: names.functionNames.dispatcher, errorMessage: 'Rate exceeded' }],
  };
}

/** A twinflow failure record, as SqsFailureStore sends it. */
function record(twin: string, stage: 'dispatch' | 'process' | 'persist', reason: string, original: { deviceId: string; eventId: string; timestamp: string }) {
  const { deviceId, eventId, timestamp } = original;
  return { id: `rec-${eventId}`, twin, stage, reason, errorType: 'Error', message: 'injected', attempts: 1, failedAt: at(0), deviceId, eventId, timestamp, original };
}

/** One message of each shape (the IoT one also base64-encoded whole), one unreadable and one of another stage's function. */
function bodiesFor(names: Names): Record<string, string> {
  const { twin, functionNames: fn } = names;
  return {
    record: JSON.stringify(record(twin, 'process', 'function-error', event(twin, 'thermostat-1', 'fq-record', 1, { temperature: 70, humidity: 40 }))),
    toDispatcher: JSON.stringify(destination(fn.dispatcher, { device_id: 'pressure-sensor-1', eventId: 'fq-dispatcher', timestamp: at(2), pressure: 700 })),
    toWrapper: JSON.stringify(
      destination(fn.wrapper, { requestId: 'r-1', timestamp: at(3), trigger: 'telemetry', payload: { events: [event(twin, 'thermostat-1', 'fq-wrapper', 3, { temperature: 71 })] } }, 'EventAgeExceeded'),
    ),
    toPersister: JSON.stringify(destination(fn.persister, { records: [{ event: event(twin, 'pressure-sensor-1', 'fq-persister', 4, { pressure: 701 }), data: { pressure: 701, alarm: false } }] })),
    iot: JSON.stringify(iot(names, 'thermostat-1', { eventId: 'fq-iot', timestamp: at(5), temperature: 72 })),
    iotBase64: Buffer.from(JSON.stringify(iot(names, 'pressure-sensor-1', { eventId: 'fq-iot-b64', timestamp: at(6), pressure: 702 }))).toString('base64'),
    unreadable: 'reading: 70F (not JSON)',
    otherStage: JSON.stringify(destination(`${fn.dispatcher}-prod`, { device_id: 'thermostat-1', temperature: 1 })),
  };
}
const READABLE_IDS = ['fq-record', 'fq-dispatcher', 'fq-wrapper', 'fq-persister', 'fq-iot', 'fq-iot-b64'];

describe('npm run failures on the SQS failure queue', () => {
  let moto: MotoServer;
  let twin: LocalTwin;
  let sqs: SQSClient;
  let queueUrl: string;
  let bodies: Record<string, string>;

  const failures = async (...args: string[]): Promise<{ code: number; summary: Summary; stderr: string }> => {
    const env = {
      ...process.env,
      AWS_ENDPOINT_URL_SQS: moto.endpoint,
      AWS_ENDPOINT_URL_LAMBDA: twin.endpoints.lambda,
      AWS_ENDPOINT_URL_DYNAMODB: twin.endpoints.dynamodb,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: region,
    };
    const result = await run(process.execPath, [...cli, ...args, '--queue-url', queueUrl, '--json'], { cwd: repoRoot, env, encoding: 'utf8' }).then(
      (out) => ({ code: 0, ...out }),
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    return { code: result.code, summary: JSON.parse(result.stdout) as Summary, stderr: result.stderr };
  };
  const visible = async (): Promise<number> =>
    Number((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes?.['ApproximateNumberOfMessages']);
  const hiddenCount = async (): Promise<number> =>
    Number((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }))).Attributes?.['ApproximateNumberOfMessagesNotVisible']);
  const bodiesInQueue = async (): Promise<string[]> => {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 0 }));
    return (out.Messages ?? []).map((message) => message.Body ?? '').sort();
  };
  const refill = async (names: string[]): Promise<void> => {
    await sqs.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
    for (const name of names) await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: bodies[name] }));
  };
  const storedIds = async (): Promise<string[]> => (await scanAll(twin.endpoints.dynamodb, twin.hotTable)).map((item) => String(item['event_id']));
  const waitStored = async (ids: string[]): Promise<void> => {
    await waitFor(async () => {
      const have = new Set(await storedIds());
      return ids.every((id) => have.has(id));
    }, 30_000, `${ids.join(', ')} stored`);
  };

  beforeAll(async () => {
    moto = await startMoto({ port: 9301 });
    twin = await LocalTwin.start({ ports, workDir });
    bodies = bodiesFor(twin);
    sqs = new SQSClient({ endpoint: moto.endpoint, region, credentials });
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: failureQueueName(twin.twin) }))).QueueUrl ?? '';
  }, 240_000);
  afterAll(async () => {
    sqs?.destroy();
    await twin?.stop();
    await moto?.stop();
  });

  it('lists every shape with its reason and function, reports the unreadable ones, and leaves the queue as it was', async () => {
    // Prepare
    await refill(Object.keys(bodies));

    // Act
    const { code, summary } = await failures('list');

    // Assess
    expect(code).toBe(0);
    expect(summary).toMatchObject({ command: 'list', stage: 'dev', region, received: 8, selected: 6, storedAlready: 0 });
    const byEvent = Object.fromEntries(summary.messages.map((m) => [m.eventIds.join(','), m]));
    expect(byEvent['fq-record']).toMatchObject({ kind: 'twinflow-record', reason: 'function-error', function: twin.functionNames.wrapper, deviceIds: ['thermostat-1'], storedAlready: false });
    expect(byEvent['fq-dispatcher']).toMatchObject({ kind: 'lambda-destination', reason: 'retries-exhausted', function: twin.functionNames.dispatcher, deviceIds: ['pressure-sensor-1'] });
    expect(byEvent['fq-wrapper']).toMatchObject({ kind: 'lambda-destination', reason: 'event-age-exceeded', function: twin.functionNames.wrapper });
    expect(byEvent['fq-persister']).toMatchObject({ kind: 'lambda-destination', reason: 'retries-exhausted', function: twin.functionNames.persister });
    expect(byEvent['fq-iot']).toMatchObject({ kind: 'iot-rule-error', reason: 'iot-rule-error', function: twin.functionNames.dispatcher, deviceIds: ['thermostat-1'] });
    expect(byEvent['fq-iot-b64']).toMatchObject({ kind: 'iot-rule-error', function: twin.functionNames.dispatcher, deviceIds: ['pressure-sensor-1'] });
    expect(summary.unreadable.map((u) => u.problem).sort()).toEqual(['foreign-function', 'not-json']);
    expect(await visible()).toBe(8);
    expect(await hiddenCount()).toBe(0);
  });

  it('selects by --device, --reason and --max', async () => {
    // Act
    const device = await failures('list', '--device', 'pressure-sensor-1');
    const reason = await failures('list', '--reason', 'iot-rule-error');
    const max = await failures('list', '--max', '2');

    // Assess
    expect(device.summary.messages.map((m) => m.eventIds[0]).sort()).toEqual(['fq-dispatcher', 'fq-iot-b64', 'fq-persister']);
    expect(reason.summary.messages.map((m) => m.eventIds[0]).sort()).toEqual(['fq-iot', 'fq-iot-b64']);
    expect(max.summary.selected).toBe(2);
    expect(max.summary.messages).toHaveLength(2);
    expect(await visible()).toBe(8);
  });

  it('replay --dry-run says what it would replay and touches nothing', async () => {
    // Act
    const { code, summary } = await failures('replay', '--dry-run');

    // Assess
    expect(code).toBe(0);
    expect(summary).toMatchObject({ dryRun: true, selected: 6, replayed: 0, deleted: 0 });
    expect(summary.messages.map((m) => m.outcome)).toEqual(Array(6).fill('would-replay'));
    expect(await visible()).toBe(8);
    expect((await storedIds()).filter((id) => READABLE_IDS.includes(id))).toEqual([]);
  });

  it('replays the selection only (--reason, --max): one IoT reading stored, its message deleted', async () => {
    // Act
    const { code, summary } = await failures('replay', '--reason', 'iot-rule-error', '--max', '1');

    // Assess
    expect(code).toBe(0);
    expect(summary).toMatchObject({ selected: 1, replayed: 1, deleted: 1, errors: 0 });
    const replayedId = summary.messages[0]?.eventIds[0] ?? '';
    expect(['fq-iot', 'fq-iot-b64']).toContain(replayedId);
    await waitStored([replayedId]);
    expect(await visible()).toBe(7);
  });

  it('replays every reading to the function that failed, deletes exactly their messages and leaves the unreadable ones', async () => {
    // Act
    const { code, summary } = await failures('replay');

    // Assess
    expect(code).toBe(0);
    expect(summary).toMatchObject({ selected: 5, replayed: 5, failedAgain: 0, errors: 0, deleted: 5 });
    expect(summary.unreadable.map((u) => u.problem).sort()).toEqual(['foreign-function', 'not-json']);
    await waitStored(READABLE_IDS);
    const items = await scanAll(twin.endpoints.dynamodb, twin.hotTable);
    for (const id of READABLE_IDS) expect(items.filter((item) => item['event_id'] === id)).toHaveLength(1);
    expect(items.find((item) => item['event_id'] === 'fq-iot')).toMatchObject({ device_id: 'thermostat-1', timestamp: at(5) });
    expect(await bodiesInQueue()).toEqual([bodies['otherStage'], bodies['unreadable']].sort());
  });

  it('deletes the message of a reading stored after all without sending it again', async () => {
    // Prepare: the record of a reading that is in the hot table by now
    await refill(['record', 'unreadable']);
    const before = (await scanAll(twin.endpoints.dynamodb, twin.hotTable)).find((item) => item['event_id'] === 'fq-record');

    // Act
    const { summary } = await failures('replay');

    // Assess
    expect(summary).toMatchObject({ selected: 1, storedAlready: 1, replayed: 0, deleted: 1 });
    expect(summary.messages[0]).toMatchObject({ outcome: 'stored-already', storedAlready: true });
    expect((await scanAll(twin.endpoints.dynamodb, twin.hotTable)).find((item) => item['event_id'] === 'fq-record')).toEqual(before);
    expect(await bodiesInQueue()).toEqual([bodies['unreadable']]);
  });

  it('purges the matching messages (after a dry run that deletes nothing), never an unreadable one', async () => {
    // Prepare
    await refill(Object.keys(bodies));

    // Act
    const dry = await failures('purge', '--reason', 'retries-exhausted', '--dry-run');
    const visibleAfterDryRun = await visible();
    const purge = await failures('purge', '--reason', 'retries-exhausted');
    const all = await failures('purge');

    // Assess
    expect(dry.summary).toMatchObject({ dryRun: true, selected: 2, purged: 0 });
    expect(visibleAfterDryRun).toBe(8);
    expect(purge.summary).toMatchObject({ selected: 2, purged: 2, errors: 0 });
    expect(purge.summary.messages.map((m) => m.function).sort()).toEqual([twin.functionNames.dispatcher, twin.functionNames.persister].sort());
    expect(all.summary).toMatchObject({ selected: 4, purged: 4 });
    expect(await bodiesInQueue()).toEqual([bodies['otherStage'], bodies['unreadable']].sort());
  });
});
