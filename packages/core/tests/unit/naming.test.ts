import {
  DEFAULT_STAGE,
  DEVICE_ID_PATTERN,
  InvalidDeviceIdError,
  InvalidStageError,
  InvalidTwinNameError,
  RESERVED_STAGES,
  STAGE_PATTERN,
  TwinflowError,
  assertDeviceId,
  assertStage,
  dispatcherFunctionName,
  failureQueueName,
  hotTableName,
  isDeviceId,
  persisterFunctionName,
  processorFunctionName,
  processorProjectName,
  stageSuffix,
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

describe('stages', () => {
  /** Every stage-aware name of twin demo and device thermostat-1, for `stage` (omitted: the default). */
  const namesOf = (stage?: string): string[] => [
    processorFunctionName('demo', 'thermostat-1', stage),
    dispatcherFunctionName('demo', stage),
    wrapperFunctionName('demo', stage),
    persisterFunctionName('demo', stage),
    hotTableName('demo', stage),
    failureQueueName('demo', stage),
    telemetryTopic('demo', 'thermostat-1', stage),
  ];

  it('keeps the architecture names exactly in the default stage dev', () => {
    // Act
    const names = namesOf(DEFAULT_STAGE);
    // Assess
    expect(DEFAULT_STAGE).toBe('dev');
    expect(names).toEqual([
      'demo-thermostat-1-processor',
      'demo-dispatcher',
      'demo-processor-wrapper',
      'demo-persister',
      'demo-hot',
      'demo-failures',
      'dt/demo/thermostat-1/telemetry',
    ]);
    expect(namesOf()).toEqual(names);
    expect(stageSuffix('dev')).toBe('');
    expect(stageSuffix()).toBe('');
  });

  it('appends -{stage} to every name of another stage, and puts the stage first in the topic', () => {
    // Act
    const names = namesOf('prod');
    // Assess
    expect(names).toEqual([
      'demo-thermostat-1-processor-prod',
      'demo-dispatcher-prod',
      'demo-processor-wrapper-prod',
      'demo-persister-prod',
      'demo-hot-prod',
      'demo-failures-prod',
      'prod/dt/demo/thermostat-1/telemetry',
    ]);
    expect(stageSuffix('prod')).toBe('-prod');
  });

  it('gives two stages disjoint names', () => {
    // Prepare
    const dev = new Set(namesOf('dev'));
    // Act
    const shared = [...namesOf('staging'), ...namesOf('prod')].filter((name) => dev.has(name));
    // Assess
    expect(shared).toEqual([]);
    expect(new Set([...namesOf('staging'), ...namesOf('prod')]).size).toBe(14);
  });

  it.each(['dev', 'prod', 'staging', 'qa2', 'a', 'p'.repeat(16)])('accepts stage %j', (stage) => {
    expect(() => assertStage(stage)).not.toThrow();
  });

  it.each([
    ['a dash', 'prod-eu'],
    ['upper case', 'Prod'],
    ['a leading digit', '1prod'],
    ['an underscore', 'prod_eu'],
    ['a slash', 'prod/x'],
    ['17 characters', 'p'.repeat(17)],
    ['the empty string', ''],
    ['a trailing newline', 'prod\n'],
  ])('rejects a stage with %s (%j) in every name', (_case, stage) => {
    // Act
    let caught: unknown;
    try {
      assertStage(stage);
    } catch (err) {
      caught = err;
    }
    // Assess
    expect(caught).toBeInstanceOf(InvalidStageError);
    expect(caught).toBeInstanceOf(TwinflowError);
    expect((caught as InvalidStageError).code).toBe('INVALID_STAGE');
    expect((caught as InvalidStageError).stage).toBe(stage);
    expect((caught as InvalidStageError).message).toBe(`Invalid stage ${JSON.stringify(stage)}: expected 1-16 lowercase letters and digits, starting with a letter`);
    expect(() => processorFunctionName('demo', 'thermostat-1', stage)).toThrow(InvalidStageError);
    expect(() => dispatcherFunctionName('demo', stage)).toThrow(InvalidStageError);
    expect(() => wrapperFunctionName('demo', stage)).toThrow(InvalidStageError);
    expect(() => persisterFunctionName('demo', stage)).toThrow(InvalidStageError);
    expect(() => hotTableName('demo', stage)).toThrow(InvalidStageError);
    expect(() => failureQueueName('demo', stage)).toThrow(InvalidStageError);
    expect(() => telemetryTopic('demo', 'thermostat-1', stage)).toThrow(InvalidStageError);
    expect(() => stageSuffix(stage)).toThrow(InvalidStageError);
  });

  it.each([[42], [null], [{}], [['prod']]])('rejects non-string stage %j', (stage) => {
    expect(() => assertStage(stage)).toThrow(InvalidStageError);
  });

  it('reserves "processor": the default stage\'s wildcard demo-*-processor would match demo-x-processor-processor', () => {
    // Act
    const run = (): string => processorFunctionName('demo', 'x', 'processor');
    // Assess
    expect(RESERVED_STAGES).toEqual(['processor']);
    expect(STAGE_PATTERN.test('processor')).toBe(true);
    expect(run).toThrow(InvalidStageError);
    expect(run).toThrow('Invalid stage "processor": "processor" is reserved: the default stage\'s processor wildcard would match its functions');
  });

  it('checks the twin and the device before the stage', () => {
    expect(() => processorFunctionName('Demo', 'thermostat-1', 'bad-stage')).toThrow(InvalidTwinNameError);
    expect(() => processorFunctionName('demo', '../x', 'bad-stage')).toThrow(InvalidDeviceIdError);
  });

  it('exposes the documented stage pattern', () => {
    expect(STAGE_PATTERN.source).toBe('^[a-z][a-z0-9]{0,15}$');
  });
});
