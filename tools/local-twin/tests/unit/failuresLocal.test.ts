import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { FailureRecord, FailureStage } from '@twinflow/core';
import { failureTableDefinition, hotTableShape, startDynamo, type LocalDynamo } from '../../src/dynamo';
import { FailureStoreReadError, listParked, purgeParked, replayParked } from '../../src/failuresLocal';
import { main } from '../../src/failures';

const hotTable = hotTableShape('demo-hot');
const lambdaMock = mockClient(LambdaClient);
let dynamo: LocalDynamo;
let lambda: LambdaClient;
let dir: string;
let spoolFile: string;

/** A failure record of `n`'s reading (thermostat-1 unless told), failed `n` seconds after 08:00. */
function record(n: number, stage: FailureStage, fields: Partial<FailureRecord> = {}): FailureRecord {
  const timestamp = `2026-11-24T07:00:${String(n).padStart(2, '0')}.000Z`;
  const event = { twin: 'demo', deviceId: fields.deviceId ?? 'thermostat-1', timestamp, eventId: `ev-${n}`, payload: { temperature: n }, receivedAt: timestamp };
  const original = stage === 'dispatch' ? { device_id: event.deviceId, timestamp, temperature: n } : stage === 'process' ? event : { event, data: { c: n } };
  return { id: `rec-${n}`, twin: 'demo', stage, reason: 'function-error', errorType: 'Error', message: 'boom', attempts: 1, failedAt: `2026-11-24T08:00:${String(n).padStart(2, '0')}.000Z`, deviceId: event.deviceId, eventId: event.eventId, timestamp, original, ...fields };
}

async function park(...records: FailureRecord[]): Promise<void> {
  for (const r of records) await dynamo.client.send(new PutItemCommand({ TableName: 'demo-failures', Item: marshall({ ...r, original: JSON.stringify(r.original) }, { removeUndefinedValues: true }) }));
}

const invoked = (): Array<{ FunctionName?: string; payload: unknown }> =>
  lambdaMock.commandCalls(InvokeCommand).map((call) => ({ FunctionName: call.args[0].input.FunctionName, payload: JSON.parse(Buffer.from(call.args[0].input.Payload as Uint8Array).toString('utf8')) }));
/** A response body as the SDK returns it. */
const payload = (text: string): InvokeCommandOutput['Payload'] => new TextEncoder().encode(text) as InvokeCommandOutput['Payload'];
const answer = (body: object): Partial<InvokeCommandOutput> => ({ StatusCode: 200, Payload: payload(JSON.stringify(body)) });

