import type { LogLevel } from '@twinflow/core';
import { ServiceConfigError, createServiceLogger, type LambdaContextLike, type ServiceLoggerOptions } from '../../src';

/** Variables Powertools Logger or the service logger read; cleared before and restored after each test. */
const ENV_KEYS = [
  'LOG_LEVEL',
  'POWERTOOLS_LOG_LEVEL',
  'POWERTOOLS_LOGGER_SAMPLE_RATE',
  'POWERTOOLS_LOGGER_LOG_EVENT',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_DEV',
  'AWS_LAMBDA_LOG_LEVEL',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_MAX_CONCURRENCY',
  '_X_AMZN_TRACE_ID',
] as const;
let savedEnv: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};

beforeEach(() => {
  savedEnv = {};
  for (const key of ENV_KEYS) {
    const value = process.env[key];
    if (value !== undefined) savedEnv[key] = value;
    delete process.env[key];
  }
});

afterEach(() => {
  for (const key of ENV_KEYS) {
    const value = savedEnv[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

type Line = Record<string, unknown>;

/** A service logger writing into `lines` (each written string checked to be one JSON object). */
function capture(options: Partial<ServiceLoggerOptions> = {}): { log: ReturnType<typeof createServiceLogger>; lines: Line[] } {
  const lines: Line[] = [];
  const write = (line: string): void => {
    expect(line).not.toContain('\n');
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`not a JSON object: ${line}`);
    lines.push({ ...parsed });
  };
  const log = createServiceLogger({ serviceName: 'demo-dispatcher', fields: { twin: 'demo' }, write, ...options });
  return { log, lines };
}

const FIRST_CONTEXT: LambdaContextLike = {
  awsRequestId: 'r-1',
  functionName: 'demo-dispatcher',
  invokedFunctionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:demo-dispatcher',
  memoryLimitInMB: '256',
};

describe('createServiceLogger', () => {
  it('writes one JSON object per line with level, message, timestamp, service, the service fields and the call fields', () => {
    // Prepare
    const { log, lines } = capture();

    // Act
    log.info('dispatcher ready', { attempt: 1, skipped: undefined, nested: { a: [1, 2] } });

    // Assess
    expect(lines).toEqual([
      {
        level: 'INFO',
        message: 'dispatcher ready',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        service: 'demo-dispatcher',
        sampling_rate: 0,
        twin: 'demo',
        attempt: 1,
        nested: { a: [1, 2] },
      },
    ]);
    expect(lines[0]).not.toHaveProperty('skipped');
  });

  it('writes every level with Powertools level names', () => {
    const { log, lines } = capture({ level: 'debug' });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines.map((line) => [line['level'], line['message']])).toEqual([
      ['DEBUG', 'd'],
      ['INFO', 'i'],
      ['WARN', 'w'],
      ['ERROR', 'e'],
    ]);
  });

  it('renders an Error field as Powertools does (name, location, message, stack)', () => {
    const { log, lines } = capture();
    log.error('dispatch failed', { error: new TypeError('boom') });
    expect(lines[0]?.['error']).toEqual({
      name: 'TypeError',
      location: expect.any(String),
      message: 'boom',
      stack: expect.stringContaining('TypeError: boom'),
    });
  });

  it('writes a field named like a Powertools reserved key as field_<name>, without crashing or warning', () => {
    const { log, lines } = capture({ fields: { twin: 'demo', service: 'other' } });
    log.child({ level: 'high' }).info('reading', { message: 'raw text', timestamp: 5, sampling_rate: 0.5 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      message: 'reading',
      service: 'demo-dispatcher',
      field_service: 'other',
      field_level: 'high',
      field_message: 'raw text',
      field_timestamp: 5,
      field_sampling_rate: 0.5,
    });
    expect(typeof lines[0]?.['timestamp']).toBe('string');
  });

  it('writes to stdout through Powertools by default, one compact line', () => {
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const log = createServiceLogger({ serviceName: 'demo-dispatcher' });
    log.info('to stdout');
    const written = stdout.mock.calls.map(([chunk]) => String(chunk)).filter((chunk) => chunk.includes('to stdout'));
    stdout.mockRestore();
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\{.*\}\n$/);
    expect(JSON.parse(written[0] ?? '')).toMatchObject({ level: 'INFO', message: 'to stdout', service: 'demo-dispatcher' });
  });
});

describe('ServiceLogger.forInvocation', () => {
  it('adds the Lambda context to every line; cold_start is true on the first invocation only, and per-invocation fields do not carry over', () => {
    // Prepare: Lambda sets this for on-demand functions; Powertools reports cold starts only then
    process.env['AWS_LAMBDA_INITIALIZATION_TYPE'] = 'on-demand';
    const { log, lines } = capture();

    // Act
    log.forInvocation(FIRST_CONTEXT, { batchSize: 3 }).info('batch received');
    log.forInvocation({ ...FIRST_CONTEXT, awsRequestId: 'r-2' }).info('batch received');

    // Assess
    expect(lines[0]).toEqual({
      level: 'INFO',
      message: 'batch received',
      timestamp: expect.any(String),
      service: 'demo-dispatcher',
      cold_start: true,
      function_arn: 'arn:aws:lambda:eu-central-1:123456789012:function:demo-dispatcher',
      function_memory_size: '256',
      function_name: 'demo-dispatcher',
      function_request_id: 'r-1',
      sampling_rate: 0,
      twin: 'demo',
      batchSize: 3,
    });
    expect(lines[1]).toMatchObject({ cold_start: false, function_request_id: 'r-2', function_name: 'demo-dispatcher', twin: 'demo' });
    expect(lines[1]).not.toHaveProperty('batchSize');
  });

  it('reports cold_start false outside an on-demand Lambda (Powertools reads AWS_LAMBDA_INITIALIZATION_TYPE)', () => {
    const { log, lines } = capture();
    log.forInvocation(FIRST_CONTEXT).info('first');
    expect(lines[0]).toMatchObject({ cold_start: false, function_request_id: 'r-1' });
  });

  it('puts the new context on the service logger itself and on its children (Powertools addContext)', () => {
    const { log, lines } = capture();
    const dispatchLog = log.child({ component: 'dispatch' });
    log.forInvocation(FIRST_CONTEXT);
    log.info('from the service logger');
    dispatchLog.info('from an earlier child');
    expect(lines[0]).toMatchObject({ function_request_id: 'r-1' });
    expect(lines[1]).toMatchObject({ function_request_id: 'r-1', component: 'dispatch' });
  });

  it('accepts a numeric memory size, a missing context and leaves out what the context does not have', () => {
    const { log, lines } = capture();
    log.forInvocation({ awsRequestId: 'r-1', memoryLimitInMB: 512 }).info('numeric');
    log.forInvocation().info('no context');
    expect(lines[0]).toMatchObject({ function_request_id: 'r-1', function_memory_size: '512' });
    expect(lines[0]).not.toHaveProperty('function_name');
    expect(lines[1]).not.toHaveProperty('function_request_id');
    expect(lines[1]).toHaveProperty('cold_start', false);
  });

  it('adds xray_trace_id while _X_AMZN_TRACE_ID is set', () => {
    const { log, lines } = capture();
    const invocationLog = log.forInvocation(FIRST_CONTEXT);
    process.env['_X_AMZN_TRACE_ID'] = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=557abcec3ee5a047;Sampled=1';
    invocationLog.info('traced');
    delete process.env['_X_AMZN_TRACE_ID'];
    invocationLog.info('untraced');
    expect(lines[0]).toMatchObject({ xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793', function_request_id: 'r-1' });
    expect(lines[1]).not.toHaveProperty('xray_trace_id');
  });
});

describe('ServiceLogger.child', () => {
  it("adds the child's fields to the child's lines, not to the parent's", () => {
    // Prepare
    const { log, lines } = capture();
    const invocationLog = log.forInvocation(FIRST_CONTEXT, { batchSize: 2 });

    // Act
    const readingLog = invocationLog.child({ deviceId: 'pump-1', eventId: 'e-1' });
    readingLog.info('reading dispatched', { attempt: 1 });
    invocationLog.info('batch done');

    // Assess
    expect(lines[0]).toMatchObject({ message: 'reading dispatched', deviceId: 'pump-1', eventId: 'e-1', attempt: 1, batchSize: 2, twin: 'demo', function_request_id: 'r-1' });
    expect(lines[1]).toMatchObject({ message: 'batch done', batchSize: 2 });
    expect(lines[1]).not.toHaveProperty('deviceId');
    expect(lines[1]).not.toHaveProperty('eventId');
  });

  it("merges nested children; a call's field overrides the child's and undefined removes it", () => {
    const { log, lines } = capture();
    const child = log.child({ deviceId: 'pump-1', eventId: 'e-1' }).child({ eventId: 'e-2', stage: 'persist' });
    child.info('one', { stage: 'process', deviceId: undefined });
    expect(lines[0]).toMatchObject({ eventId: 'e-2', stage: 'process', twin: 'demo' });
    expect(lines[0]).not.toHaveProperty('deviceId');
  });
});

describe('levels', () => {
  it.each(['LOG_LEVEL', 'POWERTOOLS_LOG_LEVEL'])('%s=warn drops info', (variable) => {
    process.env[variable] = 'warn';
    const { log, lines } = capture();
    log.info('dropped');
    log.forInvocation(FIRST_CONTEXT).info('dropped too');
    log.warn('kept');
    expect(lines.map((line) => line['message'])).toEqual(['kept']);
  });

  it('prefers POWERTOOLS_LOG_LEVEL over LOG_LEVEL, reads either case, and lets the level option win', () => {
    process.env['POWERTOOLS_LOG_LEVEL'] = 'ERROR';
    process.env['LOG_LEVEL'] = 'debug';
    const fromEnv = capture();
    fromEnv.log.warn('dropped');
    fromEnv.log.error('kept');
    const fromOption = capture({ level: 'debug' });
    fromOption.log.debug('kept');
    expect(fromEnv.lines.map((line) => line['message'])).toEqual(['kept']);
    expect(fromOption.lines.map((line) => line['message'])).toEqual(['kept']);
  });

  it("writes nothing at level 'silent', from the option or from LOG_LEVEL, even with a sample rate", () => {
    const fromOption = capture({ level: 'silent', sampleRate: 1 });
    process.env['LOG_LEVEL'] = 'silent';
    const fromEnv = capture();
    for (const { log } of [fromOption, fromEnv]) {
      log.error('dropped');
      log.forInvocation(FIRST_CONTEXT).child({ deviceId: 'pump-1' }).error('dropped');
      log.forInvocation(FIRST_CONTEXT).debug('dropped');
    }
    expect(fromOption.lines).toEqual([]);
    expect(fromEnv.lines).toEqual([]);
  });
});

describe('debug sampling', () => {
  it('with sampleRate 1 writes debug lines at level info, after Powertools says it switched to DEBUG', () => {
    // Prepare / Act
    const { log, lines } = capture({ level: 'info', sampleRate: 1 });
    log.debug('sampled at creation');
    log.forInvocation(FIRST_CONTEXT).debug('sampled in the first invocation');
    log.forInvocation({ ...FIRST_CONTEXT, awsRequestId: 'r-2' }).debug('sampled again in the second');

    // Assess
    expect(lines.map((line) => [line['level'], line['message'], line['function_request_id']])).toEqual([
      ['DEBUG', 'Setting log level to DEBUG due to sampling rate', undefined],
      ['DEBUG', 'sampled at creation', undefined],
      ['DEBUG', 'sampled in the first invocation', 'r-1'],
      // a warm invocation is sampled anew (refreshSampleRateCalculation), which Powertools announces
      ['DEBUG', 'Setting log level to DEBUG due to sampling rate', 'r-2'],
      ['DEBUG', 'sampled again in the second', 'r-2'],
    ]);
    expect(lines.every((line) => line['sampling_rate'] === 1 && line['twin'] === 'demo')).toBe(true);
  });

  it('with sampleRate 0 writes no debug lines at level info', () => {
    const { log, lines } = capture({ sampleRate: 0 });
    log.forInvocation(FIRST_CONTEXT).debug('dropped');
    expect(lines).toEqual([]);
  });

  it('reads POWERTOOLS_LOGGER_SAMPLE_RATE when sampleRate is not given', () => {
    process.env['POWERTOOLS_LOGGER_SAMPLE_RATE'] = '1';
    const { log, lines } = capture();
    log.debug('sampled');
    expect(lines.map((line) => line['message'])).toContain('sampled');
  });
});

describe('validation', () => {
  function configErrorOf(create: () => unknown): ServiceConfigError {
    let caught: unknown;
    try {
      create();
    } catch (err) {
      caught = err;
    }
    if (!(caught instanceof ServiceConfigError)) throw new Error(`expected a ServiceConfigError, got ${String(caught)}`);
    return caught;
  }

  it.each([2, -0.1, Number.NaN, Number.POSITIVE_INFINITY])('rejects sampleRate %p, naming the option', (sampleRate) => {
    const error = configErrorOf(() => createServiceLogger({ serviceName: 'demo-dispatcher', sampleRate }));
    expect(error.variable).toBe('sampleRate');
    expect(error.message).toContain('sampleRate');
  });

  it('rejects an unknown level, naming the option', () => {
    const level: unknown = 'verbose';
    const error = configErrorOf(() => createServiceLogger({ serviceName: 'demo-dispatcher', level: level as LogLevel }));
    expect(error.variable).toBe('level');
    expect(error.message).toContain('"verbose"');
  });

  it.each([
    ['LOG_LEVEL', 'loud'],
    ['POWERTOOLS_LOG_LEVEL', 'fatal'],
    ['POWERTOOLS_LOGGER_SAMPLE_RATE', 'half'],
    ['POWERTOOLS_LOGGER_SAMPLE_RATE', '1.5'],
  ])('rejects %s=%s, naming the variable', (variable, value) => {
    process.env[variable] = value;
    const error = configErrorOf(() => createServiceLogger({ serviceName: 'demo-dispatcher' }));
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('rejects a blank serviceName', () => {
    expect(configErrorOf(() => createServiceLogger({ serviceName: ' ' })).variable).toBe('serviceName');
  });
});
