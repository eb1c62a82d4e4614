import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { toProcessorBatchRequest } from '@twinflow/core';
import type { JsonValue, ProcessorBatchRequest, TelemetryEvent } from '@twinflow/core';
import type { LambdaAdapter, LambdaInvokeResult } from '../../src';
import { body, createTestAdapter, recordingSleep } from './helpers';

// A type-level test: it compiles (the `typecheck` target) only if `invoke` takes core's contract
// types as they are, without `as unknown as JsonValue`; jest runs the calls to keep them honest.

const lambdaMock = mockClient(LambdaClient);
const decoder = new TextDecoder();

type InvokePayload = Parameters<LambdaAdapter['invoke']>[0];
/** Compiles only when `T` is assignable to `invoke`'s payload. */
type Accepts<T extends InvokePayload> = T;

// Compile-time checks: each alias must stay assignable to what invoke takes.
export type InvokeTakes = [Accepts<TelemetryEvent>, Accepts<ProcessorBatchRequest>, Accepts<JsonValue>, Accepts<Uint8Array>];

const event: TelemetryEvent = {
  twin: 'demo',
  deviceId: 'thermostat-1',
  timestamp: '2026-11-24T08:00:00.000Z',
  eventId: 'e-1',
  payload: { temperature: 21.5 },
  receivedAt: '2026-11-24T08:00:01.000Z',
};

describe('LambdaAdapter.invoke types', () => {
  beforeEach(() => {
    lambdaMock.reset();
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ ok: true }) });
  });

  const sentJson = (call = 0): unknown => JSON.parse(decoder.decode(lambdaMock.commandCalls(InvokeCommand)[call]?.args[0].input.Payload as Uint8Array));

  it('takes a TelemetryEvent as it is', async () => {
    // Prepare
    const adapter = createTestAdapter({ sleep: recordingSleep().sleep });

    // Act
    const result: LambdaInvokeResult = await adapter.invoke(event);

    // Assess
    expect(result.payload).toEqual({ ok: true });
    expect(sentJson()).toEqual(event);
  });

  it('takes a ProcessorBatchRequest as it is', async () => {
    // Prepare
    const adapter = createTestAdapter({ sleep: recordingSleep().sleep });
    const batch: ProcessorBatchRequest = toProcessorBatchRequest([event, { ...event, eventId: 'e-2' }]);

    // Act
    await adapter.invoke(batch, { requestId: 'r-1' });

    // Assess
    expect(sentJson()).toEqual(batch);
  });
});
