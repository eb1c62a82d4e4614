import { BatchExecuteStatementCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { readTelemetryEvent } from '@twinflow/core';
import { eventCandidate } from '@twinflow/testing/eventArbitrary';
import { fakeHotTable } from './fakeHotTable';
import { buildPersister, NOW, request } from './fixtures';

const ddbMock = mockClient(DynamoDBDocumentClient);
const RECEIVED = new Date(NOW).toISOString();

// What the persister stores is exactly what the wrapper's reader (core's, the one `createWrapper`
// uses) lets through to a processor: a record the wrapper produced is never parked as invalid here.
describe('persister: the wire contract it shares with the wrapper', () => {
  beforeEach(() => {
    ddbMock.reset();
  });

  it('stores a generated event exactly when the wrapper would have processed it (fast-check)', async () => {
    let stored = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(eventCandidate(RECEIVED), async (candidate) => {
        ddbMock.reset();
        fakeHotTable(ddbMock);
        const { persist, failures } = buildPersister();
        const result = await persist(request([{ event: candidate, data: { celsius: 21 } }]));
        const wrapperWouldProcess = readTelemetryEvent(candidate, { twin: 'demo', receivedAt: RECEIVED }).ok;
        const wrote = ddbMock.commandCalls(BatchExecuteStatementCommand).length > 0;
        expect(wrote).toBe(wrapperWouldProcess);
        expect(result).toMatchObject(wrapperWouldProcess ? { written: 1, failed: 0 } : { written: 0, failed: 1 });
        if (!wrapperWouldProcess) expect(failures.records[0]).toMatchObject({ stage: 'persist', reason: 'invalid-item' });
        if (wrapperWouldProcess) stored += 1;
        else refused += 1;
      }),
      { seed: 20261202, numRuns: 300 },
    );
    expect(stored).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });
});
