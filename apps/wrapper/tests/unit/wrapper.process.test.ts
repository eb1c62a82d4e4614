import { InvokeCommand } from '@aws-sdk/client-lambda';
import {
  callsTo,
  createTestWrapper,
  functionError,
  invokeInputs,
  lambdaMock,
  notFound,
  ok,
  payloadOf,
  PERSISTER,
  processorOf,
  queued,
  telemetryEvent,
  throttled,
} from './helpers';

const THERMOSTAT = processorOf('thermostat-1');
const PUMP = processorOf('pump-2');

describe('wrapper: processing readings', () => {
  beforeEach(() => {
    lambdaMock.reset();
    lambdaMock.on(InvokeCommand, { FunctionName: PERSISTER }).resolves(queued);
  });

  it("outside the default stage, invokes the stage's processor and persister (names end in -{stage})", async () => {
    // Prepare
    const event = telemetryEvent('thermostat-1');
    lambdaMock.on(InvokeCommand, { FunctionName: 'demo-persister-prod' }).resolves(queued);
    lambdaMock.on(InvokeCommand, { FunctionName: 'demo-thermostat-1-processor-prod' }).resolves(ok({ celsius: 21 }));
    const { run } = createTestWrapper({ env: { stage: 'prod', persisterFunction: 'demo-persister-prod' } });

    // Act
    const result = await run({ events: [event] });

    // Assess
    expect(result).toMatchObject({ processed: 1, failed: 0 });
    expect(invokeInputs().map((input) => input.FunctionName)).toEqual(['demo-thermostat-1-processor-prod', 'demo-persister-prod']);
    expect(callsTo(THERMOSTAT)).toHaveLength(0);
  });

  it('invokes the processor synchronously with the event and hands { event, data } to the persister', async () => {
    // Prepare
    const event = telemetryEvent('thermostat-1');
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).resolves(ok({ celsius: 21, comfortable: true }));
    const { run, store } = createTestWrapper();

    // Act
    const result = await run({ events: [event] });

    // Assess
    expect(result).toMatchObject({ received: 1, processed: 1, failed: 0, results: [{ eventId: event.eventId, deviceId: 'thermostat-1', status: 'processed' }] });
    const [processorCall] = callsTo(THERMOSTAT);
    expect(processorCall).toMatchObject({ FunctionName: THERMOSTAT, InvocationType: 'RequestResponse' });
    expect(payloadOf(processorCall)).toEqual(event);
    const [persisterCall] = callsTo(PERSISTER);
    expect(persisterCall).toMatchObject({ FunctionName: PERSISTER, InvocationType: 'Event' });
    expect(payloadOf(persisterCall)).toEqual({
      requestId: expect.any(String),
      timestamp: '2026-11-24T08:00:00.000Z',
      trigger: 'telemetry',
      source: 'demo-processor-wrapper',
      payload: { records: [{ event, data: { celsius: 21, comfortable: true } }] },
    });
    expect(invokeInputs()).toHaveLength(2);
    expect(store.records).toEqual([]);
  });

  it('parks a reading whose processor fails (FunctionError) after one call, and persists the rest of the batch', async () => {
    // Prepare
    const broken = telemetryEvent('pump-2');
    const fine = telemetryEvent('thermostat-1');
    lambdaMock.on(InvokeCommand, { FunctionName: PUMP }).resolves(functionError('TypeError', 'sensor offline'));
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).resolves(ok({ celsius: 21 }));
    const { run, store } = createTestWrapper();

    // Act
    const result = await run({ events: [broken, fine] });

    // Assess
    expect(result).toMatchObject({
      received: 2,
      processed: 1,
      failed: 1,
      results: [
        { eventId: broken.eventId, deviceId: 'pump-2', status: 'failed', reason: 'function-error' },
        { eventId: fine.eventId, deviceId: 'thermostat-1', status: 'processed' },
      ],
    });
    expect(callsTo(PUMP)).toHaveLength(1);
    expect(store.records).toEqual([
      expect.objectContaining({
        twin: 'demo',
        stage: 'process',
        reason: 'function-error',
        errorType: 'LambdaFunctionError',
        message: expect.stringMatching(/TypeError: sensor offline/),
        attempts: 1,
        deviceId: 'pump-2',
        eventId: broken.eventId,
        timestamp: broken.timestamp,
        original: broken,
        failedAt: '2026-11-24T08:00:00.000Z',
      }),
    ]);
    const persisted = payloadOf(callsTo(PERSISTER)[0]) as { payload: { records: Array<{ event: { eventId: string } }> } };
    expect(persisted.payload.records.map((r) => r.event.eventId)).toEqual([fine.eventId]);
  });

  it('retries a throttled processor and processes the reading on the third call', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves(ok({ celsius: 21 }));
    const { run, store, delays } = createTestWrapper();

    // Act
    const result = await run({ events: [telemetryEvent('thermostat-1')] });

    // Assess
    expect(result).toMatchObject({ processed: 1, failed: 0 });
    expect(callsTo(THERMOSTAT)).toHaveLength(3);
    expect(delays).toHaveLength(2);
    expect(store.records).toEqual([]);
  });

  it("parks a reading as 'retries-exhausted' when throttling outlasts the retries", async () => {
    // Prepare
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).rejects(throttled());
    const { run, store } = createTestWrapper();

    // Act
    const result = await run({ events: [telemetryEvent('thermostat-1')] });

    // Assess
    expect(result.results[0]).toMatchObject({ status: 'failed', reason: 'retries-exhausted' });
    expect(callsTo(THERMOSTAT)).toHaveLength(3);
    expect(store.records[0]).toMatchObject({ stage: 'process', reason: 'retries-exhausted', attempts: 3 });
    expect(callsTo(PERSISTER)).toHaveLength(0);
  });

  it("parks a reading as 'timeout' when every attempt outlasts PROCESSOR_TIMEOUT_MS", async () => {
    // Prepare
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).callsFake(() => new Promise(() => undefined));
    const { run, store } = createTestWrapper({ env: { processorTimeoutMs: 5 } });

    // Act
    const result = await run({ events: [telemetryEvent('thermostat-1')] });

    // Assess
    expect(result.results[0]).toMatchObject({ status: 'failed', reason: 'timeout' });
    expect(store.records[0]).toMatchObject({ stage: 'process', reason: 'timeout', attempts: 3, deviceId: 'thermostat-1' });
    expect(callsTo(PERSISTER)).toHaveLength(0);
  });

  it.each([
    ['an array', [1, 2]],
    ['null', null],
    ['a string', 'done'],
  ])("parks a reading as 'invalid-output' when the processor returns %s", async (_label, output) => {
    // Prepare
    const event = telemetryEvent('thermostat-1');
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).resolves(ok(output));
    const { run, store } = createTestWrapper();

    // Act
    const result = await run({ events: [event] });

    // Assess
    expect(result.results[0]).toMatchObject({ status: 'failed', reason: 'invalid-output' });
    expect(store.records).toEqual([
      expect.objectContaining({ stage: 'process', reason: 'invalid-output', errorType: 'ProcessorOutputError', attempts: 1, original: event }),
    ]);
    expect(callsTo(PERSISTER)).toHaveLength(0);
  });

  it("parks a reading as 'invalid-output' when the processor returns nothing", async () => {
    // Prepare
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).resolves({ StatusCode: 200 });
    const { run, store } = createTestWrapper();

    // Act
    await run({ events: [telemetryEvent('thermostat-1')] });

    // Assess
    expect(store.records[0]).toMatchObject({ reason: 'invalid-output', message: expect.stringMatching(/empty response/) });
  });

  it("parks a reading of a device without a processor as 'function-not-found' after one call", async () => {
    // Prepare
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).rejects(notFound(THERMOSTAT));
    const { run, store } = createTestWrapper();

    // Act
    const result = await run({ events: [telemetryEvent('thermostat-1')] });

    // Assess
    expect(result.results[0]).toMatchObject({ status: 'failed', reason: 'function-not-found' });
    expect(callsTo(THERMOSTAT)).toHaveLength(1);
    expect(store.records[0]).toMatchObject({ stage: 'process', reason: 'function-not-found', errorType: 'LambdaInvocationError', attempts: 1 });
  });

  it('opens the circuit of a processor failing 5 times across warm invocations; the 6th reading is parked without a call, other devices go on', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand, { FunctionName: PUMP }).resolves(functionError('Error', 'broken'));
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).resolves(ok({ celsius: 21 }));
    const { run, store, health } = createTestWrapper();
    for (let n = 1; n <= 5; n += 1) await run({ events: [telemetryEvent('pump-2', n)] });

    // Act
    const result = await run({ events: [telemetryEvent('pump-2', 6), telemetryEvent('thermostat-1', 6)] });

    // Assess
    expect(callsTo(PUMP)).toHaveLength(5);
    expect(result.results).toEqual([
      { eventId: 'pump-2-e6', deviceId: 'pump-2', status: 'failed', reason: 'circuit-open' },
      { eventId: 'thermostat-1-e6', deviceId: 'thermostat-1', status: 'processed' },
    ]);
    expect(store.records.map((r) => r.reason)).toEqual([...Array(5).fill('function-error'), 'circuit-open']);
    expect(store.records[5]).toMatchObject({ errorType: 'CircuitOpenError', attempts: 0, eventId: 'pump-2-e6' });
    expect(result.health.components[PUMP]).toMatchObject({ circuit: 'open', status: 'unhealthy' });
    const report = await health();
    expect(report.components[PUMP]?.circuit).toBe('open');
    expect(report.components[THERMOSTAT]?.circuit).toBe('closed');
    expect(report.components[PERSISTER]?.circuit).toBe('closed');
  });

  it('lets a probe through once the cooldown is over', async () => {
    // Prepare
    let now = Date.UTC(2026, 10, 24, 8, 0, 0);
    lambdaMock.on(InvokeCommand, { FunctionName: PUMP }).resolves(functionError('Error', 'broken'));
    const { run } = createTestWrapper({ now: () => now });
    for (let n = 1; n <= 5; n += 1) await run({ events: [telemetryEvent('pump-2', n)] });
    lambdaMock.on(InvokeCommand, { FunctionName: PUMP }).resolves(ok({ fixed: true }));
    now += 30_000;

    // Act
    const result = await run({ events: [telemetryEvent('pump-2', 6)] });

    // Assess
    expect(result.results[0]?.status).toBe('processed');
    expect(result.health.components[PUMP]?.circuit).toBe('closed');
  });

  it('processes at most PROCESSOR_CONCURRENCY readings at once', async () => {
    // Prepare
    let inFlight = 0;
    let peak = 0;
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).callsFake(async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return ok({ celsius: 21 });
    });
    const { run } = createTestWrapper({ env: { processorConcurrency: 3 } });

    // Act
    const result = await run({ events: Array.from({ length: 10 }, (_, n) => telemetryEvent('thermostat-1', n + 1)) });

    // Assess
    expect(result.processed).toBe(10);
    expect(peak).toBe(3);
  });
});
