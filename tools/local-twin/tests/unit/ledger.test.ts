import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { failureTableDefinition, hotTableShape, startDynamo, type LocalDynamo } from '../../src/dynamo';
import { readFailureRecords } from '../../src/failureRecords';
import { createLedger, type Ledger, type ParkedRecordLike, type ReadingIdentity } from '../../src/ledger';

const HOT = 'demo-hot';
const FUNCTIONS = { dispatcher: 'demo-dispatcher', wrapper: 'demo-processor-wrapper', persister: 'demo-persister' };
const hotTable = hotTableShape(HOT);

let dynamo: LocalDynamo;
let seq = 0;

beforeAll(async () => {
  dynamo = await startDynamo({ port: 0, region: 'eu-central-1', tables: [hotTable, failureTableDefinition('demo')] });
});
afterAll(async () => {
  dynamo.client.destroy();
  await dynamo.close();
});

/** A reading of `device` with an id and key of its own (unique across the suite). */
function reading(device = 'thermostat-1'): Required<ReadingIdentity> {
  seq += 1;
  return { eventId: `e-${seq}`, deviceId: device, timestamp: new Date(Date.UTC(2026, 10, 24, 8, 0, 0, seq)).toISOString() };
}

/** Stores `r`'s key in the hot table, holding `eventId` (default its own). */
async function store(r: Required<ReadingIdentity>, eventId = r.eventId): Promise<void> {
  await dynamo.client.send(new PutItemCommand({ TableName: HOT, Item: marshall({ device_id: r.deviceId, timestamp: r.timestamp, event_id: eventId, data: {} }) }));
}

/** A ledger over the suite's hot table and the given failure records; its clock at `clock.now`. */
function ledgerWith(records: ParkedRecordLike[] = [], clock = { now: 1_000 }): Ledger {
  return createLedger({ client: dynamo.client, hotTable: HOT, functions: FUNCTIONS, readFailures: async () => records, now: () => clock.now });
}

const result = (fn: string, results: object[]): object => ({ function: fn, result: { results } });

