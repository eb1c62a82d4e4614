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

  it('reset() closes the breaker, clears the health window and forgets the single-reading fallback of that function only', () => {
    // Prepare
    const processors = create();
    const pump = processors.get('demo-pump-2-processor');
    const other = processors.get('demo-thermostat-1-processor');
    for (let n = 0; n < 5; n += 1) {
      pump.circuitBreaker?.recordFailure();
      pump.healthTracker.recordFailure(new Error('broken'));
    }
    other.healthTracker.recordFailure(new Error('broken'));
    processors.markSingleOnly('demo-pump-2-processor');
    processors.markSingleOnly('demo-thermostat-1-processor');

    // Act
    const { previousCircuit, health } = processors.reset('demo-pump-2-processor');

    // Assess
    expect(previousCircuit).toBe('open');
    expect(health).toMatchObject({ circuit: 'closed', status: 'healthy', consecutiveFailures: 0, totalRequests: 0, totalFailures: 0 });
    expect(health).not.toHaveProperty('lastError');
    expect(processors.speaksBatches('demo-pump-2-processor')).toBe(true);
    expect(processors.speaksBatches('demo-thermostat-1-processor')).toBe(false);
    expect(other.health()).toMatchObject({ totalFailures: 1 });
  });
});
