import { InvokeCommand } from '@aws-sdk/client-lambda';
import { LambdaAdapter } from '@twinflow/lambda-adapter';
import { callsTo, createTestWrapper, functionError, invokeInputs, lambdaMock, NOW, ok, PERSISTER, processorOf, queued, telemetryEvent } from './helpers';
import type { LogLine } from './helpers';

const THERMOSTAT = processorOf('thermostat-1');
const PUMP = processorOf('pump-2');

describe('wrapper: input, budget, logs and health', () => {
  beforeEach(() => {
    lambdaMock.reset();
    lambdaMock.on(InvokeCommand, { FunctionName: PERSISTER }).resolves(queued);
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).resolves(ok({ celsius: 21 }));
  });

  describe('invalid events', () => {
    it("parks an event with device id '../x' as 'invalid-event' and never puts it into a function name", async () => {
      // Prepare
      const bad = { ...telemetryEvent('thermostat-1'), deviceId: '../x', eventId: 'e-bad' };
      const { run, store } = createTestWrapper();

      // Act
      const result = await run({ events: [bad, telemetryEvent('thermostat-1')] });

      // Assess
      expect(result.results[0]).toEqual({ eventId: 'e-bad', deviceId: '../x', status: 'failed', reason: 'invalid-event' });
      expect(result.results[1]?.status).toBe('processed');
      expect(invokeInputs().some((input) => String(input.FunctionName).includes('..'))).toBe(false);
      expect(store.records).toEqual([
        expect.objectContaining({ stage: 'process', reason: 'invalid-event', errorType: 'InvalidEventError', attempts: 0, eventId: 'e-bad', timestamp: bad.timestamp, original: bad }),
      ]);
      expect(store.records[0]).not.toHaveProperty('deviceId');
      expect(store.records[0]?.message).toMatch(/deviceId/);
    });

    it.each([
      ['another twin', { twin: 'other' }],
      ['no event id', { eventId: undefined }],
      ['a timestamp that is not a date', { timestamp: 'yesterday' }],
      ['a payload that is an array', { payload: [1] }],
      ['no payload', { payload: undefined }],
    ])("parks an event with %s as 'invalid-event' without calling anything", async (_label, change) => {
      // Prepare
      const { run, store } = createTestWrapper();

      // Act
      const result = await run({ events: [{ ...telemetryEvent('thermostat-1'), ...change }] });

      // Assess
      expect(result).toMatchObject({ received: 1, processed: 0, failed: 1, results: [{ status: 'failed', reason: 'invalid-event' }] });
      expect(invokeInputs()).toHaveLength(0);
      expect(store.records[0]?.reason).toBe('invalid-event');
    });

    it("keeps an invalid event's timestamp in its record only when it is a table timestamp (ISO-8601 UTC with milliseconds)", async () => {
      // Prepare
      const { run, store } = createTestWrapper();
      const keyed = { ...telemetryEvent('thermostat-1', 1), twin: 'other' };
      const unkeyed = [{ timestamp: 'yesterday' }, { timestamp: '2026-11-24T08:00:00Z' }, { timestamp: NOW }].map((change) => ({ ...telemetryEvent('thermostat-1', 2), twin: 'other', ...change }));

      // Act
      await run({ events: [keyed, ...unkeyed] });

      // Assess
      expect(store.records.map((record) => record.reason)).toEqual(['invalid-event', 'invalid-event', 'invalid-event', 'invalid-event']);
      expect(store.records.map((record) => record.timestamp)).toEqual([keyed.timestamp, undefined, undefined, undefined]);
      for (const record of store.records.slice(1)) expect(record).not.toHaveProperty('timestamp');
    });

    it("parks input that is not a reading at all (null) as one 'invalid-event'", async () => {
      // Prepare
      const { run, store } = createTestWrapper();

      // Act
      const result = await run(null);

      // Assess
      expect(result).toMatchObject({ received: 1, failed: 1, results: [{ eventId: '', deviceId: '', status: 'failed', reason: 'invalid-event' }] });
      expect(store.records[0]).toMatchObject({ reason: 'invalid-event', original: null });
    });
  });

  describe('input shapes', () => {
    it('accepts a single bare TelemetryEvent', async () => {
      // Prepare
      const { run } = createTestWrapper();

      // Act
      const result = await run(telemetryEvent('thermostat-1'));

      // Assess
      expect(result).toMatchObject({ received: 1, processed: 1 });
    });

    it('accepts an ExecuteRequest envelope with { events }', async () => {
      // Prepare
      const { run } = createTestWrapper();

      // Act
      const result = await run({ requestId: 'r1', timestamp: '2026-11-24T08:00:00.000Z', trigger: 'telemetry', payload: { events: [telemetryEvent('thermostat-1')] } });

      // Assess
      expect(result).toMatchObject({ received: 1, processed: 1 });
    });

    it('answers an empty batch without any call', async () => {
      // Prepare
      const { run, store } = createTestWrapper();

      // Act
      const result = await run({ events: [] });

      // Assess
      expect(result).toMatchObject({ received: 0, processed: 0, failed: 0, results: [] });
      expect(invokeInputs()).toHaveLength(0);
      expect(store.records).toEqual([]);
    });
  });

  describe('time budget', () => {
    it('limits each processor attempt to the remaining time minus 2 s', async () => {
      // Prepare
      const invoke = jest.spyOn(LambdaAdapter.prototype, 'invoke');
      const { run } = createTestWrapper({ env: { processorTimeoutMs: 20_000 } });

      // Act
      await run({ events: [telemetryEvent('thermostat-1')] }, { getRemainingTimeInMillis: () => 5_000 });

      // Assess
      const timeoutMs = invoke.mock.calls[0]?.[1]?.timeoutMs;
      expect(timeoutMs).toBeLessThanOrEqual(3_000);
      expect(timeoutMs).toBe(3_000);
    });

    it('uses PROCESSOR_TIMEOUT_MS when it is the smaller limit', async () => {
      // Prepare
      const invoke = jest.spyOn(LambdaAdapter.prototype, 'invoke');
      const { run } = createTestWrapper({ env: { processorTimeoutMs: 1_500 } });

      // Act
      await run({ events: [telemetryEvent('thermostat-1')] }, { getRemainingTimeInMillis: () => 60_000 });

      // Assess
      expect(invoke.mock.calls[0]?.[1]?.timeoutMs).toBe(1_500);
    });

    it("parks readings as 'timeout' without calling the processor when the deadline is too close", async () => {
      // Prepare
      const { run, store } = createTestWrapper({ env: { processorTimeoutMs: 20_000 } });

      // Act
      const result = await run({ events: [telemetryEvent('thermostat-1')] }, { getRemainingTimeInMillis: () => 2_050 });

      // Assess
      expect(result.results[0]).toMatchObject({ status: 'failed', reason: 'timeout' });
      expect(callsTo(THERMOSTAT)).toHaveLength(0);
      expect(store.records[0]).toMatchObject({ stage: 'process', reason: 'timeout', errorType: 'TimeBudgetExhaustedError', attempts: 0 });
    });
  });

  describe('logs', () => {
    it('writes twin, deviceId and eventId on every line about a reading', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand, { FunctionName: PUMP }).resolves(functionError('Error', 'broken'));
      const bad = { ...telemetryEvent('thermostat-1'), deviceId: '../x', eventId: 'e-bad' };
      const { run, lines } = createTestWrapper();

      // Act
      await run({ events: [telemetryEvent('thermostat-1', 1), telemetryEvent('pump-2', 2), bad] });

      // Assess
      // The adapters' construction line ('lambda adapter created') belongs to the container, not to a reading or a batch.
      const perContainer = (line: LogLine): boolean => line['message'] === 'lambda adapter created';
      const batchLine = (line: LogLine): boolean => !perContainer(line) && (line['message'] === 'batch done' || line['functionName'] === PERSISTER);
      const readingLines = lines.filter((line) => !batchLine(line) && !perContainer(line));
      expect(lines.every((line) => line['twin'] === 'demo' && line['service'] === 'demo-processor-wrapper')).toBe(true);
      expect(readingLines.length).toBeGreaterThanOrEqual(6);
      for (const line of readingLines) {
        expect(line).toEqual(expect.objectContaining({ twin: 'demo', deviceId: expect.any(String), eventId: expect.any(String) }));
      }
      expect(lines).toContainEqual(expect.objectContaining({ level: 'info', message: 'reading processed', deviceId: 'thermostat-1', eventId: 'thermostat-1-e1' }));
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 'warn', message: 'reading failed', deviceId: 'pump-2', eventId: 'pump-2-e2', reason: 'function-error' }),
      );
      expect(lines).toContainEqual(expect.objectContaining({ level: 'error', message: 'lambda invoke failed', functionName: PUMP, deviceId: 'pump-2', eventId: 'pump-2-e2' }));
      expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'reading failed', eventId: 'e-bad', reason: 'invalid-event' }));
      expect(lines.filter(batchLine).every((line) => line['requestId'] !== undefined || line['eventIds'] !== undefined)).toBe(true);
    });
  });

  describe('health', () => {
    it("answers { action: 'health' } with the circuit state of every processor and the persister", async () => {
      // Prepare
      lambdaMock.on(InvokeCommand, { FunctionName: PUMP }).resolves(functionError('Error', 'broken'));
      const { run, health } = createTestWrapper();
      for (let n = 1; n <= 5; n += 1) await run({ events: [telemetryEvent('pump-2', n), telemetryEvent('thermostat-1', n)] });

      // Act
      const report = await health();

      // Assess
      expect(report.status).toBe('unhealthy');
      expect(Object.keys(report.components).sort()).toEqual([PERSISTER, PUMP, THERMOSTAT].sort());
      expect(report.components[PUMP]).toMatchObject({ circuit: 'open', status: 'unhealthy', consecutiveFailures: 5 });
      expect(report.components[THERMOSTAT]).toMatchObject({ circuit: 'closed', status: 'healthy' });
      expect(report.components[PERSISTER]).toMatchObject({ circuit: 'closed', status: 'healthy' });
      expect(report).not.toHaveProperty('received');
    });

    it('answers the health action inside an ExecuteRequest envelope too, with the persister before any processor is used', async () => {
      // Prepare
      const { wrapper } = createTestWrapper();

      // Act
      const report = await wrapper({ requestId: 'h1', timestamp: '2026-11-24T08:00:00.000Z', trigger: 'health', payload: { action: 'health' } });

      // Assess
      expect(report).toEqual({ status: 'healthy', generatedAt: '2026-11-24T08:00:00.000Z', components: { [PERSISTER]: expect.objectContaining({ circuit: 'closed' }) } });
      expect(invokeInputs()).toHaveLength(0);
    });
  });
});
