import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchExecuteStatementCommand, BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { KeyConflictError } from '../../src/errors';
import { planWrites } from '../../src/planWrites';
import { writeItems } from '../../src/writeItems';
import { writeStrategy } from '../../src/writeRetries';
import { fakeHotTable, fakeKey } from './fakeHotTable';
import { buildPersister, expectedItem, NOW, record, request, TABLE } from './fixtures';

const ddbMock = mockClient(DynamoDBDocumentClient);
/** An item as an earlier invocation stored it (an hour earlier). */
const storedEarlier = (rec: ReturnType<typeof record>): Record<string, unknown> => ({ ...expectedItem(rec), processed_at: new Date(NOW - 3_600_000).toISOString() });

describe('createPersister: keys already stored', () => {
  beforeEach(() => {
    ddbMock.reset();
  });

  it('reports an exact redelivery as duplicate and rewrites nothing', async () => {
    // Prepare
    const table = fakeHotTable(ddbMock);
    const rec = record(0);
    table.store(storedEarlier(rec));
    const { persist, failures } = buildPersister();

    // Act
    const result = await persist(request([rec]));

    // Assess
    expect(result).toMatchObject({ written: 0, duplicates: 1, failed: 0, results: [{ status: 'duplicate', eventId: 'event-0' }] });
    expect(table.items.get(fakeKey(expectedItem(rec)))).toEqual(storedEarlier(rec));
    expect(table.reads).toEqual([
      {
        RequestItems: {
          [TABLE]: {
            Keys: [{ device_id: 'thermostat-1', timestamp: rec.event.timestamp }],
            ConsistentRead: true,
            ProjectionExpression: '#device, #time, event_id, content_hash',
            ExpressionAttributeNames: { '#device': 'device_id', '#time': 'timestamp' },
          },
        },
      },
    ]);
    expect(failures.records).toEqual([]);
  });

  it('reports a redelivered batch as duplicates', async () => {
    // Prepare
    const table = fakeHotTable(ddbMock);
    const recs = [record(0), record(1), record(2)];
    recs.forEach((rec) => table.store(storedEarlier(rec)));
    const { persist } = buildPersister();

    // Act
    const result = await persist(request(recs));

    // Assess
    expect(result).toMatchObject({ written: 0, duplicates: 3, failed: 0 });
    expect(ddbMock).toHaveReceivedCommandTimes(BatchExecuteStatementCommand, 1);
    expect(ddbMock).toHaveReceivedCommandTimes(BatchGetCommand, 1);
    expect([...table.items.values()]).toEqual(recs.map(storedEarlier));
  });

  it('parks a different reading under a stored key in a multi-record call as key-conflict, keeping the stored one', async () => {
    // Prepare
    const table = fakeHotTable(ddbMock);
    const stored = record(0, { eventId: 'stored-event' }, { celsius: 20 });
    table.store(storedEarlier(stored));
    const clash = record(0, { eventId: 'new-event', payload: { t: 99 } }, { celsius: 99 });
    const { persist, failures, lines } = buildPersister();

    // Act
    const result = await persist(request([record(1), clash, record(2)]));

    // Assess
    expect(result).toMatchObject({ written: 2, duplicates: 0, failed: 1, results: [{ status: 'written' }, { status: 'failed', reason: 'key-conflict', eventId: 'new-event' }, { status: 'written' }] });
    expect(table.items.get(fakeKey(expectedItem(stored)))).toEqual(storedEarlier(stored));
    expect(failures.records).toHaveLength(1);
    expect(failures.records[0]).toMatchObject({ stage: 'persist', reason: 'key-conflict', errorType: 'KeyConflictError', deviceId: 'thermostat-1', eventId: 'new-event', attempts: 2, original: clash });
    expect(failures.records[0]?.message).toContain('"stored-event"');
    expect(failures.records[0]?.message).toContain('"new-event"');
    expect(lines.find((line) => line['message'] === 'reading failed')).toMatchObject({ reason: 'key-conflict', eventId: 'new-event' });
  });

  it('parks an event id reused for another payload as key-conflict, keeping the stored reading', async () => {
    // Prepare
    const table = fakeHotTable(ddbMock);
    const stored = record(0, { eventId: 'sender-42' }, { celsius: 20 });
    table.store(storedEarlier(stored));
    const reused = record(0, { eventId: 'sender-42', payload: { t: 99 } }, { celsius: 99 });
    const { persist, failures } = buildPersister();

    // Act
    const result = await persist(request([reused]));

    // Assess
    expect(result).toMatchObject({ written: 0, duplicates: 0, failed: 1, results: [{ status: 'failed', reason: 'key-conflict' }] });
    expect(table.items.get(fakeKey(expectedItem(stored)))).toEqual(storedEarlier(stored));
    expect(failures.records[0]?.message).toContain('event id reused for another reading');
  });

  it('compares an item stored before content_hash existed by event id only', async () => {
    // Prepare
    const table = fakeHotTable(ddbMock);
    const rec = record(0);
    const { content_hash: _hash, ...old } = storedEarlier(rec);
    table.store(old);
    const { persist } = buildPersister();

    // Act
    const result = await persist(request([rec, record(1, {}, { celsius: 5 })]));

    // Assess
    expect(result).toMatchObject({ written: 1, duplicates: 1, failed: 0 });
    expect(table.items.get(fakeKey(old))).toEqual(old);
  });

  it('treats a ConditionalCheckFailed statement like DuplicateItem', async () => {
    // Prepare
    const rec = record(0);
    const table = fakeHotTable(ddbMock, { statementCode: () => 'ConditionalCheckFailed' });
    table.store(storedEarlier(rec));
    const { persist } = buildPersister();

    // Act
    const result = await persist(request([rec]));

    // Assess
    expect(result).toMatchObject({ duplicates: 1, failed: 0 });
  });

  it('inserts again when the stored item expired between the insert and the read', async () => {
    // Prepare
    const rec = record(0);
    let expired = false;
    const table = fakeHotTable(ddbMock, {
      beforeRead: (t) => {
        if (!expired) t.items.clear();
        expired = true;
      },
    });
    table.store({ ...storedEarlier(record(0, { eventId: 'old-event' })) });
    const { persist, failures } = buildPersister();

    // Act
    const result = await persist(request([rec]));

    // Assess
    expect(table.inserts).toHaveLength(2);
    expect(result).toMatchObject({ written: 1, failed: 0 });
    expect(table.items.get(fakeKey(expectedItem(rec)))).toEqual(expectedItem(rec));
    expect(failures.records).toEqual([]);
  });

  it('settles a mixed batch of 25: written, duplicate, conflict and throttled statements, retrying only the throttled', async () => {
    // Prepare: 0-4 stored as they are (duplicates), 5-9 stored as other readings (conflicts),
    // 10-14 throttled on the first attempt, 15-24 new.
    const recs = Array.from({ length: 25 }, (_, i) => record(i));
    const table = fakeHotTable(ddbMock, { statementCode: (item, call) => (call === 0 && /^event-1[0-4]$/.test(String(item['event_id'])) ? 'ThrottlingError' : undefined) });
    recs.slice(0, 5).forEach((rec) => table.store(storedEarlier(rec)));
    for (let i = 5; i < 10; i += 1) table.store(storedEarlier(record(i, { eventId: `other-event-${i}` })));
    const { persist, failures, delays } = buildPersister();

    // Act
    const result = await persist(request(recs));

    // Assess
    expect(result).toMatchObject({ received: 25, written: 15, duplicates: 5, failed: 5 });
    expect(result.results.map((r) => r.status)).toEqual([...Array(5).fill('duplicate'), ...Array(5).fill('failed'), ...Array(15).fill('written')]);
    expect(table.inserts.map((items) => items.length)).toEqual([25, 5]);
    expect(table.inserts[1]?.map((item) => item['event_id'])).toEqual(['event-10', 'event-11', 'event-12', 'event-13', 'event-14']);
    expect(table.reads).toHaveLength(1);
    expect(table.reads[0]?.RequestItems?.[TABLE]?.Keys).toHaveLength(10);
    expect(delays).toEqual([25]);
    expect(failures.records.map((r) => [r.eventId, r.reason, r.attempts])).toEqual(recs.slice(5, 10).map((rec) => [rec.event.eventId, 'key-conflict', 2]));
    expect(failures.records[0]?.message).toContain('"other-event-5"');
  });

  it('retries a throttled read of the stored items', async () => {
    // Prepare
    const rec = record(0);
    fakeHotTable(ddbMock).store(storedEarlier(rec));
    ddbMock
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [TABLE]: [] }, UnprocessedKeys: { [TABLE]: { Keys: [{ device_id: 'thermostat-1', timestamp: rec.event.timestamp }] } } })
      .resolves({ Responses: { [TABLE]: [{ device_id: 'thermostat-1', timestamp: rec.event.timestamp, event_id: 'event-0', content_hash: expectedItem(rec)['content_hash'] }] } });
    const { persist, delays } = buildPersister();

    // Act
    const result = await persist(request([rec]));

    // Assess
    expect(ddbMock).toHaveReceivedCommandTimes(BatchGetCommand, 2);
    expect(delays).toEqual([25]);
    expect(result).toMatchObject({ duplicates: 1, failed: 0 });
  });

  it('parks the items whose read fails with a non-retryable error', async () => {
    // Prepare
    const rec = record(0);
    fakeHotTable(ddbMock).store(storedEarlier(rec));
    ddbMock.on(BatchGetCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }));
    const { persist, failures } = buildPersister();

    // Act
    const result = await persist(request([rec, record(1)]));

    // Assess
    expect(result).toMatchObject({ written: 1, failed: 1 });
    expect(failures.records[0]).toMatchObject({ reason: 'dynamodb-rejected', errorType: 'AccessDeniedException', attempts: 2 });
  });
});

describe('writeItems', () => {
  beforeEach(() => {
    ddbMock.reset();
  });

  it('carries both event ids in the KeyConflictError', async () => {
    // Prepare
    const table = fakeHotTable(ddbMock);
    table.store(storedEarlier(record(0, { eventId: 'stored-event' })));
    const plan = planWrites([record(0, { eventId: 'new-event' })], { retentionDays: 30, now: () => NOW });
    const target = { client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' })), table: TABLE, strategy: writeStrategy({ sleep: async () => undefined, random: () => 0.5 }) };

    // Act
    const [outcome] = await writeItems(plan.items, target);

    // Assess
    expect(outcome).toMatchObject({ status: 'parked', reason: 'key-conflict', attempts: 2 });
    const error = outcome?.status === 'parked' ? outcome.error : undefined;
    expect(error).toBeInstanceOf(KeyConflictError);
    expect(error).toMatchObject({ eventId: 'new-event', storedEventId: 'stored-event', deviceId: 'thermostat-1', timestamp: record(0).event.timestamp });
  });
});
