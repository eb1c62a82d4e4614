import { BatchExecuteStatementCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { FailureRecord } from '@twinflow/core';
import { FailureStoreError } from '@twinflow/runtime';
import type { HealthReport } from '@twinflow/health';
import { fakeHotTable } from './fakeHotTable';
import { buildPersister, NOW, record, request, TABLE } from './fixtures';

const ddbMock = mockClient(DynamoDBDocumentClient);

describe('createPersister', () => {
  beforeEach(() => {
    ddbMock.reset();
    fakeHotTable(ddbMock);
  });

  it('accepts the bare { records } as well as the ExecuteRequest envelope', async () => {
    // Prepare
    const { persist } = buildPersister();

    // Act
    const bare = await persist({ records: [record(0)] });
    const enveloped = await persist(request([record(1)]));

    // Assess
    expect(bare.written).toBe(1);
    expect(enveloped.written).toBe(1);
    expect(ddbMock.commandCalls(BatchExecuteStatementCommand)).toHaveLength(2);
  });

  it.each([
    ['null', null],
    ['a string', 'records'],
    ['an object without records', { payload: { events: [] } }],
    ['records that are not an array', { records: 'x' }],
  ])('parks %s as one invalid-envelope record without touching the table', async (_name, input) => {
    // Prepare
    const { persist, failures } = buildPersister();

    // Act
    const result = await persist(input);

    // Assess
    expect(result).toMatchObject({ received: 1, written: 0, failed: 1, results: [{ status: 'failed', reason: 'invalid-envelope', eventId: '', deviceId: '' }] });
    expect(failures.records).toHaveLength(1);
    expect(failures.records[0]).toMatchObject({ stage: 'persist', reason: 'invalid-envelope', errorType: 'EnvelopeValidationError' });
    expect(failures.records[0]?.original).toBe(input);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('refuses a record of another twin, as the wrapper does, writing the others', async () => {
    // Prepare
    const table = fakeHotTable(ddbMock);
    const other = record(1, { twin: 'plant' });
    const { persist, failures } = buildPersister();

    // Act
    const result = await persist(request([record(0), other]));

    // Assess
    expect(result).toMatchObject({ received: 2, written: 1, failed: 1, results: [{ status: 'written' }, { status: 'failed', reason: 'invalid-item', eventId: 'event-1', deviceId: 'thermostat-1' }] });
    expect(table.inserts).toEqual([[expect.objectContaining({ event_id: 'event-0' })]]);
    expect(failures.records[0]).toMatchObject({ stage: 'persist', reason: 'invalid-item', errorType: 'HotTableItemError', eventId: 'event-1', original: other });
    expect(failures.records[0]?.message).toContain('"plant" is not this service\'s twin "demo"');
  });

  it('accepts an event without receivedAt (this hop stamps it; it is not stored)', async () => {
    // Prepare
    fakeHotTable(ddbMock);
    const { receivedAt: _receivedAt, ...event } = record(0).event;
    const { persist } = buildPersister();

    // Act
    const result = await persist(request([{ event, data: { celsius: 0 } }]));

    // Assess
    expect(result).toMatchObject({ written: 1, failed: 0 });
  });

  it('answers an empty batch without writing', async () => {
    // Prepare
    const { persist } = buildPersister();

    // Act
    const result = await persist(request([]));

    // Assess
    expect(result).toMatchObject({ received: 0, written: 0, duplicates: 0, failed: 0, results: [] });
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('puts all failed records of an invocation in one failure-store call', async () => {
    // Prepare
    const put = jest.fn(async (_records: readonly FailureRecord[]) => undefined);
    const { persist } = buildPersister({}, { failureStore: { put } });

    // Act
    await persist(request([null, record(0), 'x', record(0, { eventId: 'clash' })]));

    // Assess
    expect(put).toHaveBeenCalledTimes(1);
    expect(put.mock.calls[0]?.[0].map((r) => r.reason)).toEqual(['invalid-item', 'invalid-item', 'key-conflict']);
  });

  it('rejects when the failure store fails, so Lambda keeps the invocation', async () => {
    // Prepare
    const error = new FailureStoreError('queue unavailable');
    const { persist, lines } = buildPersister({}, { failureStore: { put: async () => Promise.reject(error) } });

    // Act
    const outcome = persist(request([record(0), null]));

    // Assess
    await expect(outcome).rejects.toBe(error);
    // One shell for every service: the line names the readings not kept as `failed` (was `count` here).
    expect(lines.some((line) => line['level'] === 'error' && line['failed'] === 1)).toBe(true);
  });

  it('answers { action: "health" } with a report of the hot table, without touching it', async () => {
    // Prepare
    const { handler, persist } = buildPersister();

    // Act
    const report = (await handler({ action: 'health' })) as HealthReport;
    const afterWrite = await persist(request([record(0)]));

    // Assess
    expect(report).toMatchObject({ status: 'healthy', generatedAt: new Date(NOW).toISOString() });
    expect(Object.keys(report.components)).toEqual([TABLE]);
    expect(report.components[TABLE]).toMatchObject({ totalRequests: 0, circuit: 'closed' });
    expect(afterWrite.health.components[TABLE]).toMatchObject({ status: 'healthy', totalRequests: 1 });
  });

  it('logs every line about a reading with twin, deviceId and eventId', async () => {
    // Prepare
    const { persist, lines } = buildPersister();

    // Act
    await persist(request([record(0), record(0), { event: { deviceId: '../x' }, data: {} }, record(1)]));

    // Assess
    const readingLines = lines.filter((line) => String(line['message']).startsWith('reading '));
    expect(readingLines.map((line) => line['message'])).toEqual(['reading written', 'reading duplicate', 'reading failed', 'reading written']);
    for (const line of readingLines) {
      expect(line).toMatchObject({ service: 'demo-persister', twin: 'demo', requestId: 'wrapper-req-1:0' });
      expect(line).toHaveProperty('deviceId');
      expect(line).toHaveProperty('eventId');
    }
    expect(readingLines[0]).toMatchObject({ deviceId: 'thermostat-1', eventId: 'event-0' });
    expect(readingLines[2]).toMatchObject({ level: 'warn', reason: 'invalid-item', deviceId: null, eventId: null });
    expect(lines.at(-1)).toMatchObject({ message: 'persist finished', received: 4, written: 2, duplicates: 1, failed: 1 });
  });
});
