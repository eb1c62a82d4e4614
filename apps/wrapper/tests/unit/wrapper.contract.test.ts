import { InvokeCommand } from '@aws-sdk/client-lambda';
import fc from 'fast-check';
import { readPersistRecord, REPLAY_TARGETS } from '@twinflow/core';
import { eventCandidate } from '@twinflow/testing/eventArbitrary';
import { callsTo, createTestWrapper, lambdaMock, NOW, ok, PERSISTER, payloadOf, processorOf, queued, telemetryEvent } from './helpers';

const THERMOSTAT = processorOf('thermostat-1');
const RECEIVED = new Date(NOW).toISOString();

describe('wrapper: the wire contract it shares with the persister', () => {
  beforeEach(() => {
    lambdaMock.reset();
    lambdaMock.on(InvokeCommand, { FunctionName: PERSISTER }).resolves(queued);
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).resolves(ok({ celsius: 21 }));
  });

  it('refuses a replayed event whose timestamp has no milliseconds before any processor runs, saying why', async () => {
    // Prepare: a process failure's original, hand-edited to a timestamp the hot table would never store
    const original = { ...telemetryEvent('thermostat-1'), timestamp: '2026-11-24T08:00:00Z' };
    const { run, store } = createTestWrapper();

    // Act: replayed exactly as `npm run failures -- replay` sends a process failure
    const result = await run(REPLAY_TARGETS.process.payload(original));

    // Assess: parked at the wrapper (attempts 0), never at persist; no processor was invoked
    expect(callsTo(THERMOSTAT)).toHaveLength(0);
    expect(callsTo(PERSISTER)).toHaveLength(0);
    expect(result.results).toEqual([{ eventId: original.eventId, deviceId: 'thermostat-1', status: 'failed', reason: 'invalid-event' }]);
    expect(store.records).toEqual([expect.objectContaining({ stage: 'process', reason: 'invalid-event', attempts: 0, original, deviceId: 'thermostat-1', eventId: original.eventId })]);
    expect(store.records[0]?.message).toMatch(/timestamp: "2026-11-24T08:00:00Z" is not ISO-8601 UTC with milliseconds/);
    expect(store.records[0]).not.toHaveProperty('timestamp');
  });

  it('stores the same reading once the replay carries the stored timestamp form', async () => {
    // Prepare
    const original = telemetryEvent('thermostat-1');
    const { run } = createTestWrapper();

    // Act
    const result = await run(REPLAY_TARGETS.process.payload(original));

    // Assess: processed and handed to the persister unchanged
    expect(result).toMatchObject({ processed: 1, failed: 0 });
    expect(payloadOf(callsTo(PERSISTER)[0])).toMatchObject({ payload: { records: [{ event: original, data: { celsius: 21 } }] } });
  });

  // What the wrapper runs a processor on is exactly what the persister's reader (core's, the one
  // `createPersister` uses) will store: no reading is processed only to be parked at `persist`.
  it('runs a processor on a generated event exactly when the persister would store its record (fast-check)', async () => {
    const event = eventCandidate(RECEIVED);

    let processed = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(event, async (candidate) => {
        lambdaMock.resetHistory();
        const { run } = createTestWrapper();
        const result = await run({ events: [candidate] });
        const ranProcessor = lambdaMock.commandCalls(InvokeCommand).some((call) => call.args[0].input.FunctionName !== PERSISTER);
        const persisterWouldStore = readPersistRecord({ event: candidate, data: { celsius: 21 } }, { twin: 'demo', receivedAt: RECEIVED }).ok;
        expect(ranProcessor).toBe(persisterWouldStore);
        expect(result.results[0]?.status).toBe(persisterWouldStore ? 'processed' : 'failed');
        if (persisterWouldStore) processed += 1;
        else refused += 1;
      }),
      { seed: 20261202, numRuns: 300 },
    );
    // The generator reached both sides.
    expect(processed).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });
});
