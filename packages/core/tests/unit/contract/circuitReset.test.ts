import {
  CIRCUIT_RESET_ACTION,
  circuitResetEvent,
  InvalidControlEventError,
  InvalidDeviceIdError,
  InvalidTwinNameError,
  isCircuitReset,
  isHealthCheck,
  readCircuitReset,
  readWrapperInput,
  ValidationError,
} from '../../../src';
import type { CircuitResetRead } from '../../../src';

const DEMO = { twin: 'demo' };

/** The error of an `invalid` read (fails the test for any other read). */
function errorOf(read: CircuitResetRead | undefined): InvalidControlEventError {
  if (read?.kind !== 'invalid') throw new Error(`expected an invalid read, got ${JSON.stringify(read)}`);
  return read.error;
}

describe('circuitResetEvent', () => {
  it("builds { action: 'reset-circuit', functionName } with core's processor function name", () => {
    expect(CIRCUIT_RESET_ACTION).toBe('reset-circuit');
    expect(circuitResetEvent('demo', 'thermostat-1')).toEqual({ action: 'reset-circuit', functionName: 'demo-thermostat-1-processor' });
    expect(circuitResetEvent('demo', 'thermostat-1', 'prod')).toEqual({ action: 'reset-circuit', functionName: 'demo-thermostat-1-processor-prod' });
  });

  it('refuses an invalid device id or twin name', () => {
    expect(() => circuitResetEvent('demo', '../x')).toThrow(InvalidDeviceIdError);
    expect(() => circuitResetEvent('Demo', 'pump-1')).toThrow(InvalidTwinNameError);
  });
});

describe('isCircuitReset', () => {
  it.each([
    ['the bare event', { action: 'reset-circuit', functionName: 'demo-pump-1-processor' }, true],
    ['one without a name (a broken control event, still one)', { action: 'reset-circuit' }, true],
    ['one in an envelope', { requestId: 'r1', payload: { action: 'reset-circuit', functionName: 'x' } }, true],
    ['a reading that carries an action field', { device_id: 'pump-1', action: 'reset-circuit', functionName: 'x' }, false],
    ['another action', { action: 'health' }, false],
    ['an array', [{ action: 'reset-circuit', functionName: 'x' }], false],
    ['null', null, false],
  ])('%s → %s', (_case, value, expected) => {
    expect(isCircuitReset(value)).toBe(expected);
  });

  it('is false for a value that throws when inspected', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(isCircuitReset(proxy)).toBe(false);
  });
});

describe('readCircuitReset', () => {
  it('reads the processor function and its device, bare or in an envelope', () => {
    // Prepare
    const event = circuitResetEvent('demo', 'thermostat-1');
    // Act / Assess
    const expected = { kind: 'reset-circuit', functionName: 'demo-thermostat-1-processor', deviceId: 'thermostat-1' };
    expect(readCircuitReset(event, DEMO)).toEqual(expected);
    expect(readCircuitReset({ requestId: 'deploy-1', trigger: 'deploy', payload: event }, DEMO)).toEqual(expected);
  });

  it("reads a name of the scope's stage", () => {
    const read = readCircuitReset(circuitResetEvent('demo', 'pump-1', 'prod'), { twin: 'demo', stage: 'prod' });
    expect(read).toEqual({ kind: 'reset-circuit', functionName: 'demo-pump-1-processor-prod', deviceId: 'pump-1' });
  });

  it('is undefined for anything that is not a circuit-reset event (readings, health checks)', () => {
    expect(readCircuitReset({ action: 'health' }, DEMO)).toBeUndefined();
    expect(readCircuitReset({ events: [] }, DEMO)).toBeUndefined();
    expect(readCircuitReset({ device_id: 'pump-1', action: 'reset-circuit' }, DEMO)).toBeUndefined();
    expect(readCircuitReset('reset-circuit', DEMO)).toBeUndefined();
  });

  it.each([
    ['a path', '../x', 'functionName: "../x" is not a processor function of twin "demo" in stage "dev" (expected demo-<device>-processor)'],
    ['another twin', 'other-pump-1-processor', 'functionName: "other-pump-1-processor" is not a processor function of twin "demo"'],
    ['another stage', 'demo-pump-1-processor-prod', 'functionName: "demo-pump-1-processor-prod" is not a processor function of twin "demo" in stage "dev"'],
    ['the wrapper itself', 'demo-processor-wrapper', 'functionName: "demo-processor-wrapper" is not a processor function'],
    ['no device', 'demo--processor', 'functionName: "demo--processor" is not a processor function'],
    ['an invalid device id', 'demo-Pump_1-processor', 'functionName: "demo-Pump_1-processor" is not a processor function'],
    ['a 49-character device id', `demo-${'d'.repeat(49)}-processor`, 'is not a processor function of twin "demo"'],
    ['a number', 42, 'functionName: must name the processor function whose circuit to reset, got number 42'],
    ['nothing', undefined, 'functionName: must name the processor function whose circuit to reset, got undefined'],
  ])('answers %s with a typed error naming functionName, never a throw', (_case, functionName, message) => {
    // Act
    const error = errorOf(readCircuitReset(functionName === undefined ? { action: 'reset-circuit' } : { action: 'reset-circuit', functionName }, DEMO));
    // Assess
    expect(error).toBeInstanceOf(InvalidControlEventError);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'CONTROL_EVENT_INVALID', reason: 'invalid-control-event', retryable: false, field: 'functionName' });
    expect(error.message).toContain(message);
  });

  it('refuses an invalid scope: that is the caller’s configuration, not the event', () => {
    expect(() => readCircuitReset(circuitResetEvent('demo', 'pump-1'), { twin: 'Demo' })).toThrow(InvalidTwinNameError);
  });

  it('is not a health check, and the wrapper reader alone would take it for a reading', () => {
    const event = circuitResetEvent('demo', 'pump-1');
    expect(isHealthCheck(event)).toBe(false);
    expect(readWrapperInput(event)).toEqual({ kind: 'items', items: [event], trigger: 'telemetry' });
  });
});
