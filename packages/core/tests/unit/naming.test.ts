import {
  DEVICE_ID_PATTERN,
  InvalidDeviceIdError,
  InvalidTwinNameError,
  TwinflowError,
  assertDeviceId,
  dispatcherFunctionName,
  hotTableName,
  isDeviceId,
  persisterFunctionName,
  processorFunctionName,
  processorProjectName,
  telemetryTopic,
  wrapperFunctionName,
} from '../../src';

describe('device ids', () => {
  it.each(['thermostat-1', 'a', '0', 'pressure-sensor-1', 'a'.repeat(48), 'x-'])('accepts %j', (id) => {
    expect(isDeviceId(id)).toBe(true);
    expect(() => assertDeviceId(id)).not.toThrow();
  });

  it.each([
    ['path traversal', '../x'],
    ['glob', 'a*'],
    ['space', 'thermo stat'],
    ['cyrillic look-alike', 'thermost\u0430t'],
    ['uppercase', 'Thermostat'],
    ['leading dash', '-x'],
    ['49 characters', 'a'.repeat(49)],
    ['empty', ''],
    ['trailing newline', 'abc\n'],
  ])('rejects %s', (_label, id) => {
    expect(isDeviceId(id)).toBe(false);
    expect(() => assertDeviceId(id)).toThrow(InvalidDeviceIdError);
  });

  it.each([[42], [null], [undefined], [{}], [['a']]])('rejects non-string %j with a typed error', (value) => {
    // Act
    let caught: unknown;
    try {
      assertDeviceId(value);
    } catch (err) {
      caught = err;
    }
    // Assess
    expect(caught).toBeInstanceOf(InvalidDeviceIdError);
    expect(caught).toBeInstanceOf(TwinflowError);
    expect((caught as InvalidDeviceIdError).code).toBe('INVALID_DEVICE_ID');
    expect((caught as InvalidDeviceIdError).deviceId).toBe(value);
  });

  it('keeps error messages short for huge inputs', () => {
    const huge = 'x'.repeat(100_000);
    expect(() => assertDeviceId(huge)).toThrow(/"x{64}…"/);
  });

  it('exposes the documented pattern', () => {
    expect(DEVICE_ID_PATTERN.source).toBe('^[a-z0-9][a-z0-9-]{0,47}$');
  });
});

describe('function and resource names', () => {
  it('builds every name from the architecture contract', () => {
    expect(processorFunctionName('demo', 'thermostat-1')).toBe('demo-thermostat-1-processor');
    expect(dispatcherFunctionName('demo')).toBe('demo-dispatcher');
    expect(wrapperFunctionName('demo')).toBe('demo-processor-wrapper');
    expect(persisterFunctionName('demo')).toBe('demo-persister');
    expect(hotTableName('demo')).toBe('demo-hot');
    expect(telemetryTopic('demo', 'thermostat-1')).toBe('dt/demo/thermostat-1/telemetry');
    expect(processorProjectName('thermostat-1')).toBe('processor-thermostat-1');
  });

  it('never builds a name from an invalid device id', () => {
    expect(() => processorFunctionName('demo', '../../other-twin')).toThrow(InvalidDeviceIdError);
    expect(() => processorFunctionName('demo', '*')).toThrow(InvalidDeviceIdError);
  });

  it.each(['Demo', 'de mo', '1demo', '', 'a'.repeat(25)])('rejects twin name %j', (twin) => {
    expect(() => hotTableName(twin)).toThrow(InvalidTwinNameError);
    expect(() => processorFunctionName(twin, 'thermostat-1')).toThrow(InvalidTwinNameError);
  });
});
