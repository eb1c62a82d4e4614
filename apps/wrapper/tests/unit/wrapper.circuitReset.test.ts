import { InvokeCommand } from '@aws-sdk/client-lambda';
import { circuitResetEvent } from '@twinflow/core';
import type { CircuitResetResult } from '../../src/types';
import { callsTo, createTestWrapper, functionError, lambdaMock, ok, PERSISTER, processorOf, queued, telemetryEvent } from './helpers';
import type { TestWrapper } from './helpers';

const PUMP = processorOf('pump-2');
const THERMOSTAT = processorOf('thermostat-1');

/** Sends `event` to the wrapper and returns its answer as a circuit-reset result. */
async function reset(wrapper: TestWrapper, event: unknown): Promise<CircuitResetResult> {
  return (await wrapper.wrapper(event)) as CircuitResetResult;
}

/** A test wrapper whose pump-2 processor failed 5 times in a row: its circuit is open. */
async function withOpenCircuit(): Promise<TestWrapper> {
  lambdaMock.on(InvokeCommand, { FunctionName: PUMP }).resolves(functionError('Error', 'broken'));
  const wrapper = createTestWrapper();
  for (let n = 1; n <= 5; n += 1) await wrapper.run({ events: [telemetryEvent('pump-2', n)] });
  expect((await wrapper.health()).components[PUMP]).toMatchObject({ circuit: 'open', status: 'unhealthy' });
  return wrapper;
}

describe("wrapper: { action: 'reset-circuit', functionName }", () => {
  beforeEach(() => {
    lambdaMock.reset();
    lambdaMock.on(InvokeCommand, { FunctionName: PERSISTER }).resolves(queued);
  });

  it("closes the processor's open circuit and clears its health window, answering its health report", async () => {
    // Prepare
    const wrapper = await withOpenCircuit();

    // Act
    const answer = await reset(wrapper, circuitResetEvent('demo', 'pump-2'));

    // Assess
    expect(answer).toEqual({
      action: 'reset-circuit',
      reset: true,
      functionName: PUMP,
      previousCircuit: 'open',
      health: {
        status: 'healthy',
        generatedAt: '2026-11-24T08:00:00.000Z',
        components: {
          [PUMP]: { status: 'healthy', isHealthy: true, consecutiveFailures: 0, totalRequests: 0, totalFailures: 0, errorRate: 0, windowErrorRate: 0, circuit: 'closed' },
        },
      },
    });
    expect(wrapper.lines).toContainEqual(expect.objectContaining({ level: 'info', message: 'circuit reset', functionName: PUMP, deviceId: 'pump-2', previousCircuit: 'open' }));
  });

  it('lets the next reading through to the new code, where the open circuit would have parked it without a call', async () => {
    // Prepare
    const wrapper = await withOpenCircuit();
    lambdaMock.on(InvokeCommand, { FunctionName: PUMP }).resolves(ok({ fixed: true }));
    await reset(wrapper, circuitResetEvent('demo', 'pump-2'));

    // Act
    const result = await wrapper.run({ events: [telemetryEvent('pump-2', 6)] });

    // Assess
    expect(result.results).toEqual([{ eventId: 'pump-2-e6', deviceId: 'pump-2', status: 'processed' }]);
    expect(callsTo(PUMP)).toHaveLength(6);
    expect(result.health.components[PUMP]).toMatchObject({ circuit: 'closed', status: 'healthy', totalRequests: 1, totalFailures: 0 });
  });

  it("leaves other processors' circuits and health alone, parks nothing and calls no function", async () => {
    // Prepare
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).resolves(ok({ celsius: 21 }));
    const wrapper = await withOpenCircuit();
    await wrapper.run({ events: [telemetryEvent('thermostat-1', 1)] });
    const calls = lambdaMock.commandCalls(InvokeCommand).length;

    // Act
    await reset(wrapper, { requestId: 'deploy-1', trigger: 'deploy', payload: circuitResetEvent('demo', 'thermostat-1') });

    // Assess
    const report = await wrapper.health();
    expect(report.components[THERMOSTAT]).toMatchObject({ circuit: 'closed', totalRequests: 0 });
    expect(report.components[PUMP]).toMatchObject({ circuit: 'open', consecutiveFailures: 5 });
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(calls);
    expect(wrapper.store.records).toHaveLength(5);
  });

  it('answers for a processor this container never invoked: its circuit was closed, its report is fresh', async () => {
    const answer = await reset(createTestWrapper(), circuitResetEvent('demo', 'boiler-3'));
    expect(answer).toMatchObject({ reset: true, functionName: 'demo-boiler-3-processor', previousCircuit: 'closed' });
    expect(answer.reset && Object.keys(answer.health.components)).toEqual(['demo-boiler-3-processor']);
  });

  it.each([
    ['a hostile name', '../evil', 'functionName: "../evil" is not a processor function of twin "demo" in stage "dev" (expected demo-<device>-processor)'],
    ['another twin', 'other-pump-2-processor', 'functionName: "other-pump-2-processor" is not a processor function of twin "demo"'],
    ['another stage', 'demo-pump-2-processor-prod', 'is not a processor function of twin "demo" in stage "dev"'],
    ['the persister', PERSISTER, 'functionName: "demo-persister" is not a processor function'],
    ['a number', 7, 'functionName: must name the processor function whose circuit to reset, got number 7'],
  ])('answers %s with a typed error, not a throw Lambda would retry, and touches nothing', async (_case, functionName, message) => {
    // Prepare
    const wrapper = await withOpenCircuit();

    // Act
    const answer = await reset(wrapper, { action: 'reset-circuit', functionName });

    // Assess
    expect(answer).toEqual({
      action: 'reset-circuit',
      reset: false,
      error: { name: 'InvalidControlEventError', code: 'CONTROL_EVENT_INVALID', message: expect.stringContaining(message) as string, field: 'functionName' },
    });
    expect((await wrapper.health()).components[PUMP]).toMatchObject({ circuit: 'open' });
    expect(wrapper.store.records).toHaveLength(5);
    expect(wrapper.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'circuit reset refused' }));
  });

  it('still takes a reading that carries an action field for a reading', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand, { FunctionName: THERMOSTAT }).resolves(ok({ celsius: 21 }));
    const wrapper = createTestWrapper();
    const event = telemetryEvent('thermostat-1', 1, { action: 'reset-circuit', functionName: PUMP, temperature: 21 });

    // Act
    const result = await wrapper.run({ events: [event] });

    // Assess
    expect(result.results).toEqual([{ eventId: 'thermostat-1-e1', deviceId: 'thermostat-1', status: 'processed' }]);
  });
});
