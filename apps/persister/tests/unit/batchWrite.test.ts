import { ProvisionedThroughputExceededException, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { buildPersister, expectedItem, record, request, TABLE } from './fixtures';

const ddbMock = mockClient(DynamoDBDocumentClient);

function batches() {
  return ddbMock.commandCalls(BatchWriteCommand).map((call) => call.args[0].input.RequestItems?.[TABLE] ?? []);
}

describe('createPersister: several items (batch write)', () => {
  beforeEach(() => {
    ddbMock.reset();
    ddbMock.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });
  });

  it('writes all items in one BatchWriteCommand', async () => {
    // Prepare
    const recs = [record(0), record(1), record(2)] as const;
    const { persist } = buildPersister();

    // Act
    const result = await persist(request(recs));

    // Assess
    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(0);
    expect(ddbMock.commandCalls(BatchWriteCommand)).toHaveLength(1);
    expect(ddbMock.commandCalls(BatchWriteCommand)[0]?.args[0].input).toEqual({
      RequestItems: { [TABLE]: recs.map((rec) => ({ PutRequest: { Item: expectedItem(rec) } })) },
    });
    expect(result).toMatchObject({ received: 3, written: 3, duplicates: 0, failed: 0 });
    expect(result.results.map((r) => r.status)).toEqual(['written', 'written', 'written']);
  });

  it('splits more than 25 items into several requests', async () => {
    // Prepare
    const recs = Array.from({ length: 30 }, (_, i) => record(i));
    const { persist } = buildPersister();

    // Act
    const result = await persist({ records: recs });

    // Assess
    expect(batches().map((items) => items.length)).toEqual([25, 5]);
    expect(result.written).toBe(30);
  });

  it('retries unprocessed items until they are written', async () => {
    // Prepare
    const recs = [record(0), record(1), record(2)] as const;
    ddbMock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [{ PutRequest: { Item: expectedItem(recs[1]) } }] } })
      .resolves({ UnprocessedItems: {} });
    const { persist, failures, delays } = buildPersister();

    // Act
    const result = await persist(request(recs));

    // Assess
    expect(batches()).toHaveLength(2);
    expect(batches()[1]).toEqual([{ PutRequest: { Item: expectedItem(recs[1]) } }]);
    expect(delays).toEqual([25]);
    expect(result).toMatchObject({ written: 3, failed: 0 });
    expect(failures.records).toEqual([]);
  });

  it('retries a throttled batch request', async () => {
    // Prepare
    ddbMock
      .on(BatchWriteCommand)
      .rejectsOnce(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: { httpStatusCode: 400 } }))
      .rejectsOnce(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .resolves({});
    const { persist, delays } = buildPersister();

    // Act
    const result = await persist(request([record(0), record(1)]));

    // Assess
    expect(batches()).toHaveLength(3);
    expect(delays).toEqual([25, 50]);
    expect(result.written).toBe(2);
  });

  it('parks items still unprocessed after the retry budget as retries-exhausted', async () => {
    // Prepare
    const recs = [record(0), record(1)] as const;
    ddbMock.on(BatchWriteCommand).resolves({ UnprocessedItems: { [TABLE]: [{ PutRequest: { Item: expectedItem(recs[0]) } }] } });
    const { persist, failures, delays } = buildPersister();

    // Act
    const result = await persist(request(recs));

    // Assess
    expect(batches()).toHaveLength(6); // 1 + 5 retries
    expect(delays).toEqual([25, 50, 100, 200, 400]);
    expect(result).toMatchObject({ written: 1, failed: 1, results: [{ status: 'failed', reason: 'retries-exhausted' }, { status: 'written' }] });
    expect(failures.records).toHaveLength(1);
    expect(failures.records[0]).toMatchObject({ stage: 'persist', reason: 'retries-exhausted', attempts: 6, eventId: 'event-0', original: recs[0] });
  });

  it('caps the backoff at 2 s', async () => {
    // Prepare
    ddbMock.on(BatchWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const { persist, failures, delays } = buildPersister({}, { random: () => 0.999 });

    // Act
    await persist(request([record(0), record(1)]));

    // Assess
    expect(Math.max(...delays)).toBeLessThanOrEqual(2_000);
    expect(failures.records.map((r) => r.reason)).toEqual(['dynamodb-unavailable', 'dynamodb-unavailable']);
  });

  it('parks the items at once on a non-retryable error', async () => {
    // Prepare
    ddbMock.on(BatchWriteCommand).rejects(new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: { httpStatusCode: 400 } }));
    const { persist, failures, delays } = buildPersister();

    // Act
    const result = await persist(request([record(0), record(1)]));

    // Assess
    expect(batches()).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(result.failed).toBe(2);
    expect(failures.records.map((r) => [r.reason, r.errorType])).toEqual([
      ['table-not-found', 'ResourceNotFoundException'],
      ['table-not-found', 'ResourceNotFoundException'],
    ]);
  });

  it('parks access-denied and validation errors as dynamodb-rejected', async () => {
    // Prepare
    ddbMock
      .on(BatchWriteCommand)
      .rejectsOnce(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }))
      .rejectsOnce(Object.assign(new Error('bad item'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }));
    const { persist, failures } = buildPersister();

    // Act
    await persist(request([record(0), record(1)]));
    await persist(request([record(2), record(3)]));

    // Assess
    expect(batches()).toHaveLength(2);
    expect(failures.records.map((r) => r.reason)).toEqual(['dynamodb-rejected', 'dynamodb-rejected', 'dynamodb-rejected', 'dynamodb-rejected']);
  });

  it('writes a key once when the batch repeats a reading, reporting the repeat as duplicate', async () => {
    // Prepare
    const recs = [record(0), record(1), record(0)] as const;
    const { persist, failures } = buildPersister();

    // Act
    const result = await persist(request(recs));

    // Assess
    expect(batches()).toEqual([[{ PutRequest: { Item: expectedItem(recs[0]) } }, { PutRequest: { Item: expectedItem(recs[1]) } }]]);
    expect(result).toMatchObject({ received: 3, written: 2, duplicates: 1, failed: 0 });
    expect(result.results[2]).toMatchObject({ status: 'duplicate', eventId: 'event-0' });
    expect(failures.records).toEqual([]);
  });

  it('parks a second, different reading under the same key as key-conflict (the first wins)', async () => {
    // Prepare
    const first = record(0);
    const clash = record(0, { eventId: 'other-event' }, { celsius: 99 });
    const { persist, failures } = buildPersister();

    // Act
    const result = await persist(request([first, record(1), clash]));

    // Assess
    expect(batches()[0]?.map((r) => r.PutRequest?.Item?.['event_id'])).toEqual(['event-0', 'event-1']);
    expect(result).toMatchObject({ written: 2, failed: 1, results: [{ status: 'written' }, { status: 'written' }, { status: 'failed', reason: 'key-conflict' }] });
    expect(failures.records[0]).toMatchObject({ reason: 'key-conflict', errorType: 'KeyConflictError', eventId: 'other-event', original: clash });
  });

  it('uses the conditional single-item path when repeats leave one item', async () => {
    // Prepare
    ddbMock.on(PutCommand).resolves({});
    const { persist } = buildPersister();

    // Act
    const result = await persist(request([record(0), record(0)]));

    // Assess
    expect(batches()).toHaveLength(0);
    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(1);
    expect(result).toMatchObject({ written: 1, duplicates: 1 });
  });

  it('parks a bad record as invalid-item and writes the others', async () => {
    // Prepare
    const bad = { event: { ...record(5).event, timestamp: 'yesterday' }, data: { celsius: 1 } };
    const recs = [record(0), bad, record(1), null, { event: record(2).event, data: [1] }];
    const { persist, failures } = buildPersister();

    // Act
    const result = await persist(request(recs));

    // Assess
    expect(batches()[0]?.map((r) => r.PutRequest?.Item?.['event_id'])).toEqual(['event-0', 'event-1']);
    expect(result).toMatchObject({ received: 5, written: 2, failed: 3 });
    expect(result.results.map((r) => r.status)).toEqual(['written', 'failed', 'written', 'failed', 'failed']);
    expect(failures.records.map((r) => r.reason)).toEqual(['invalid-item', 'invalid-item', 'invalid-item']);
    expect(failures.records[0]).toMatchObject({ stage: 'persist', errorType: 'HotTableItemError', deviceId: 'thermostat-1', eventId: 'event-5', original: bad });
    expect(failures.records[1]).not.toHaveProperty('deviceId');
    expect(failures.records[1]?.original).toBeNull();
  });
});
