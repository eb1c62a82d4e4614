import { parseTwinConfig } from '@twinflow/core';
import { ServiceConfigError } from '@twinflow/runtime';
import { readPersisterEnv } from '../../src/persisterEnv';

describe('readPersisterEnv', () => {
  const twinConfig = parseTwinConfig({ twinName: 'demo', region: 'eu-central-1', retentionDays: 14 });

  it('defaults the table to {twin}-hot and the retention to the twin config', () => {
    // Act
    const env = readPersisterEnv({ TWIN_NAME: 'demo', FAILURE_STORE: 'memory' }, twinConfig);

    // Assess
    expect(env).toMatchObject({ twin: 'demo', hotTable: 'demo-hot', retentionDays: 14 });
  });

  it('lets TWIN_NAME, HOT_TABLE and RETENTION_DAYS win', () => {
    // Act
    const env = readPersisterEnv({ TWIN_NAME: 'plant', FAILURE_STORE: 'memory', RETENTION_DAYS: '90' }, twinConfig);
    const table = readPersisterEnv({ FAILURE_STORE: 'memory', HOT_TABLE: 'custom' }, twinConfig);

    // Assess
    expect(env).toMatchObject({ twin: 'plant', hotTable: 'plant-hot', retentionDays: 90 });
    expect(table).toMatchObject({ twin: 'demo', hotTable: 'custom' });
  });

  it.each(['0', '-1', '1.5', 'month', '3651'])('rejects RETENTION_DAYS=%s, naming it', (value) => {
    // Act / Assess
    expect(() => readPersisterEnv({ TWIN_NAME: 'demo', FAILURE_STORE: 'memory', RETENTION_DAYS: value }, twinConfig)).toThrow(ServiceConfigError);
    expect(() => readPersisterEnv({ TWIN_NAME: 'demo', FAILURE_STORE: 'memory', RETENTION_DAYS: value }, twinConfig)).toThrow(/RETENTION_DAYS/);
  });
});
