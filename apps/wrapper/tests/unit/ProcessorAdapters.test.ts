import { LambdaClient } from '@aws-sdk/client-lambda';
import { silentLogger } from '@twinflow/core';
import { ProcessorAdapters } from '../../src/ProcessorAdapters';

describe('ProcessorAdapters', () => {
  const create = () => new ProcessorAdapters({ client: new LambdaClient({ region: 'eu-central-1' }), timeoutMs: 1_000, logger: silentLogger });

  it('creates one RequestResponse adapter per function and reuses it', () => {
    // Prepare
    const processors = create();

    // Act
    const first = processors.get('demo-thermostat-1-processor');
    const again = processors.get('demo-thermostat-1-processor');
    const other = processors.get('demo-pump-2-processor');

    // Assess
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(first.invocationType).toBe('RequestResponse');
    expect(first.circuitBreaker).toBeDefined();
    expect(processors.trackers().map((t) => t.name)).toEqual(['demo-thermostat-1-processor', 'demo-pump-2-processor']);
  });

  it('shares the injected client between adapters', () => {
    // Prepare
    const processors = create();

    // Act / Assess
    expect(processors.get('demo-a-processor').client).toBe(processors.get('demo-b-processor').client);
  });
});
