import { ServiceConfigError, readPositiveInt, readServiceEnv } from '../../src';

describe('readServiceEnv', () => {
  it('reads the shared variables with defaults', () => {
    expect(readServiceEnv({ TWIN_NAME: 'demo', FAILURE_QUEUE_URL: 'https://sqs/q', LAMBDA_ENDPOINT: 'http://127.0.0.1:3002' })).toEqual({
      twin: 'demo',
      stage: 'dev',
      region: 'eu-central-1',
      failureStore: 'sqs',
      failureQueueUrl: 'https://sqs/q',
      lambdaEndpoint: 'http://127.0.0.1:3002',
    });
  });

  it.each([
    ['TWIN_NAME', {}],
    ['TWIN_NAME', { TWIN_NAME: 'Bad Twin', FAILURE_STORE: 'memory' }],
    ['FAILURE_STORE', { TWIN_NAME: 'demo', FAILURE_STORE: 'disk' }],
    ['FAILURE_QUEUE_URL', { TWIN_NAME: 'demo' }],
  ])('names %s when it is wrong', (variable, env) => {
    let caught: unknown;
    try {
      readServiceEnv(env);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ServiceConfigError);
    expect((caught as ServiceConfigError).variable).toBe(variable);
    expect((caught as Error).message).toContain(variable);
  });

  it('does not need a queue for the memory store', () => {
    expect(readServiceEnv({ TWIN_NAME: 'demo', FAILURE_STORE: 'memory' }).failureStore).toBe('memory');
  });
});

describe('readPositiveInt', () => {
  it('falls back, parses and rejects', () => {
    expect(readPositiveInt({}, 'RETENTION_DAYS', 30)).toBe(30);
    expect(readPositiveInt({ RETENTION_DAYS: '7' }, 'RETENTION_DAYS', 30)).toBe(7);
    expect(() => readPositiveInt({ RETENTION_DAYS: '0' }, 'RETENTION_DAYS', 30)).toThrow(/RETENTION_DAYS must be a positive integer, got "0"/);
    expect(() => readPositiveInt({ RETENTION_DAYS: 'x' }, 'RETENTION_DAYS', 30)).toThrow(ServiceConfigError);
  });
});
