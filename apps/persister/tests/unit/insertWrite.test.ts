import { ProvisionedThroughputExceededException, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { BatchExecuteStatementCommand, BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { fakeHotTable } from './fakeHotTable';
import { buildPersister, expectedItem, INSERT, NOW, record, request, TABLE } from './fixtures';

const ddbMock = mockClient(DynamoDBDocumentClient);
const throttled = () => new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: { httpStatusCode: 400 } });
const parametersOf = (item: Record<string, unknown>) => ['device_id', 'timestamp', 'event_id', 'content_hash', 'data', 'processed_at', 'ttl'].map((name) => item[name]);

describe('createPersister: writes (PartiQL inserts, 25 per BatchExecuteStatement)', () => {
  beforeEach(() => {
    ddbMock.reset();
  });

  it('inserts one item with one INSERT statement, ttl = now + RETENTION_DAYS', async () => {
    // Prepare
    const table = fakeHotTable(ddbMock);
    const rec = record(0);
    const { persist, failures } = buildPersister();

    // Act
    const result = await persist(request([rec]));

    // Assess
    expect(ddbMock).toHaveReceivedCommandTimes(BatchExecuteStatementCommand, 1);
    expect(ddbMock.commandCalls(BatchExecuteStatementCommand)[0]?.args[0].input).toEqual({ Statements: [{ Statement: INSERT, Parameters: parametersOf(expectedItem(rec)) }] });
    expect(table.inserts[0]?.[0]?.['ttl']).toBe(Math.floor(NOW / 1000) + 30 * 86_400);
    expect(ddbMock).not.toHaveReceivedCommand(BatchGetCommand);
    expect(result).toMatchObject({ received: 1, written: 1, duplicates: 0, failed: 0, results: [{ eventId: 'event-0', deviceId: 'thermostat-1', status: 'written' }] });
    expect(failures.records).toEqual([]);
  });

  it('uses RETENTION_DAYS and HOT_TABLE from the environment', async () => {
    // Prepare
    ddbMock.on(BatchExecuteStatementCommand).resolves({ Responses: [{ TableName: 'other-hot' }] });
    const { persist } = buildPersister({ RETENTION_DAYS: '7', HOT_TABLE: 'other-hot' });

    // Act
    await persist({ records: [record(0)] });

    // Assess
    const statement = ddbMock.commandCalls(BatchExecuteStatementCommand)[0]?.args[0].input.Statements?.[0];
    expect(statement?.Statement).toBe(INSERT.replace(TABLE, 'other-hot'));
    expect(statement?.Parameters?.[6]).toBe(Math.floor(NOW / 1000) + 7 * 86_400);
  });

  it('inserts several items in one request and nothing else: no PutItem, no BatchWriteItem', async () => {
    // Prepare
    const table = fakeHotTable(ddbMock);
    const recs = [record(0), record(1), record(2)];
    const { persist } = buildPersister();

    // Act
    const result = await persist(request(recs));

    // Assess
    expect(table.inserts).toEqual([recs.map(expectedItem)]);
    expect(ddbMock).not.toHaveReceivedCommand(PutCommand);
    expect(ddbMock).not.toHaveReceivedCommand(BatchWriteCommand);
    expect(result).toMatchObject({ received: 3, written: 3, duplicates: 0, failed: 0 });
  });

  it('splits more than 25 items into several requests', async () => {
    // Prepare
    const table = fakeHotTable(ddbMock);
    const { persist } = buildPersister();

    // Act
    const result = await persist({ records: Array.from({ length: 30 }, (_, i) => record(i)) });

    // Assess
    expect(table.inserts.map((items) => items.length)).toEqual([25, 5]);
    expect(result.written).toBe(30);
  });

  it('retries only the throttled statements, counting their attempts', async () => {
    // Prepare
    const table = fakeHotTable(ddbMock, { statementCode: (item, call) => (item['event_id'] === 'event-1' && call < 2 ? 'ThrottlingError' : undefined) });
    const recs = [record(0), record(1), record(2)];
    const { persist, failures, delays } = buildPersister();

    // Act
    const result = await persist(request(recs));

    // Assess
    expect(table.inserts.map((items) => items.map((item) => item['event_id']))).toEqual([['event-0', 'event-1', 'event-2'], ['event-1'], ['event-1']]);
    expect(delays).toEqual([25, 50]);
    expect(result).toMatchObject({ written: 3, failed: 0 });
    expect(failures.records).toEqual([]);
  });

  it.each(['ProvisionedThroughputExceeded', 'RequestLimitExceeded', 'InternalServerError', 'TransactionConflict'])('retries a statement failing with %s', async (code) => {
    // Prepare
    const table = fakeHotTable(ddbMock, { statementCode: (_item, call) => (call === 0 ? code : undefined) });
    const { persist } = buildPersister();

    // Act
    const result = await persist(request([record(0), record(1)]));

    // Assess
    expect(table.inserts.map((items) => items.length)).toEqual([2, 2]);
    expect(result.written).toBe(2);
  });

  it('parks statements still throttled after the budget as retries-exhausted, writing the others', async () => {
    // Prepare
    const recs = [record(0), record(1)] as const;
    const table = fakeHotTable(ddbMock, { statementCode: (item) => (item['event_id'] === 'event-0' ? 'ThrottlingError' : undefined) });
    const { persist, failures, delays } = buildPersister();

    // Act
    const result = await persist(request(recs));

    // Assess
    expect(table.inserts).toHaveLength(6); // 1 + 5 retries
    expect(table.inserts.slice(1).every((items) => items.length === 1)).toBe(true);
    expect(delays).toEqual([25, 50, 100, 200, 400]);
    expect(result).toMatchObject({ written: 1, failed: 1, results: [{ status: 'failed', reason: 'retries-exhausted' }, { status: 'written' }] });
    expect(failures.records).toHaveLength(1);
    expect(failures.records[0]).toMatchObject({ stage: 'persist', reason: 'retries-exhausted', errorType: 'WriteRetriesExhaustedError', attempts: 6, eventId: 'event-0', original: recs[0] });
    expect(failures.records[0]?.message).toContain('ThrottlingError');
  });

  it('retries a request throttled or reset as a whole', async () => {
    // Prepare
    ddbMock
      .on(BatchExecuteStatementCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .resolves({ Responses: [{ TableName: TABLE }, { TableName: TABLE }] });
    const { persist, delays } = buildPersister();

    // Act
    const result = await persist(request([record(0), record(1)]));

    // Assess
    expect(ddbMock).toHaveReceivedCommandTimes(BatchExecuteStatementCommand, 3);
    expect(delays).toEqual([25, 50]);
    expect(result.written).toBe(2);
  });

  it('parks the items as dynamodb-unavailable when whole-request throttling outlasts the budget', async () => {
    // Prepare
    ddbMock.on(BatchExecuteStatementCommand).rejects(throttled());
    const { persist, failures, delays } = buildPersister();

    // Act
    const result = await persist(request([record(0), record(1)]));

    // Assess
    expect(ddbMock).toHaveReceivedCommandTimes(BatchExecuteStatementCommand, 6);
    expect(delays).toEqual([25, 50, 100, 200, 400]);
    expect(result).toMatchObject({ written: 0, failed: 2 });
    expect(failures.records.map((r) => [r.reason, r.errorType, r.attempts])).toEqual([
      ['dynamodb-unavailable', 'WriteRetriesExhaustedError', 6],
      ['dynamodb-unavailable', 'WriteRetriesExhaustedError', 6],
    ]);
    expect(result.health.components[TABLE]).toMatchObject({ consecutiveFailures: 1 });
  });

  it('caps the backoff at 2 s', async () => {
    // Prepare
    ddbMock.on(BatchExecuteStatementCommand).rejects(throttled());
    const { persist, delays } = buildPersister({}, { random: () => 0.999 });

    // Act
    await persist(request([record(0)]));

    // Assess
    expect(Math.max(...delays)).toBeLessThanOrEqual(2_000);
  });

  it('parks the items at once when the request fails with a non-retryable error', async () => {
    // Prepare
    ddbMock.on(BatchExecuteStatementCommand).rejects(new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: { httpStatusCode: 400 } }));
    const { persist, failures, delays } = buildPersister();

    // Act
    const result = await persist(request([record(0), record(1)]));

    // Assess
    expect(ddbMock).toHaveReceivedCommandTimes(BatchExecuteStatementCommand, 1);
    expect(delays).toEqual([]);
    expect(result.failed).toBe(2);
    expect(failures.records.map((r) => [r.reason, r.errorType, r.attempts])).toEqual([
      ['table-not-found', 'ResourceNotFoundException', 1],
      ['table-not-found', 'ResourceNotFoundException', 1],
    ]);
  });

  it('parks access-denied and validation errors of the request as dynamodb-rejected', async () => {
    // Prepare
    ddbMock
      .on(BatchExecuteStatementCommand)
      .rejectsOnce(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }))
      .rejectsOnce(Object.assign(new Error('bad statement'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }));
    const { persist, failures } = buildPersister();

    // Act
    await persist(request([record(0), record(1)]));
    await persist(request([record(2)]));

    // Assess
    expect(ddbMock).toHaveReceivedCommandTimes(BatchExecuteStatementCommand, 2);
    expect(failures.records.map((r) => r.reason)).toEqual(['dynamodb-rejected', 'dynamodb-rejected', 'dynamodb-rejected']);
  });

  it('parks a request refused with a raw ConditionalCheckFailedException as key-conflict, keeping its error type', async () => {
    // Prepare
    ddbMock.on(BatchExecuteStatementCommand).rejects(Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException', $metadata: { httpStatusCode: 400 } }));
    const { persist, failures, delays } = buildPersister();

    // Act
    const result = await persist(request([record(0)]));

    // Assess
    expect(ddbMock).toHaveReceivedCommandTimes(BatchExecuteStatementCommand, 1);
    expect(delays).toEqual([]);
    expect(result).toMatchObject({ failed: 1, results: [{ status: 'failed', reason: 'key-conflict' }] });
    expect(failures.records[0]).toMatchObject({ reason: 'key-conflict', errorType: 'ConditionalCheckFailedException', attempts: 1 });
  });

  it.each([
    ['ValidationError', 'dynamodb-rejected'],
    ['AccessDenied', 'dynamodb-rejected'],
    ['ItemCollectionSizeLimitExceeded', 'dynamodb-rejected'],
    ['ResourceNotFound', 'table-not-found'],
  ])('parks a statement failing with %s at once as %s, writing the others', async (code, reason) => {
    // Prepare
    const table = fakeHotTable(ddbMock, { statementCode: (item) => (item['event_id'] === 'event-1' ? code : undefined) });
    const { persist, failures, delays } = buildPersister();

    // Act
    const result = await persist(request([record(0), record(1), record(2)]));

    // Assess
    expect(table.inserts).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(result).toMatchObject({ written: 2, failed: 1, results: [{ status: 'written' }, { status: 'failed', reason }, { status: 'written' }] });
    expect(failures.records[0]).toMatchObject({ reason, errorType: 'StatementError', eventId: 'event-1', attempts: 1 });
    expect(failures.records[0]?.message).toContain(code);
  });

  it('writes a key once when the batch repeats a reading, reporting the repeat as duplicate', async () => {
    // Prepare
    const table = fakeHotTable(ddbMock);
    const recs = [record(0), record(1), record(0)] as const;
    const { persist, failures } = buildPersister();

    // Act
    const result = await persist(request(recs));

    // Assess
    expect(table.inserts).toEqual([[expectedItem(recs[0]), expectedItem(recs[1])]]);
    expect(result).toMatchObject({ received: 3, written: 2, duplicates: 1, failed: 0 });
    expect(result.results[2]).toMatchObject({ status: 'duplicate', eventId: 'event-0' });
    expect(failures.records).toEqual([]);
  });

  it.each([
    ['another event id', record(0, { eventId: 'other-event' }, { celsius: 99 }), 'other-event'],
    ['the same event id with another payload', record(0, { payload: { t: 99 } }, { celsius: 99 }), 'event-0'],
  ])('parks a later reading under a key of the batch with %s as key-conflict (the first wins)', async (_name, clash, eventId) => {
    // Prepare
    const table = fakeHotTable(ddbMock);
    const { persist, failures } = buildPersister();

    // Act
    const result = await persist(request([record(0), record(1), clash]));

    // Assess
    expect(table.inserts[0]?.map((item) => item['event_id'])).toEqual(['event-0', 'event-1']);
    expect(result).toMatchObject({ written: 2, failed: 1, results: [{ status: 'written' }, { status: 'written' }, { status: 'failed', reason: 'key-conflict' }] });
    expect(failures.records[0]).toMatchObject({ reason: 'key-conflict', errorType: 'KeyConflictError', eventId, original: clash });
  });

  it('parks a bad record as invalid-item and writes the others', async () => {
    // Prepare
    const table = fakeHotTable(ddbMock);
    const bad = { event: { ...record(5).event, timestamp: 'yesterday' }, data: { celsius: 1 } };
    const recs = [record(0), bad, record(1), null, { event: record(2).event, data: [1] }];
    const { persist, failures } = buildPersister();

    // Act
    const result = await persist(request(recs));

    // Assess
    expect(table.inserts[0]?.map((item) => item['event_id'])).toEqual(['event-0', 'event-1']);
    expect(result).toMatchObject({ received: 5, written: 2, failed: 3 });
    expect(result.results.map((r) => r.status)).toEqual(['written', 'failed', 'written', 'failed', 'failed']);
    expect(failures.records.map((r) => r.reason)).toEqual(['invalid-item', 'invalid-item', 'invalid-item']);
    expect(failures.records[0]).toMatchObject({ stage: 'persist', errorType: 'HotTableItemError', deviceId: 'thermostat-1', eventId: 'event-5', original: bad });
    expect(failures.records[1]).not.toHaveProperty('deviceId');
    expect(failures.records[1]?.original).toBeNull();
  });
});
