import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { InvokeCommandInput } from '@aws-sdk/client-lambda';
import { PROCESSOR_BATCH_PROTOCOL } from '@twinflow/core';
import type { TelemetryEvent } from '@twinflow/core';
import { body, callsTo, createTestWrapper, functionError, lambdaMock, ok, payloadOf, PERSISTER, processorOf, queued, telemetryEvent, throttled } from './helpers';

const THERMOSTAT = processorOf('thermostat-1');
const PUMP = processorOf('pump-2');

/** A processor that speaks the batch protocol: `fn` per reading, its throw as that reading's error. */
function batchProcessor(fn: (event: TelemetryEvent) => unknown) {
  return (input: InvokeCommandInput) => {
    const request = payloadOf(input) as { protocol?: string; events?: TelemetryEvent[] } & TelemetryEvent;
    const one = (event: TelemetryEvent) => {
      try {
        return { ok: true, data: fn(event) };
      } catch (error) {
        return { ok: false, error: { type: (error as Error).name, message: (error as Error).message } };
      }
    };
    if (request.protocol !== PROCESSOR_BATCH_PROTOCOL) {
      const single = one(request);
      return single.ok ? ok(single.data) : functionError(single.error?.type ?? 'Error', single.error?.message ?? '');
    }
    return ok({ protocol: PROCESSOR_BATCH_PROTOCOL, results: (request.events ?? []).map(one) });
  };
}

const persistedIds = (): string[] =>
  callsTo(PERSISTER).flatMap((call) => (payloadOf(call) as { payload: { records: Array<{ event: { eventId: string } }> } }).payload.records.map((r) => r.event.eventId));

