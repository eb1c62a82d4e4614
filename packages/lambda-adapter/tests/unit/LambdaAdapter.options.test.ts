import 'aws-sdk-client-mock-jest';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { silentLogger } from '@twinflow/core';
import { CircuitBreaker, HealthTracker } from '@twinflow/health';
import { LambdaAdapter, LambdaAdapterConfigError } from '../../src';
import type { LambdaAdapterOptions } from '../../src';
import { body, recordingSleep } from './helpers';

const lambdaMock = mockClient(LambdaClient);
const ARN = 'arn:aws:lambda:eu-central-1:123456789012:function:demo-persister';

describe('LambdaAdapter options', () => {
  beforeEach(() => {
    lambdaMock.reset();
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({}) });
  });

  const createAdapter = (options: Partial<LambdaAdapterOptions>): LambdaAdapter =>
    new LambdaAdapter({ functionName: 'demo-persister', logger: silentLogger, sleep: recordingSleep().sleep, ...options });

  describe('function names', () => {
    it.each([
      ['persister', 'demo-', 'demo-persister'],
      ['persister:live', 'demo-', 'demo-persister:live'],
      ['persister:$LATEST', 'demo-', 'demo-persister:$LATEST'],
      ['persister:7', 'demo-', 'demo-persister:7'],
      ['demo-thermostat-1-processor', 'demo-', 'demo-thermostat-1-processor'],
      ['123456789012:function:persister', 'demo-', '123456789012:function:persister'],
      ['123456789012:function:persister:live', 'demo-', '123456789012:function:persister:live'],
      [ARN, 'demo-', ARN],
      [`${ARN}:live`, 'demo-', `${ARN}:live`],
      ['arn:aws-cn:lambda:cn-north-1:123456789012:function:x', 'demo-', 'arn:aws-cn:lambda:cn-north-1:123456789012:function:x'],
      ['arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:x:1', undefined, 'arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:x:1'],
    ])('resolves %s with prefix %s to %s and invokes it', async (functionName, functionPrefix, expected) => {
      // Prepare
      const adapter = createAdapter(functionPrefix === undefined ? { functionName } : { functionName, functionPrefix });

      // Act
      await adapter.invoke({});

      // Assess
      expect(adapter.functionName).toBe(expected);
      expect(lambdaMock).toHaveReceivedCommandWith(InvokeCommand, { FunctionName: expected });
    });

    it('sends a per-call qualifier as Qualifier', async () => {
      // Prepare
      const adapter = createAdapter({ functionName: 'demo-persister' });

      // Act
      await adapter.invoke({}, { qualifier: 'live' });

      // Assess
      expect(lambdaMock).toHaveReceivedCommandWith(InvokeCommand, { FunctionName: 'demo-persister', Qualifier: 'live' });
    });

    it('rejects a per-call qualifier that conflicts with the one in functionName', async () => {
      // Prepare
      const adapter = createAdapter({ functionName: 'demo-persister:live' });

      // Act / Assess
      await expect(adapter.invoke({}, { qualifier: 'canary' })).rejects.toThrow(LambdaAdapterConfigError);
      await expect(adapter.invoke({}, { qualifier: 'bad qualifier' })).rejects.toThrow('"qualifier"');
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 0);
    });

    it.each([
      ['invocationType', { invocationType: 'DryRun' }],
      ['timeoutMs', { timeoutMs: 0 }],
    ])('rejects an invalid per-call %s', async (option, options) => {
      // Prepare
      const adapter = createAdapter({});

      // Act / Assess
      await expect(adapter.invoke({}, options as never)).rejects.toThrow(`"${option}"`);
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 0);
    });
  });

  it.each<[string, Partial<LambdaAdapterOptions>]>([
    ['functionName', { functionName: undefined as never }],
    ['functionName', { functionName: '' }],
    ['functionName', { functionName: 42 as never }],
    ['functionName', { functionName: 'has space' }],
    ['functionName', { functionName: 'name:' }],
    ['functionName', { functionName: 'name:bad.alias' }],
    ['functionName', { functionName: 'a:b:c' }],
    ['functionName', { functionName: 'x'.repeat(65) }],
    ['functionName', { functionName: 'arn:aws:s3:::bucket' }],
    ['functionName', { functionName: 'arn:aws:lambda:eu-central-1:12345:function:x' }],
    ['functionName', { functionName: 'arn:foo:lambda:eu-central-1:123456789012:function:x' }],
    ['functionName', { functionName: 'p'.repeat(60), functionPrefix: 'demo-' }],
    ['functionPrefix', { functionPrefix: 'demo/' }],
    ['functionPrefix', { functionPrefix: 7 as never }],
    ['invocationType', { invocationType: 'DryRun' as never }],
    ['retry', { retry: 3 as never }],
    ['retry.maxRetries', { retry: { maxRetries: -1 } }],
    ['retry.maxRetries', { retry: { maxRetries: 11 } }],
    ['retry.maxRetries', { retry: { maxRetries: 1.5 } }],
    ['retry.initialDelayMs', { retry: { initialDelayMs: 0 } }],
    ['retry.maxDelayMs', { retry: { initialDelayMs: 1_000, maxDelayMs: 999 } }],
    ['retry.maxDelayMs', { retry: { initialDelayMs: 60_000 } }],
    ['timeoutMs', { timeoutMs: 0 }],
    ['timeoutMs', { timeoutMs: 900_001 }],
    ['timeoutMs', { timeoutMs: 1.5 }],
    ['client', { client: {} as never }],
    ['region', { region: '' }],
    ['endpoint', { endpoint: 'localhost:3002' }],
    ['logger', { logger: { info: () => undefined } as never }],
    ['circuitBreaker', { circuitBreaker: 'on' as never }],
    ['circuitBreaker.cooldownMs', { circuitBreaker: { cooldownMs: -5 } }],
    ['healthTracker', { healthTracker: {} as never }],
    ['sleep', { sleep: 100 as never }],
    ['random', { random: 0.5 as never }],
    ['clock', { clock: Date as never }],
  ])('throws LambdaAdapterConfigError naming %s for %p', (option, options) => {
    // Act
    let thrown: unknown;
    try {
      new LambdaAdapter({ functionName: 'demo-persister', ...options });
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(LambdaAdapterConfigError);
    expect(thrown).toMatchObject({ option, code: 'LAMBDA_ADAPTER_CONFIG_INVALID' });
    expect((thrown as Error).message).toContain(`"${option.split('.')[0]}`);
  });

  it('accepts the boundaries of every numeric option', () => {
    // Act / Assess
    expect(() => createAdapter({ retry: { maxRetries: 0 }, timeoutMs: 1 })).not.toThrow();
    expect(() => createAdapter({ retry: { maxRetries: 10, initialDelayMs: 1, maxDelayMs: 1 }, timeoutMs: 900_000 })).not.toThrow();
  });

  it('builds its own client with maxAttempts 1, region and endpoint', async () => {
    // Act
    const adapter = new LambdaAdapter({ functionName: 'demo-persister', region: 'eu-central-1', endpoint: 'http://127.0.0.1:3002' });

    // Assess
    expect(await adapter.client.config.maxAttempts()).toBe(1);
    expect(await adapter.client.config.region()).toBe('eu-central-1');
    const endpoint = await adapter.client.config.endpoint?.();
    expect(endpoint).toMatchObject({ hostname: '127.0.0.1', port: 3002, protocol: 'http:' });
  });

  it('uses an injected client, breaker and tracker as given', () => {
    // Prepare
    const client = new LambdaClient({ region: 'eu-central-1', maxAttempts: 1 });
    const breaker = new CircuitBreaker();
    const tracker = new HealthTracker('custom');

    // Act
    const adapter = createAdapter({ client, circuitBreaker: breaker, healthTracker: tracker });

    // Assess
    expect(adapter.client).toBe(client);
    expect(adapter.circuitBreaker).toBe(breaker);
    expect(adapter.healthTracker).toBe(tracker);
  });

  it('has a default breaker, and none with circuitBreaker: false', () => {
    // Act
    const withDefault = createAdapter({});
    const without = createAdapter({ circuitBreaker: false });

    // Assess
    expect(withDefault.circuitBreaker).toBeInstanceOf(CircuitBreaker);
    expect(without.circuitBreaker).toBeUndefined();
    expect(without.health().circuit).toBe('closed');
  });
});
