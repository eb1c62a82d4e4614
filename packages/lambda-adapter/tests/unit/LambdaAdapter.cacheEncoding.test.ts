import 'aws-sdk-client-mock-jest';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { JsonValue } from '@twinflow/core';
import { InvalidPayloadError, MAX_SYNC_PAYLOAD_BYTES, MemoryMetrics, PayloadTooLargeError } from '../../src';
import type { DeadLetterEntry, DeadLetterSink, LambdaAdapter, LambdaAdapterOptions } from '../../src';
import { body, createTestAdapter, TEST_FUNCTION } from './helpers';
import { fakeTime, rejectionOf } from './roadmap/fakes';

const lambdaMock = mockClient(LambdaClient);
const decoder = new TextDecoder();

/** What the adapter sent, as text (it always sends bytes). */
const sentPayloads = (): string[] => lambdaMock.commandCalls(InvokeCommand).map((call) => decoder.decode(call.args[0].input.Payload as Uint8Array));

/** A payload whose `reading` getter counts how often it is read (each serialisation reads it once). */
function countingPayload(): { payload: JsonValue; reads: () => number } {
  let reads = 0;
  const payload = {
    deviceId: 'thermostat-1',
    get reading(): number {
      reads += 1;
      return 21.5;
    },
  };
  return { payload: payload as unknown as JsonValue, reads: () => reads };
}

describe('LambdaAdapter.invoke with a cache: when the payload is encoded', () => {
  let metrics: MemoryMetrics;
  let deadLetters: DeadLetterEntry[];
  const sink: DeadLetterSink = { send: async (entry) => void deadLetters.push(entry) };

  beforeEach(() => {
    lambdaMock.reset();
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ ok: true }) });
    metrics = new MemoryMetrics();
    deadLetters = [];
  });

  const createAdapter = (options: Partial<LambdaAdapterOptions> = {}): LambdaAdapter => {
    const time = fakeTime();
    return createTestAdapter({ sleep: time.sleep, clock: time.clock }, { cache: { ttlMs: 5_000 }, metrics, deadLetter: sink, ...options });
  };

  it('encodes a miss once, in the payload own key order, and a hit not at all', async () => {
    // Prepare
    const adapter = createAdapter();
    const first = countingPayload();
    const second = countingPayload();

    // Act
    await adapter.invoke(first.payload);
    const hit = await adapter.invoke(second.payload);

    // Assess: the key reads the payload once; only the miss also encodes it
    expect([first.reads(), second.reads()]).toEqual([2, 1]);
    expect(hit.cached).toBe(true);
    expect(sentPayloads()).toEqual(['{"deviceId":"thermostat-1","reading":21.5}']);
  });

  it.each<[string, () => unknown, RegExp]>([
    ['a cycle', () => {
      const cyclic: Record<string, unknown> = { deviceId: 'thermostat-1' };
      cyclic['self'] = cyclic;
      return cyclic;
    }, /circular/i],
    ['a BigInt', () => ({ reading: 1n }), /BigInt/],
    ['a toJSON that is no JSON value', () => ({ toJSON: () => undefined }), /must be a JSON value/],
  ])('rejects %s with InvalidPayloadError before anything is counted, sent or dead-lettered', async (_kind, make, message) => {
    // Prepare
    const adapter = createAdapter();
    await adapter.invoke(null); // a cached null must not answer a value that encodes to nothing

    // Act
    const error = await rejectionOf(adapter.invoke(make() as JsonValue));

    // Assess
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect((error as Error).message).toMatch(message);
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 1);
    expect(metrics.count(TEST_FUNCTION, 'Invocations')).toBe(1);
    expect(metrics.count(TEST_FUNCTION, 'Errors')).toBe(0);
    expect(deadLetters).toEqual([]);
  });

  it('checks the size of a payload encoded after a miss', async () => {
    // Prepare
    const adapter = createAdapter();

    // Act
    const error = await rejectionOf(adapter.invoke({ blob: 'x'.repeat(MAX_SYNC_PAYLOAD_BYTES) }));

    // Assess
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 0);
    expect([metrics.count(TEST_FUNCTION, 'CacheMisses'), metrics.count(TEST_FUNCTION, 'Errors')]).toEqual([1, 1]);
  });

  it('sends a payload as given, never in canonical order, whether encoded up front (Event, a string) or after a miss (an array)', async () => {
    // Prepare
    const adapter = createAdapter();

    // Act
    await adapter.invoke({ b: 1, a: 2 }, { invocationType: 'Event' });
    await adapter.invoke([{ b: 1, a: 2 }]);
    await adapter.invoke([{ a: 2, b: 1 }]);
    await adapter.invoke('text');

    // Assess
    expect(sentPayloads()).toEqual(['{"b":1,"a":2}', '[{"b":1,"a":2}]', '"text"']);
    expect(metrics.count(TEST_FUNCTION, 'CacheHits')).toBe(1);
  });
});