beforeAll(async () => {
  dynamo = await startDynamo({ port: 0, region: 'eu-central-1', tables: [hotTable, failureTableDefinition('demo')] });
  lambda = new LambdaClient({ region: 'eu-central-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
});
beforeEach(async () => {
  lambdaMock.reset();
  dir = mkdtempSync(path.join(tmpdir(), 'twinflow-failures-'));
  spoolFile = path.join(dir, 'spool.jsonl');
  await purgeParked({ dynamo: dynamo.client, twin: 'demo' });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));
afterAll(async () => {
  lambdaMock.restore();
  dynamo.client.destroy();
  await dynamo.close();
});

describe('replayParked', () => {
  it("replays each record to its stage's service, removes the done ones and keeps the ones that failed to replay", async () => {
    // Prepare
    await park(record(1, 'dispatch'), record(2, 'process'), record(3, 'persist'), record(4, 'process'));
    lambdaMock
      .on(InvokeCommand, { FunctionName: 'demo-dispatcher' }).resolves(answer({ accepted: 1, failed: 0 }))
      .on(InvokeCommand, { FunctionName: 'demo-processor-wrapper' }).resolvesOnce(answer({ failed: 1 })).resolvesOnce({ StatusCode: 200, FunctionError: 'Unhandled', Payload: payload('{"errorMessage":"down"}') })
      .on(InvokeCommand, { FunctionName: 'demo-persister' }).resolves(answer({ written: 0, duplicates: 1, failed: 0 }));
    const errors: string[] = [];

    // Act
    const summary = await replayParked({ dynamo: dynamo.client, lambda, twin: 'demo' }, { onError: (r, error) => errors.push(`${r.id}: ${error.message}`) });

    // Assess
    expect(summary).toEqual({ selected: 4, replayed: 2, failedAgain: 1, duplicates: 1, storedAlready: 0, errors: 1 });
    expect(invoked()).toEqual([
      { FunctionName: 'demo-dispatcher', payload: record(1, 'dispatch').original },
      { FunctionName: 'demo-processor-wrapper', payload: { events: [record(2, 'process').original] } },
      { FunctionName: 'demo-persister', payload: { records: [record(3, 'persist').original] } },
      { FunctionName: 'demo-processor-wrapper', payload: { events: [record(4, 'process').original] } },
    ]);
    expect(errors).toEqual(['rec-4: demo-processor-wrapper failed: down']);
    expect((await listParked({ dynamo: dynamo.client, twin: 'demo' })).records.map((r) => r.id)).toEqual(['rec-4']);
  });

  it('removes without sending a record whose reading is stored after all, and only the selected ones', async () => {
    // Prepare
    const stored = record(5, 'process');
    await park(stored, record(6, 'process', { reason: 'circuit-open' }), record(7, 'process', { deviceId: 'pressure-sensor-1' }), record(8, 'persist'));
    await dynamo.client.send(new PutItemCommand({ TableName: 'demo-hot', Item: marshall({ device_id: 'thermostat-1', timestamp: stored.timestamp, event_id: stored.eventId }) }));

    // Act
    const summary = await replayParked({ dynamo: dynamo.client, lambda, twin: 'demo' }, { device: 'thermostat-1', stage: 'process', reason: 'function-error' });

    // Assess
    expect(summary).toEqual({ selected: 1, replayed: 0, failedAgain: 0, duplicates: 1, storedAlready: 1, errors: 0 });
    expect(invoked()).toEqual([]);
    expect((await listParked({ dynamo: dynamo.client, twin: 'demo' })).records.map((r) => r.id)).toEqual(['rec-6', 'rec-7', 'rec-8']);
  });

  it('sends and removes nothing on a dry run, oldest first up to max', async () => {
    // Prepare
    await park(record(12, 'process'), record(10, 'process'), record(11, 'process'));

    // Act
    const summary = await replayParked({ dynamo: dynamo.client, lambda, twin: 'demo' }, { dryRun: true, max: 2 });
    const listed = await listParked({ dynamo: dynamo.client, twin: 'demo' }, { max: 2 });

    // Assess
    expect(summary).toEqual({ selected: 2, replayed: 0, failedAgain: 0, duplicates: 0, storedAlready: 0, errors: 0, wouldReplay: 2, dryRun: true });
    expect(listed).toMatchObject({ total: 3, records: [{ id: 'rec-10', storedAfterAll: false }, { id: 'rec-11' }] });
    expect(invoked()).toEqual([]);
  });

  it('replays and removes the records of the spool file too', async () => {
    // Prepare
    const spooled = record(20, 'persist');
    writeFileSync(spoolFile, `${JSON.stringify(spooled)}\n`);
    lambdaMock.on(InvokeCommand).resolves(answer({ written: 1, duplicates: 0, failed: 0 }));

    // Act
    const summary = await replayParked({ dynamo: dynamo.client, lambda, twin: 'demo', spoolFile }, {});

    // Assess
    expect(summary).toMatchObject({ selected: 1, replayed: 1, errors: 0 });
    expect(invoked()).toEqual([{ FunctionName: 'demo-persister', payload: { records: [spooled.original] } }]);
    expect(existsSync(spoolFile) ? readFileSync(spoolFile, 'utf8') : '').toBe('');
  });

  it('rejects with a FailureStoreReadError when the store cannot be read', async () => {
    // Act
    const outcome = replayParked({ dynamo: dynamo.client, lambda, twin: 'demo', failureTable: 'missing-failures' }, {});

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(FailureStoreReadError);
  });
});

describe('npm run failures on the local store', () => {
  it('replays through the CLI with --json, printing the summary and exiting 1 when a replay failed', async () => {
    // Prepare
    await park(record(30, 'process'), record(31, 'process'));
    lambdaMock.on(InvokeCommand).resolvesOnce(answer({ failed: 0 })).rejectsOnce(new Error('connection refused'));
    const out: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => out.push(String(chunk)) > 0);

    // Act
    const code = await main(['replay', '--json', '--dynamodb-endpoint', dynamo.endpoint, '--lambda-endpoint', 'http://127.0.0.1:9', '--spool-file', spoolFile]);

    // Assess
    expect(code).toBe(1);
    expect(JSON.parse(out.join(''))).toEqual({ selected: 2, replayed: 1, failedAgain: 0, duplicates: 0, storedAlready: 0, errors: 1 });
  });

  it('purges the selected records through the CLI', async () => {
    // Prepare
    await park(record(40, 'process', { reason: 'circuit-open' }), record(41, 'process'));
    const out: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => out.push(String(chunk)) > 0);

    // Act
    const code = await main(['purge', '--reason', 'circuit-open', '--json', '--dynamodb-endpoint', dynamo.endpoint, '--spool-file', spoolFile]);

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual({ selected: 1, purged: 1, dryRun: false });
    expect((await listParked({ dynamo: dynamo.client, twin: 'demo' })).records.map((r) => r.id)).toEqual(['rec-41']);
  });
});
