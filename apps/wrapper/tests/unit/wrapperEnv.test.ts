import { ServiceConfigError } from '@twinflow/runtime';
import { readWrapperEnv } from '../../src/wrapperEnv';

describe('readWrapperEnv', () => {
  const base = { TWIN_NAME: 'demo', FAILURE_STORE: 'memory' };

  it('applies the defaults of the contract', () => {
    // Act
    const env = readWrapperEnv(base);

    // Assess
    expect(env).toMatchObject({ twin: 'demo', failureStore: 'memory', persisterFunction: 'demo-persister', processorTimeoutMs: 20_000, processorConcurrency: 8, processorBatchSize: 25 });
  });

  it('reads PROCESSOR_BATCH_SIZE (1 turns batching off)', () => {
    expect(readWrapperEnv({ ...base, PROCESSOR_BATCH_SIZE: '1' }).processorBatchSize).toBe(1);
    expect(readWrapperEnv({ ...base, PROCESSOR_BATCH_SIZE: '50' }).processorBatchSize).toBe(50);
  });

  it('reads PERSISTER_FUNCTION, PROCESSOR_TIMEOUT_MS, PROCESSOR_CONCURRENCY and LAMBDA_ENDPOINT', () => {
    // Act
    const env = readWrapperEnv({
      ...base,
      PERSISTER_FUNCTION: 'demo-persister-v2',
      PROCESSOR_TIMEOUT_MS: '1500',
      PROCESSOR_CONCURRENCY: '2',
      LAMBDA_ENDPOINT: 'http://127.0.0.1:3002',
    });

    // Assess
    expect(env).toMatchObject({ persisterFunction: 'demo-persister-v2', processorTimeoutMs: 1_500, processorConcurrency: 2, lambdaEndpoint: 'http://127.0.0.1:3002' });
  });

  it.each([
    ['PROCESSOR_TIMEOUT_MS', '0'],
    ['PROCESSOR_TIMEOUT_MS', '900001'],
    ['PROCESSOR_CONCURRENCY', 'many'],
    ['PROCESSOR_BATCH_SIZE', '0'],
    ['TWIN_NAME', 'Demo Twin'],
  ])('rejects an invalid %s (%s) naming the variable', (variable, value) => {
    // Act
    const read = (): unknown => readWrapperEnv({ ...base, [variable]: value });

    // Assess
    expect(read).toThrow(ServiceConfigError);
    expect(read).toThrow(variable);
  });
});
