import 'aws-sdk-client-mock-jest';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { ExecuteRequest, ModuleRequest } from '@twinflow/core';
import { LambdaFunctionError, MemoryMetrics, ResponseCache } from '../../src';
import type { LambdaAdapter, LambdaAdapterOptions } from '../../src';
import { awsError, body, createTestAdapter, TEST_FUNCTION } from './helpers';
import { fakeTime } from './roadmap/fakes';
import type { FakeTime } from './roadmap/fakes';

const lambdaMock = mockClient(LambdaClient);

const envelope = (requestId: string, payload: ExecuteRequest['payload'] = { deviceId: 'thermostat-1' }): ExecuteRequest => ({
  requestId,
  timestamp: `2026-11-24T08:00:0${requestId.length % 10}.000Z`,
  trigger: 'lookup',
  payload,
});
const moduleRequest = (sessionId: string): ModuleRequest => ({
  command: 'price',
  args: ['btc'],
  userId: 'u',
  entityId: 'e',
  communityId: 'c',
  sessionId,
  platform: 'discord',
  scopes: [sessionId],
});

describe('LambdaAdapter with a response cache', () => {
  let time: FakeTime;
  let metrics: MemoryMetrics;

  beforeEach(() => {
    lambdaMock.reset();
    time = fakeTime();
    metrics = new MemoryMetrics();
  });

  const createAdapter = (options: Partial<LambdaAdapterOptions> = {}): LambdaAdapter =>
    createTestAdapter({ sleep: time.sleep, clock: time.clock }, { cache: { ttlMs: 5_000 }, metrics, ...options });

  describe('invoke', () => {
    it('answers a repeated call from the cache without calling Lambda, and counts hits and misses', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, ExecutedVersion: '7', Payload: body({ celsius: 21.5 }) });
      const adapter = createAdapter();

      // Act
      const first = await adapter.invoke({ a: 1, b: 2 });
      const second = await adapter.invoke({ b: 2, a: 1 }); // same payload, other key order

      // Assess
      expect(first).toEqual({ statusCode: 200, payload: { celsius: 21.5 }, executedVersion: '7', functionName: TEST_FUNCTION, attempts: 1 });
      expect(second).toEqual({ ...first, attempts: 0, cached: true });
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 1);
      expect([metrics.count(TEST_FUNCTION, 'CacheMisses'), metrics.count(TEST_FUNCTION, 'CacheHits')]).toEqual([1, 1]);
      expect(metrics.count(TEST_FUNCTION, 'Invocations')).toBe(2);
      expect(adapter.health()).toMatchObject({ totalRequests: 1 }); // a hit records nothing on the tracker
    });

    it('never caches a failure: the next call goes to Lambda again', async () => {
      // Prepare
      lambdaMock
        .on(InvokeCommand)
        .resolvesOnce({ StatusCode: 200, FunctionError: 'Unhandled', Payload: body({ errorType: 'Error', errorMessage: 'boom' }) })
        .resolves({ StatusCode: 200, Payload: body({ ok: true }) });
      const adapter = createAdapter();

      // Act
      const failure = await adapter.invoke({ a: 1 }).catch((error: unknown) => error);
      const retried = await adapter.invoke({ a: 1 });
      const cached = await adapter.invoke({ a: 1 });

      // Assess
      expect(failure).toBeInstanceOf(LambdaFunctionError);
      expect(retried).toMatchObject({ payload: { ok: true }, attempts: 1 });
      expect(cached).toMatchObject({ payload: { ok: true }, attempts: 0, cached: true });
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 2);
    });

    it('keys by payload and qualifier, skips Event calls, and expires entries after ttlMs by the adapter clock', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ ok: true }) });
      const adapter = createAdapter();
      await adapter.invoke({ a: 1 });

      // Act
      await adapter.invoke({ a: 2 });
      await adapter.invoke({ a: 1 }, { qualifier: 'live' });
      await adapter.invoke({ a: 1 }, { invocationType: 'Event' });
      await adapter.invoke({ a: 1 }, { invocationType: 'Event' });
      const hit = await adapter.invoke({ a: 1 });
      time.advance(5_000);
      const expired = await adapter.invoke({ a: 1 });

      // Assess
      expect(hit.cached).toBe(true);
      expect(expired).not.toHaveProperty('cached');
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 6);
    });

    it('gives each caller its own copy', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ list: [1] }) });
      const adapter = createAdapter();
      const first = await adapter.invoke({});

      // Act
      (first.payload as { list: number[] }).list.push(2);
      const second = await adapter.invoke({});

      // Assess
      expect(second.payload).toEqual({ list: [1] });
    });
  });

  describe('execute', () => {
    it('answers the same envelope under another requestId and timestamp from the cache', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ success: true, message: 'cold' }) });
      const adapter = createAdapter();

      // Act
      const first = await adapter.execute(envelope('r1'));
      const second = await adapter.execute(envelope('r-22'));
      const other = await adapter.execute(envelope('r3', { deviceId: 'pump-2' }));

      // Assess
      expect(first).toEqual({ success: true, message: 'cold', targets: [] });
      expect(second).toEqual(first);
      expect(other).toEqual(first);
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 2);
      expect(metrics.count(TEST_FUNCTION, 'CacheHits')).toBe(1);
    });

    it('answers the same module request under another sessionId and scopes from the cache', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ success: true, message: '42' }) });
      const adapter = createAdapter();

      // Act
      await adapter.execute(moduleRequest('s1'));
      const second = await adapter.execute(moduleRequest('s2'));

      // Assess
      expect(second).toEqual({ success: true, message: '42', targets: [] });
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 1);
    });

    it('never caches success: false, a failed invocation or an Event answer', async () => {
      // Prepare
      lambdaMock
        .on(InvokeCommand)
        .resolvesOnce({ StatusCode: 200, Payload: body({ success: false, error: 'busy' }) })
        .rejectsOnce(awsError('ResourceNotFoundException', 404))
        .resolves({ StatusCode: 200, Payload: body({ success: true }) });
      const adapter = createAdapter();
      const queued = createAdapter({ invocationType: 'Event' });

      // Act
      const answers = [await adapter.execute(envelope('r1')), await adapter.execute(envelope('r2')), await adapter.execute(envelope('r3'))];
      await queued.execute(envelope('r4'));
      await queued.execute(envelope('r5'));

      // Assess
      expect(answers.map((answer) => answer.success)).toEqual([false, false, true]);
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 5);
    });

    it('shares one ResponseCache between adapters without mixing functions, or invoke with execute', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ success: true }) });
      const cache = new ResponseCache<unknown>({ clock: time.clock });
      const one = createAdapter({ cache });
      const other = createAdapter({ cache, functionName: 'demo-pump-2-processor' });

      // Act
      await one.execute(envelope('r1'));
      await other.execute(envelope('r1'));
      await one.invoke(envelope('r1').payload);
      await one.execute(envelope('r2'));

      // Assess
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 3);
      expect(cache.stats()).toMatchObject({ hits: 1, size: 3 });
    });
  });
});