describe('wrapper: processor batches', () => {
  beforeEach(() => {
    lambdaMock.reset();
    lambdaMock.on(InvokeCommand, { FunctionName: PERSISTER }).resolves(queued);
  });

  it('sends the readings of each device in one invocation, in order, and persists every result', async () => {
    // Prepare: two devices interleaved
    const events = [1, 2, 3, 4, 5].map((n) => telemetryEvent(n % 2 ? 'thermostat-1' : 'pump-2', n));
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).callsFake(batchProcessor((e) => ({ seen: e.eventId })));
    lambdaMock.on(InvokeCommand, { FunctionName: PUMP }).callsFake(batchProcessor((e) => ({ seen: e.eventId })));
    const { run, store } = createTestWrapper({ env: { processorBatchSize: 25 } });

    // Act
    const result = await run({ events });

    // Assess
    expect(result).toMatchObject({ received: 5, processed: 5, failed: 0 });
    expect(result.results.map((r) => r.eventId)).toEqual(events.map((e) => e.eventId));
    expect(callsTo(THERMOSTAT)).toHaveLength(1);
    expect(payloadOf(callsTo(THERMOSTAT)[0])).toEqual({ protocol: PROCESSOR_BATCH_PROTOCOL, events: [events[0], events[2], events[4]] });
    expect(payloadOf(callsTo(PUMP)[0])).toEqual({ protocol: PROCESSOR_BATCH_PROTOCOL, events: [events[1], events[3]] });
    const records = (payloadOf(callsTo(PERSISTER)[0]) as { payload: { records: Array<{ event: TelemetryEvent; data: unknown }> } }).payload.records;
    expect(records.map((r) => [r.event.eventId, r.data])).toEqual(events.map((e) => [e.eventId, { seen: e.eventId }]));
    expect(store.records).toEqual([]);
  });

  it('sends a lone reading of a device as a plain event, not a batch', async () => {
    // Prepare
    const event = telemetryEvent('thermostat-1');
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).resolves(ok({ c: 1 }));
    const { run } = createTestWrapper({ env: { processorBatchSize: 25 } });
    // Act
    await run({ events: [event] });
    // Assess
    expect(payloadOf(callsTo(THERMOSTAT)[0])).toEqual(event);
  });

  it('splits a device into invocations of at most PROCESSOR_BATCH_SIZE readings', async () => {
    // Prepare
    const events = Array.from({ length: 7 }, (_, n) => telemetryEvent('thermostat-1', n + 1));
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).callsFake(batchProcessor(() => ({})));
    const { run } = createTestWrapper({ env: { processorBatchSize: 3 } });
    // Act
    const result = await run({ events });
    // Assess
    expect(result.processed).toBe(7);
    expect(callsTo(THERMOSTAT).map((call) => (payloadOf(call) as { events?: unknown[] }).events?.length ?? 1)).toEqual([3, 3, 1]);
  });

  it('parks only the readings that failed in the batch, with the reason of each', async () => {
    // Prepare
    const events = [1, 2, 3].map((n) => telemetryEvent('thermostat-1', n));
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).callsFake(
      batchProcessor((e) => {
        if (e.eventId.endsWith('e2')) throw new RangeError('sensor offline');
        return e.eventId.endsWith('e3') ? ['not an object'] : { fine: true };
      }),
    );
    const { run, store } = createTestWrapper({ env: { processorBatchSize: 25 } });

    // Act
    const result = await run({ events });

    // Assess
    expect(result.results.map((r) => r.reason ?? r.status)).toEqual(['processed', 'function-error', 'invalid-output']);
    expect(store.records).toEqual([
      expect.objectContaining({ reason: 'function-error', errorType: 'LambdaFunctionError', message: expect.stringMatching(/RangeError: sensor offline/), attempts: 1, eventId: events[1]?.eventId, original: events[1] }),
      expect.objectContaining({ reason: 'invalid-output', errorType: 'ProcessorOutputError', eventId: events[2]?.eventId, original: events[2] }),
    ]);
    expect(persistedIds()).toEqual([events[0]?.eventId]);
    expect(callsTo(THERMOSTAT)).toHaveLength(1);
  });

  it('sends the readings one by one when the batch fails as a whole, so a crashing reading costs only itself', async () => {
    // Prepare: the batch crashes (e.g. an older processor that does not know batches), single readings work but the second
    const events = [1, 2, 3].map((n) => telemetryEvent('thermostat-1', n));
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).callsFake((input: InvokeCommandInput) => {
      const request = payloadOf(input) as { protocol?: string; eventId?: string };
      if (request.protocol !== undefined) return functionError('ValidationError', 'processor input: deviceId is missing or invalid');
      return request.eventId?.endsWith('e2') ? functionError('Error', 'poison') : ok({ fine: true });
    });
    const { run, store, lines } = createTestWrapper({ env: { processorBatchSize: 25 } });

    // Act
    const result = await run({ events });

    // Assess
    expect(result).toMatchObject({ processed: 2, failed: 1 });
    expect(callsTo(THERMOSTAT)).toHaveLength(4);
    expect(store.records).toEqual([expect.objectContaining({ reason: 'function-error', eventId: events[1]?.eventId, message: expect.stringMatching(/poison/) })]);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'processor batch failed as a whole: sending its readings one by one', readings: 3 }));
  });

  it('remembers a processor that answers a batch as one reading and sends it single readings from then on', async () => {
    // Prepare: a hand-written processor returns an object for anything
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).resolves(ok({ fine: true }));
    const { run, store } = createTestWrapper({ env: { processorBatchSize: 25 } });
    const first = [1, 2].map((n) => telemetryEvent('thermostat-1', n));
    const second = [3, 4].map((n) => telemetryEvent('thermostat-1', n));

    // Act
    await run({ events: first });
    const afterFirst = callsTo(THERMOSTAT).length;
    await run({ events: second });

    // Assess: one batch + 2 singles, then only 2 singles
    expect(afterFirst).toBe(3);
    expect(callsTo(THERMOSTAT).slice(afterFirst).map(payloadOf)).toEqual(second);
    expect(persistedIds()).toEqual([...first, ...second].map((e) => e.eventId));
    expect(store.records).toEqual([]);
  });

  it('sends the readings one by one when the batch answer is malformed', async () => {
    // Prepare: protocol right, one result short
    const events = [1, 2].map((n) => telemetryEvent('thermostat-1', n));
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).callsFake((input: InvokeCommandInput) => {
      const request = payloadOf(input) as { protocol?: string };
      return request.protocol ? { StatusCode: 200, Payload: body({ protocol: PROCESSOR_BATCH_PROTOCOL, results: [{ ok: true, data: {} }] }) } : ok({ single: true });
    });
    const { run, lines } = createTestWrapper({ env: { processorBatchSize: 25 } });
    // Act
    const result = await run({ events });
    // Assess
    expect(result.processed).toBe(2);
    expect(callsTo(THERMOSTAT)).toHaveLength(3);
    expect(lines).toContainEqual(expect.objectContaining({ message: 'processor batch answer unusable: sending its readings one by one', why: 'batch response has 1 results for 2 readings' }));
  });

  it("parks every reading of a batch as 'retries-exhausted' when throttling outlasts the retries, without single calls", async () => {
    // Prepare
    const events = [1, 2, 3].map((n) => telemetryEvent('thermostat-1', n));
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).rejects(throttled());
    const { run, store } = createTestWrapper({ env: { processorBatchSize: 25 } });
    // Act
    const result = await run({ events });
    // Assess: PROCESSOR_RETRY allows 2 retries → 3 batch calls, no more
    expect(result).toMatchObject({ processed: 0, failed: 3 });
    expect(callsTo(THERMOSTAT)).toHaveLength(3);
    expect(store.records.map((r) => [r.eventId, r.reason, r.attempts])).toEqual(events.map((e) => [e.eventId, 'retries-exhausted', 3]));
    expect(callsTo(PERSISTER)).toHaveLength(0);
  });
});
