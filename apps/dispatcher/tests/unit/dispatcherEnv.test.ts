import { parseTwinConfig } from '@twinflow/core';
import { ServiceConfigError } from '@twinflow/runtime';
import { readDispatcherEnv } from '../../src/dispatcherEnv';

describe('readDispatcherEnv', () => {
  const twinConfig = parseTwinConfig({ twinName: 'demo', region: 'eu-central-1', maxReadingBytes: 4096 });

  it('applies the defaults', () => {
    // Act
    const env = readDispatcherEnv({ TWIN_NAME: 'demo', FAILURE_STORE: 'memory' }, twinConfig);

    // Assess
    expect(env).toMatchObject({ twin: 'demo', wrapperFunction: 'demo-processor-wrapper', wrapperBatchSize: 25, maxReadingBytes: 4096 });
  });

  it('lets TWIN_NAME win over the bundled twin name, which is only the fallback', () => {
    // Act
    const fromEnv = readDispatcherEnv({ TWIN_NAME: 'plant', FAILURE_STORE: 'memory' }, twinConfig);
    const fromConfig = readDispatcherEnv({ FAILURE_STORE: 'memory' }, twinConfig);

    // Assess
    expect(fromEnv).toMatchObject({ twin: 'plant', wrapperFunction: 'plant-processor-wrapper' });
    expect(fromConfig.twin).toBe('demo');
  });

  it('reads WRAPPER_FUNCTION and WRAPPER_BATCH_SIZE', () => {
    // Act
    const env = readDispatcherEnv({ TWIN_NAME: 'demo', FAILURE_STORE: 'memory', WRAPPER_FUNCTION: 'other', WRAPPER_BATCH_SIZE: '40' }, twinConfig);

    // Assess
    expect(env).toMatchObject({ wrapperFunction: 'other', wrapperBatchSize: 40 });
  });

  it('rejects an invalid WRAPPER_BATCH_SIZE, naming it', () => {
    // Act / Assess
    expect(() => readDispatcherEnv({ TWIN_NAME: 'demo', FAILURE_STORE: 'memory', WRAPPER_BATCH_SIZE: '0' }, twinConfig)).toThrow(ServiceConfigError);
    expect(() => readDispatcherEnv({ TWIN_NAME: 'demo', FAILURE_STORE: 'memory', WRAPPER_BATCH_SIZE: 'ten' }, twinConfig)).toThrow(/WRAPPER_BATCH_SIZE/);
  });
});
