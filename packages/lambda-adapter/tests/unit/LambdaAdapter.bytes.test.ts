import 'aws-sdk-client-mock-jest';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { InvokeCommandInput } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { MAX_ASYNC_PAYLOAD_BYTES, MemoryMetrics, PayloadTooLargeError, ResponseCache } from '../../src';
import type { DeadLetterEntry, LambdaAdapter, LambdaAdapterOptions } from '../../src';
import { awsError, body, createTestAdapter, TEST_FUNCTION } from './helpers';
import { fakeTime, rejectionOf } from './roadmap/fakes';
import type { FakeTime } from './roadmap/fakes';

const lambdaMock = mockClient(LambdaClient);
const encoder = new TextEncoder();
const bytesOf = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));

describe('LambdaAdapter.invoke with bytes the caller encoded', () => {
  let time: FakeTime;

  beforeEach(() => {
    lambdaMock.reset();
    time = fakeTime();
  });

  const createAdapter = (options: Partial<LambdaAdapterOptions> = {}): LambdaAdapter => createTestAdapter({ sleep: time.sleep, clock: time.clock }, options);
  const sentPayload = (call = 0): InvokeCommandInput['Payload'] => lambdaMock.commandCalls(InvokeCommand)[call]?.args[0].input.Payload;

  it('sends the bytes as they are, without encoding them again', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ ok: true }) });
    const adapter = createAdapter();
    const bytes = bytesOf({ protocol: 'twinflow.processor-batch/1', events: [] });

    // Act
    const result = await adapter.invoke(bytes);

    // Assess
    expect(result).toEqual({ statusCode: 200, payload: { ok: true }, functionName: TEST_FUNCTION, attempts: 1 });
    expect(sentPayload()).toBe(bytes);
    expect(Array.from(sentPayload() as Uint8Array)).toEqual(Array.from(bytes));
  });

  it('sends the same bytes on every attempt', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejectsOnce(awsError('ServiceException', 500)).resolves({ StatusCode: 200, Payload: body({}) });
    const adapter = createAdapter();
    const bytes = bytesOf({ n: 1 });

    // Act
    const result = await adapter.invoke(bytes);

    // Assess
    expect(result.attempts).toBe(2);
    expect([sentPayload(0), sentPayload(1)]).toEqual([bytes, bytes]);
  });

  it('checks the size of the bytes against the limit before sending', async () => {
    // Prepare
    const adapter = createAdapter();
    const bytes = new Uint8Array(MAX_ASYNC_PAYLOAD_BYTES + 1).fill(0x20);

    // Act
    const error = await rejectionOf(adapter.invoke(bytes, { invocationType: 'Event' }));

    // Assess
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ sizeBytes: MAX_ASYNC_PAYLOAD_BYTES + 1, limitBytes: MAX_ASYNC_PAYLOAD_BYTES, attempts: 0 });
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 0);
  });

  describe('with a response cache', () => {
    let metrics: MemoryMetrics;

    beforeEach(() => {
      metrics = new MemoryMetrics();
    });

    it('answers equal bytes (another array) from the cache, and different bytes from Lambda', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ celsius: 21.5 }) });
      const adapter = createAdapter({ cache: { ttlMs: 5_000 }, metrics });

      // Act
      const first = await adapter.invoke(bytesOf({ a: 1 }));
      const again = await adapter.invoke(bytesOf({ a: 1 }));
      const other = await adapter.invoke(bytesOf({ a: 2 }));

      // Assess
      expect(first).toMatchObject({ payload: { celsius: 21.5 }, attempts: 1 });
      expect(again).toEqual({ ...first, attempts: 0, cached: true });
      expect(other).toMatchObject({ attempts: 1 });
      expect(other.cached).toBeUndefined();
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 2);
      expect([metrics.count(TEST_FUNCTION, 'CacheMisses'), metrics.count(TEST_FUNCTION, 'CacheHits')]).toEqual([2, 1]);
    });

    it('keys bytes by their exact content, apart from JSON values', () => {
      // Prepare
      const cache = new ResponseCache();

      // Act
      const key = cache.keyFor(TEST_FUNCTION, undefined, bytesOf({ a: 1 }));

      // Assess
      expect(cache.keyFor(TEST_FUNCTION, undefined, bytesOf({ a: 1 }))).toBe(key);
      expect(cache.keyFor(TEST_FUNCTION, undefined, encoder.encode('{ "a": 1 }'))).not.toBe(key);
      expect(cache.keyFor(TEST_FUNCTION, 'live', bytesOf({ a: 1 }))).not.toBe(key);
      expect(cache.keyFor('demo-other', undefined, bytesOf({ a: 1 }))).not.toBe(key);
      expect(cache.keyFor(TEST_FUNCTION, undefined, { a: 1 })).not.toBe(key);
      expect(cache.keyFor(TEST_FUNCTION, undefined, new Uint8Array(0))).not.toBe(cache.keyFor(TEST_FUNCTION, undefined, undefined));
      expect(key).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  it('dead-letters the JSON the bytes encode, for replay', async () => {
    // Prepare
    const entries: DeadLetterEntry[] = [];
    lambdaMock.on(InvokeCommand).rejects(awsError('ResourceNotFoundException', 404));
    const adapter = createAdapter({ deadLetter: { send: async (entry) => void entries.push(entry) } });

    // Act
    await rejectionOf(adapter.invoke(bytesOf({ deviceId: 'thermostat-1' })));
    await rejectionOf(adapter.invoke(encoder.encode('not json')));

    // Assess
    expect(entries.map(({ request, reason, attempts }) => ({ request, reason, attempts }))).toEqual([
      { request: { deviceId: 'thermostat-1' }, reason: 'invocation-error', attempts: 1 },
      { request: 'not json', reason: 'invocation-error', attempts: 1 },
    ]);
  });
});