describe('the ledger', () => {
  it('counts a reading the persister called stored as lost when its key does not hold it', async () => {
    // Prepare
    const ledger = ledgerWith();
    const r = reading();
    ledger.sending([r]);
    ledger.sent([r]);

    // Act
    ledger.report(result(FUNCTIONS.persister, [{ eventId: r.eventId, status: 'stored' }]));
    await ledger.verifyReported();
    const account = await ledger.settle();

    // Assess
    expect(account).toMatchObject({ sent: 1, accepted: 1, persisted: 0, failed: 0, lost: 1, missing: [r.eventId], inFlight: 1 });
  });

  it("does not count a reading stored when its key holds another reading's event id", async () => {
    // Prepare
    const ledger = ledgerWith();
    const [mine, other] = [reading(), reading()];
    await store(mine, 'someone-else');
    await store(other);
    ledger.sending([mine, other]);
    ledger.sent([mine, other]);

    // Act
    const account = await ledger.settle();

    // Assess
    expect(account).toMatchObject({ persisted: 1, lost: 1, missing: [mine.eventId] });
    expect(ledger.readings()).toEqual([
      { ...mine, status: 'unsettled' },
      { ...other, status: 'stored' },
    ]);
  });

  it('parks what the failure store holds, not what a service said it parked, by the newest record', async () => {
    // Prepare
    const [said, held, both] = [reading(), reading(), reading('pressure-sensor-1')];
    const records: ParkedRecordLike[] = [
      { eventId: held.eventId, stage: 'process', reason: 'function-error', failedAt: '2026-11-24T08:00:02.000Z' },
      { eventId: held.eventId, stage: 'process', reason: 'circuit-open', failedAt: '2026-11-24T08:00:01.000Z' },
      { eventId: both.eventId, stage: 'persist', reason: 'retries-exhausted', failedAt: '2026-11-24T08:00:01.000Z' },
      { eventId: 'never-sent', stage: 'dispatch', reason: 'unknown-device', failedAt: '2026-11-24T08:00:01.000Z' },
    ];
    const ledger = ledgerWith(records);
    await store(both);
    ledger.sending([said, held, both]);
    ledger.sent([said, held, both]);
    ledger.report(result(FUNCTIONS.wrapper, [{ eventId: said.eventId, status: 'failed', reason: 'function-error' }]));
    expect(ledger.counts()).toMatchObject({ failed: 1, inFlight: 2 });

    // Act
    const account = await ledger.settle();

    // Assess
    expect(account).toMatchObject({
      failed: 1,
      storedAndParked: 1,
      persisted: 1,
      lost: 1,
      missing: [said.eventId],
      failedByReason: { 'function-error': 1 },
      storedAndParkedByReason: { 'retries-exhausted': 1 },
      outsideParked: 1,
    });
  });

  it('keeps a refused reading out of the account unless the dispatcher reports it after all', async () => {
    // Prepare
    const ledger = ledgerWith();
    const [refused, lateAccepted] = [reading(), reading()];
    ledger.sending([refused, lateAccepted]);

    // Act
    ledger.refused([refused, lateAccepted]);
    const before = ledger.counts();
    ledger.report(result(FUNCTIONS.dispatcher, [{ eventId: lateAccepted.eventId, status: 'accepted' }]));
    const account = await ledger.settle();

    // Assess
    expect(before).toMatchObject({ sent: 2, accepted: 0, rejectedAtSend: 2, inFlight: 0 });
    expect(account).toMatchObject({ sent: 2, accepted: 1, rejectedAtSend: 1, rejected: [refused.eventId], lost: 1, missing: [lateAccepted.eventId] });
  });

  it("learns another sender's reading from the dispatcher, key and all, and settles it from the table", async () => {
    // Prepare
    const ledger = ledgerWith();
    const r = reading('pressure-sensor-1');
    await store(r);

    // Act
    ledger.report(result(FUNCTIONS.dispatcher, [{ eventId: r.eventId, deviceId: r.deviceId, timestamp: r.timestamp, status: 'accepted' }]));
    ledger.report(result(FUNCTIONS.persister, [{ eventId: r.eventId, status: 'stored' }]));
    await ledger.verifyReported();

    // Assess
    expect(ledger.counts()).toMatchObject({ sent: 0, accepted: 1, persisted: 1, inFlight: 0, settled: 1 });
    expect(ledger.newestStored()).toEqual([r]);
    expect(ledger.countsByDevice()).toEqual({ 'pressure-sensor-1': { sent: 1, stored: 1, parked: 0, inFlight: 0 } });
  });

  it('ignores reports of unknown functions, of readings never accepted and lines that are not reports; counts function errors', () => {
    // Prepare
    const ledger = ledgerWith();
    const r = reading();
    ledger.sending([r]);

    // Act
    ledger.report(result(FUNCTIONS.wrapper, [{ eventId: r.eventId, status: 'failed' }])); // not accepted yet
    ledger.report(result('demo-other', [{ eventId: 'x', status: 'failed' }]));
    ledger.report({ function: FUNCTIONS.persister, error: { name: 'Error', message: 'boom' } });
    for (const junk of [null, 42, 'text', { function: FUNCTIONS.dispatcher, result: { results: 'no' } }, { function: FUNCTIONS.dispatcher, result: { results: [null, 7, { eventId: 9 }] } }]) ledger.report(junk);

    // Assess
    expect(ledger.counts()).toEqual({ sent: 1, accepted: 0, rejectedAtSend: 0, persisted: 0, failed: 0, storedAndParked: 0, inFlight: 1, settled: 0, functionErrors: 1 });
  });

  it('probes the tables for unsettled readings whose reports were lost', async () => {
    // Prepare
    const [stored, parked, unsettled] = [reading(), reading(), reading()];
    const ledger = ledgerWith([{ eventId: parked.eventId, stage: 'persist', reason: 'dynamodb-unavailable', failedAt: '2026-11-24T08:00:00.000Z' }]);
    await store(stored);
    ledger.sending([stored, parked, unsettled]);
    ledger.sent([stored, parked, unsettled]);

    // Act
    await ledger.probe();

    // Assess
    expect(ledger.counts()).toMatchObject({ persisted: 1, failed: 1, inFlight: 1, settled: 2 });
    expect(ledger.readings().map((x) => x.status)).toEqual(['stored', 'parked', 'unsettled']);
  });

  it('counts per device: sent, stored, parked and in flight', async () => {
    // Prepare
    const ledger = ledgerWith();
    const [a1, a2, a3, b1] = [reading('device-a'), reading('device-a'), reading('device-a'), reading('device-b')];
    await store(a1);
    ledger.sending([a1, a2, a3, b1]);
    ledger.sent([a1, a2, a3]);
    ledger.report(result(FUNCTIONS.wrapper, [{ eventId: a2.eventId, status: 'failed', reason: 'function-error' }]));

    // Act
    await ledger.probe();

    // Assess
    expect(ledger.countsByDevice()).toEqual({
      'device-a': { sent: 3, stored: 1, parked: 1, inFlight: 1 },
      'device-b': { sent: 1, stored: 0, parked: 0, inFlight: 1 },
    });
  });

  it('measures the time since a reading last settled on its clock', async () => {
    // Prepare
    const clock = { now: 10_000 };
    const ledger = ledgerWith([], clock);
    const r = reading();
    ledger.sending([r]);
    ledger.sent([r]);
    clock.now = 12_500;
    const waiting = ledger.sinceProgressMs();

    // Act
    ledger.report(result(FUNCTIONS.wrapper, [{ eventId: r.eventId, status: 'failed' }]));
    clock.now = 12_600;

    // Assess
    expect(waiting).toBe(2_500);
    expect(ledger.sinceProgressMs()).toBe(100);
  });

  it('settles against the real failure store (table and spool) as the twin reads it', async () => {
    // Prepare
    const r = reading();
    await dynamo.client.send(
      new PutItemCommand({
        TableName: 'demo-failures',
        Item: marshall({ id: `rec-${r.eventId}`, twin: 'demo', stage: 'process', reason: 'invalid-output', errorType: 'E', message: 'm', attempts: 1, failedAt: '2026-11-24T08:00:00.000Z', eventId: r.eventId, original: '{"a":1}' }),
      }),
    );
    const ledger = createLedger({ client: dynamo.client, hotTable: HOT, functions: FUNCTIONS, readFailures: () => readFailureRecords({ client: dynamo.client, table: 'demo-failures' }) });
    ledger.sending([r]);
    ledger.sent([r]);

    // Act
    const account = await ledger.settle();

    // Assess
    expect(account).toMatchObject({ failed: 1, lost: 0, failedByReason: { 'invalid-output': 1 } });
  });
});
