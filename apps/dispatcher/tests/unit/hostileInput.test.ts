import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { buildDispatcher, reading } from './fixtures';

const lambdaMock = mockClient(LambdaClient);

describe('createDispatcher with hostile input', () => {
  beforeEach(() => {
    lambdaMock.reset();
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
  });

  const pollution = '{"__proto__":{"polluted":true},"device_id":"thermostat-1","t":1}';
  const cases: Array<[string, () => unknown, string]> = [
    ['null', () => null, 'not-an-object'],
    ['undefined', () => undefined, 'not-an-object'],
    ['a number', () => 42, 'not-an-object'],
    ['text that is not JSON', () => 'not json', 'malformed-json'],
    ['__proto__ pollution JSON', () => pollution, 'forbidden-key'],
    ['a path-traversal device id', () => ({ device_id: '../x', t: 1 }), 'invalid-device-id'],
    ['a 300 KB reading', () => reading(0, 'thermostat-1', { blob: 'x'.repeat(300 * 1024) }), 'payload-too-large'],
    ['a 300 KB JSON string', () => JSON.stringify(reading(0, 'thermostat-1', { blob: 'x'.repeat(300 * 1024) })), 'payload-too-large'],
    ['no device id', () => ({ temperature: 1 }), 'missing-device-id'],
    ['{ Records } that is not an array', () => ({ Records: 'x' }), 'missing-device-id'],
    ['a constructor key deep inside', () => reading(0, 'thermostat-1', { nested: { constructor: { prototype: 1 } } }), 'forbidden-key'],
    ['a timestamp in 1970', () => ({ device_id: 'thermostat-1', ts: 1 }), 'timestamp-out-of-range'],
  ];

  it.each(cases)('parks %s with its reason and the original, without throwing', async (_name, input, reason) => {
    // Prepare
    const { dispatch, failures } = buildDispatcher();
    const original = input();

    // Act
    const result = await dispatch(original);

    // Assess
    expect(result).toMatchObject({ received: 1, dispatched: 0, failed: 1, results: [{ index: 0, status: 'failed', reason }] });
    expect(failures.records).toHaveLength(1);
    expect(failures.records[0]).toMatchObject({ stage: 'dispatch', reason });
    expect(failures.records[0]?.original).toBe(original);
    expect(failures.records[0]).not.toHaveProperty('deviceId');
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  it('does not pollute Object.prototype', async () => {
    // Prepare
    const { dispatch } = buildDispatcher();

    // Act
    await dispatch([pollution, JSON.parse(pollution) as unknown]);

    // Assess
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('parks values that throw when inspected (revoked proxy, throwing getter, cycles)', async () => {
    // Prepare
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const getter = Object.defineProperty({}, 'device_id', { enumerable: true, get: () => { throw new Error('boom'); } });
    const cyclic: Record<string, unknown> = { device_id: 'thermostat-1' };
    cyclic['self'] = cyclic;
    const { dispatch, failures } = buildDispatcher();

    // Act
    const results = [await dispatch(proxy), await dispatch([getter, cyclic, reading()])];

    // Assess
    expect(results[0]).toMatchObject({ received: 1, failed: 1, results: [{ reason: 'internal-error' }] });
    expect(results[1]).toMatchObject({ received: 3, dispatched: 1, failed: 2 });
    expect(results[1]?.results.map((r) => r.reason)).toEqual(['internal-error', 'payload-too-deep', undefined]);
    expect(failures.records).toHaveLength(3);
    expect(failures.records[0]?.original).toBe(proxy);
    expect(failures.records[1]?.original).toBe(getter);
    expect(failures.records[2]?.original).toBe(cyclic);
  });

  it('handles empty and sparse batches', async () => {
    // Prepare
    const { dispatch, failures } = buildDispatcher();
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [reading(), , reading(1)];

    // Act
    const empty = await dispatch([]);
    const emptyRecords = await dispatch({ Records: [] });
    const withHole = await dispatch(sparse);

    // Assess
    expect(empty).toMatchObject({ received: 0, dispatched: 0, failed: 0, results: [] });
    expect(emptyRecords).toMatchObject({ received: 0, dispatched: 0, failed: 0 });
    expect(withHole).toMatchObject({ received: 3, dispatched: 2, failed: 1 });
    expect(failures.records.map((r) => r.reason)).toEqual(['not-an-object']);
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(1);
  });
});
