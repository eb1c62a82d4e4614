import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { buildPersister, expectedItem, NOW, record, request, TABLE } from './fixtures';

const ddbMock = mockClient(DynamoDBDocumentClient);
const conditionFailed = (item?: Record<string, unknown>) =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 }, ...(item ? { Item: item as never } : {}) });

function puts() {
  return ddbMock.commandCalls(PutCommand).map((call) => call.args[0].input);
}

describe('createPersister: one item (conditional write)', () => {
  beforeEach(() => {
    ddbMock.reset();
    ddbMock.on(PutCommand).resolves({});
  });

  it('writes the item only if its key is new, with ttl = now + RETENTION_DAYS', async () => {
    // Prepare
    const rec = record(0);
    const { persist, failures } = buildPersister();

    // Act
    const result = await persist(request([rec]));

    // Assess
    expect(puts()).toEqual([
      {
        TableName: TABLE,
        Item: expectedItem(rec),
        ConditionExpression: 'attribute_not_exists(device_id)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    ]);
    expect(puts()[0]?.Item?.['ttl']).toBe(Math.floor(NOW / 1000) + 30 * 86_400);
    expect(result).toMatchObject({ received: 1, written: 1, duplicates: 0, failed: 0, results: [{ eventId: 'event-0', deviceId: 'thermostat-1', status: 'written' }] });
    expect(failures.records).toEqual([]);
  });

  it('uses RETENTION_DAYS and HOT_TABLE from the environment', async () => {
    // Prepare
    const { persist } = buildPersister({ RETENTION_DAYS: '7', HOT_TABLE: 'other-hot' });

    // Act
    await persist({ records: [record(0)] });

    // Assess
    expect(puts()[0]).toMatchObject({ TableName: 'other-hot', Item: { ttl: Math.floor(NOW / 1000) + 7 * 86_400 } });
  });

  it('reports a redelivery as duplicate when the stored item has the same event id', async () => {
    // Prepare
    ddbMock.on(PutCommand).rejects(conditionFailed({ device_id: { S: 'thermostat-1' }, event_id: { S: 'event-0' } }));
    const { persist, failures } = buildPersister();

    // Act
    const result = await persist(request([record(0)]));

    // Assess
    expect(puts()).toHaveLength(1);
    expect(result).toMatchObject({ written: 0, duplicates: 1, failed: 0, results: [{ status: 'duplicate', eventId: 'event-0' }] });
    expect(failures.records).toEqual([]);
  });

  it('falls back to a second conditional put when the error carries no stored item (emulators)', async () => {
    // Prepare
    ddbMock.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});
    const rec = record(0);
    const { persist, failures } = buildPersister();

    // Act
    const result = await persist(request([rec]));

    // Assess
    expect(puts()).toHaveLength(2);
    expect(puts()[1]).toEqual({
      TableName: TABLE,
      Item: expectedItem(rec),
      ConditionExpression: 'event_id = :eid',
      ExpressionAttributeValues: { ':eid': 'event-0' },
    });
    expect(result).toMatchObject({ written: 0, duplicates: 1, failed: 0 });
    expect(failures.records).toEqual([]);
  });

  it('parks a different reading under a stored key as key-conflict, keeping the stored one', async () => {
    // Prepare
    ddbMock.on(PutCommand).rejects(conditionFailed({ event_id: { S: 'someone-else' } }));
    const rec = record(0);
    const { persist, failures } = buildPersister();

    // Act
    const result = await persist(request([rec]));

    // Assess
    expect(puts()).toHaveLength(1);
    expect(result).toMatchObject({ written: 0, failed: 1, results: [{ status: 'failed', reason: 'key-conflict' }] });
    expect(failures.records).toHaveLength(1);
    expect(failures.records[0]).toMatchObject({
      stage: 'persist',
      reason: 'key-conflict',
      errorType: 'KeyConflictError',
      deviceId: 'thermostat-1',
      eventId: 'event-0',
      original: rec,
    });
    expect(failures.records[0]?.message).toContain('someone-else');
  });

  it('parks a key conflict found by the emulator fallback', async () => {
    // Prepare
    ddbMock.on(PutCommand).rejects(conditionFailed());
    const { persist, failures } = buildPersister();

    // Act
    const result = await persist(request([record(0)]));

    // Assess
    expect(puts()).toHaveLength(2);
    expect(result.results[0]).toMatchObject({ status: 'failed', reason: 'key-conflict' });
    expect(failures.records[0]).toMatchObject({ reason: 'key-conflict', attempts: 2 });
  });

  it('retries a throttled put', async () => {
    // Prepare
    const throttled = new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: { httpStatusCode: 400 } });
    ddbMock.on(PutCommand).rejectsOnce(throttled).resolves({});
    const { persist, delays } = buildPersister();

    // Act
    const result = await persist(request([record(0)]));

    // Assess
    expect(puts()).toHaveLength(2);
    expect(delays).toEqual([25]);
    expect(result.written).toBe(1);
  });

  it('parks the item as dynamodb-unavailable when throttling outlasts the budget', async () => {
    // Prepare
    ddbMock.on(PutCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const { persist, failures, delays } = buildPersister();

    // Act
    const result = await persist(request([record(0)]));

    // Assess
    expect(puts()).toHaveLength(6);
    expect(delays).toEqual([25, 50, 100, 200, 400]);
    expect(result).toMatchObject({ written: 0, failed: 1 });
    expect(failures.records[0]).toMatchObject({ reason: 'dynamodb-unavailable', errorType: 'WriteRetriesExhaustedError', attempts: 6 });
    expect(result.health.components[TABLE]).toMatchObject({ consecutiveFailures: 1 });
  });
});
