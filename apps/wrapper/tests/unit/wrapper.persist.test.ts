import { InvokeCommand } from '@aws-sdk/client-lambda';
import { FailureStoreError } from '@twinflow/runtime';
import type { FailureStore } from '@twinflow/runtime';
import { callsTo, createTestWrapper, lambdaMock, ok, payloadOf, PERSISTER, processorOf, queued, telemetryEvent, throttled } from './helpers';

const THERMOSTAT = processorOf('thermostat-1');

interface PersisterRequest {
  requestId: string;
  trigger: string;
  source: string;
  payload: { records: Array<{ event: { eventId: string }; data: unknown }> };
}

describe('wrapper: handing readings to the persister', () => {
  beforeEach(() => {
    lambdaMock.reset();
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).resolves(ok({ celsius: 21 }));
  });

  it("parks processed readings with stage 'persist' and their data when the hand-off fails, so a replay needs no reprocessing", async () => {
    // Prepare
    lambdaMock.on(InvokeCommand, { FunctionName: PERSISTER }).rejects(throttled());
    const events = [telemetryEvent('thermostat-1', 1), telemetryEvent('thermostat-1', 2)];
    const { run, store } = createTestWrapper();

    // Act
    const result = await run({ events });

    // Assess
    expect(result).toMatchObject({ received: 2, processed: 0, failed: 2 });
    expect(result.results.map((r) => r.reason)).toEqual(['retries-exhausted', 'retries-exhausted']);
    expect(callsTo(PERSISTER)).toHaveLength(4);
    expect(store.records).toEqual(
      events.map((event) =>
        expect.objectContaining({
          stage: 'persist',
          reason: 'retries-exhausted',
          errorType: 'LambdaRetriesExhaustedError',
          attempts: 4,
          deviceId: 'thermostat-1',
          eventId: event.eventId,
          timestamp: event.timestamp,
          original: { event, data: { celsius: 21 } },
        }),
      ),
    );
  });

  it('puts every failed reading of an invocation into the failure store in one call', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand, { FunctionName: PERSISTER }).rejects(throttled());
    const put = jest.fn<Promise<void>, Parameters<FailureStore['put']>>().mockResolvedValue(undefined);
    const { run } = createTestWrapper({ failureStore: { put } });

    // Act
    await run({ events: [telemetryEvent('thermostat-1', 1), { deviceId: '../x' }, telemetryEvent('thermostat-1', 2)] });

    // Assess
    expect(put).toHaveBeenCalledTimes(1);
    // In input order now (the shell sorts every outcome by index), no longer grouped by stage.
    expect(put.mock.calls[0]?.[0].map((r) => `${r.stage}/${r.reason}`).sort()).toEqual(['persist/retries-exhausted', 'persist/retries-exhausted', 'process/invalid-event']);
  });

  it('rejects when the failure store fails, so Lambda keeps the invocation', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).rejects(throttled());
    const storeError = new FailureStoreError('could not keep 1 of 1 failed readings');
    const { run, lines } = createTestWrapper({ failureStore: { put: async () => Promise.reject(storeError) } });

    // Act
    const running = run({ events: [telemetryEvent('thermostat-1')] });

    // Assess
    await expect(running).rejects.toBe(storeError);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringMatching(/failure store unavailable/), failed: 1 }));
  });

  it('does not call the failure store when nothing failed', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand, { FunctionName: PERSISTER }).resolves(queued);
    const put = jest.fn<Promise<void>, Parameters<FailureStore['put']>>();
    const { run } = createTestWrapper({ failureStore: { put } });

    // Act
    await run({ events: [telemetryEvent('thermostat-1')] });

    // Assess
    expect(put).not.toHaveBeenCalled();
  });

  it('splits the hand-off into payloads under 200 KB, each record sent exactly once', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand, { FunctionName: PERSISTER }).resolves(queued);
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).resolves(ok({ blob: 'y'.repeat(10_000) }));
    const events = Array.from({ length: 30 }, (_, n) => telemetryEvent('thermostat-1', n + 1, { blob: 'x'.repeat(10_000) }));
    const { run } = createTestWrapper();

    // Act
    const result = await run({ events });

    // Assess
    expect(result.processed).toBe(30);
    const calls = callsTo(PERSISTER);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    for (const call of calls) expect((call.Payload as Uint8Array).byteLength).toBeLessThan(200 * 1024);
    const sent = calls.flatMap((call) => (payloadOf(call) as PersisterRequest).payload.records.map((r) => r.event.eventId));
    expect(sent.sort()).toEqual(events.map((e) => e.eventId).sort());
    expect(new Set(calls.map((call) => (payloadOf(call) as PersisterRequest).requestId)).size).toBe(calls.length);
  });

  it('parks only the readings of the chunk whose hand-off failed', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand, { FunctionName: PERSISTER }).resolvesOnce(queued).rejects(throttled());
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).resolves(ok({ blob: 'y'.repeat(10_000) }));
    const events = Array.from({ length: 12 }, (_, n) => telemetryEvent('thermostat-1', n + 1, { blob: 'x'.repeat(10_000) }));
    const { run, store } = createTestWrapper({ env: { processorConcurrency: 1 } });

    // Act
    const result = await run({ events });

    // Assess
    const firstChunk = (payloadOf(callsTo(PERSISTER)[0]) as PersisterRequest).payload.records.map((r) => r.event.eventId);
    expect(firstChunk.length).toBeGreaterThan(0);
    expect(result.processed).toBe(firstChunk.length);
    expect(store.records.map((r) => r.eventId).sort()).toEqual(events.map((e) => e.eventId).filter((id) => !firstChunk.includes(id)).sort());
  });

  it('passes the incoming trigger and request id on to the persister', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand, { FunctionName: PERSISTER }).resolves(queued);
    const { run } = createTestWrapper();
    const request = { requestId: 'req-7', timestamp: '2026-11-24T08:00:00.000Z', trigger: 'replay', source: 'demo-dispatcher', payload: { events: [telemetryEvent('thermostat-1')] } };

    // Act
    const result = await run(request);

    // Assess
    expect(result.processed).toBe(1);
    expect(payloadOf(callsTo(PERSISTER)[0])).toMatchObject({ requestId: 'req-7:persist-0', trigger: 'replay', source: 'demo-processor-wrapper' });
  });
});
