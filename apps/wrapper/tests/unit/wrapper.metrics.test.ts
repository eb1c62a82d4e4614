import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { silentLogger } from '@twinflow/core';
import { MemoryFailureStore } from '@twinflow/runtime';
import { createWrapper } from '../../src/createWrapper';
import { createTestWrapper, functionError, lambdaMock, ok, PERSISTER, processorOf, queued, telemetryEvent, testEnv, throttled } from './helpers';

const THERMOSTAT = processorOf('thermostat-1');
const PUMP = processorOf('pump-2');

describe('wrapper: metrics', () => {
  const saved = { ...process.env };

  beforeEach(() => {
    lambdaMock.reset();
    lambdaMock.on(InvokeCommand, { FunctionName: PERSISTER }).resolves(queued);
  });

  afterEach(() => {
    process.env = { ...saved };
  });

  it("records the processor's and the persister's invocation and duration, each under its own functionName", async () => {
    // Prepare
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).resolves(ok({ celsius: 21 }));
    const { run, metrics } = createTestWrapper();

    // Act
    await run({ events: [telemetryEvent('thermostat-1')] });

    // Assess
    const snapshot = metrics.snapshot();
    expect(Object.keys(snapshot).sort()).toEqual([PERSISTER, THERMOSTAT].sort());
    for (const fn of [THERMOSTAT, PERSISTER]) {
      expect(metrics.count(fn, 'Invocations')).toBe(1);
      expect(metrics.count(fn, 'Errors')).toBe(0);
      expect(snapshot[fn]?.durations['Duration']?.count).toBe(1);
    }
  });

  it('counts throttles and retries of a processor, and its errors by type, on the one sink', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).rejectsOnce(throttled()).resolves(ok({ celsius: 21 }));
    lambdaMock.on(InvokeCommand, { FunctionName: PUMP }).resolves(functionError('TypeError', 'sensor offline'));
    const { run, metrics } = createTestWrapper();

    // Act
    await run({ events: [telemetryEvent('thermostat-1'), telemetryEvent('pump-2')] });

    // Assess
    expect(metrics.count(THERMOSTAT, 'Invocations')).toBe(1);
    expect(metrics.count(THERMOSTAT, 'Throttles')).toBe(1);
    expect(metrics.count(THERMOSTAT, 'Retries')).toBe(1);
    expect(metrics.count(THERMOSTAT, 'Errors')).toBe(0);
    expect(metrics.count(PUMP, 'Invocations')).toBe(1);
    expect(metrics.count(PUMP, 'Errors')).toBe(1);
    const byType = metrics.snapshot()[PUMP]?.errorsByType ?? {};
    expect(Object.values(byType).reduce((sum, n) => sum + n, 0)).toBe(1);
  });

  it('counts the calls an open circuit refuses', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand, { FunctionName: PUMP }).resolves(functionError('Error', 'broken'));
    const { run, metrics } = createTestWrapper();
    for (let n = 1; n <= 5; n += 1) await run({ events: [telemetryEvent('pump-2', n)] });

    // Act
    await run({ events: [telemetryEvent('pump-2', 6)] });

    // Assess
    expect(metrics.count(PUMP, 'CircuitOpenRejections')).toBe(1);
    expect(metrics.count(PUMP, 'Errors')).toBeGreaterThanOrEqual(5);
  });

  it('by default prints Powertools EMF lines (namespace twinflow, service = the wrapper) for every function it calls', async () => {
    // Prepare
    delete process.env['POWERTOOLS_DEV'];
    delete process.env['POWERTOOLS_METRICS_DISABLED'];
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).resolves(ok({ celsius: 21 }));
    const wrapper = createWrapper({
      env: testEnv(),
      failureStore: new MemoryFailureStore(),
      lambdaClient: new LambdaClient({ region: 'eu-central-1', maxAttempts: 1 }),
      logger: silentLogger,
      sleep: async () => undefined,
    });
    const written: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });

    // Act
    await wrapper({ events: [telemetryEvent('thermostat-1')] });

    // Assess
    const lines = written
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const invocations = lines.filter((line) => 'Invocations' in line);
    expect(invocations.map((line) => line['functionName']).sort()).toEqual([PERSISTER, THERMOSTAT].sort());
    for (const line of invocations) {
      expect(line).toMatchObject({ service: 'demo-processor-wrapper', _aws: { CloudWatchMetrics: [{ Namespace: 'twinflow', Dimensions: [['service', 'functionName']] }] } });
    }
  });
});
