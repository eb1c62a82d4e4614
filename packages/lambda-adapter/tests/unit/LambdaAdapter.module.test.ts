import 'aws-sdk-client-mock-jest';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { ModuleRequest } from '@twinflow/core';
import type { LambdaAdapter, LambdaAdapterOptions } from '../../src';
import { body, createTestAdapter, fakeClock, recordingLogger, recordingSleep } from './helpers';

const lambdaMock = mockClient(LambdaClient);
const decoder = new TextDecoder();

const request: ModuleRequest = {
  command: 'analyze',
  args: ['dataset.csv', '--fast'],
  userId: 'user_123',
  entityId: 'entity_456',
  communityId: 'community_789',
  sessionId: 'session_abc123',
  platform: 'discord',
  metadata: { user: { username: 'MyUser' } },
  scopes: ['community.read'],
};

/** The payload of the n-th InvokeCommand, as the text sent on the wire. */
function sentText(n = 0): string {
  const input = lambdaMock.commandCalls(InvokeCommand)[n]?.args[0].input;
  return decoder.decode(input?.Payload as Uint8Array);
}

describe('LambdaAdapter.execute with a module request', () => {
  let clock: ReturnType<typeof fakeClock>;

  beforeEach(() => {
    lambdaMock.reset();
    clock = fakeClock(Date.UTC(2026, 10, 24, 8, 0, 0, 250));
  });

  const createAdapter = (options: Partial<LambdaAdapterOptions> = {}): LambdaAdapter =>
    createTestAdapter({ sleep: recordingSleep().sleep, clock }, options);

  it("sends exactly the module SDK's JSON, timestamped by the adapter's clock", async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ success: true, message: 'done' }) });
    const adapter = createAdapter();

    // Act
    const response = await adapter.execute(request);

    // Assess
    expect(response).toEqual({ success: true, message: 'done', targets: [] });
    expect(sentText()).toBe(
      '{"community":{"id":"community_789","name":"Unknown Community","is_subscribed":true,"subscription_order_id":null,"seat_count":0},' +
        '"trigger":{"type":"command","command":"analyze","context_text":"dataset.csv --fast","event_type":null,"event_data":null},' +
        '"user":{"id":"user_123","username":"MyUser","platform":"discord","platform_user_id":"user_123"},' +
        '"entity":{"id":"entity_456","platform":"discord","platform_entity_id":"entity_456"},' +
        '"request_id":"session_abc123","timestamp":"2026-11-24T08:00:00.250Z"}',
    );
  });

  it("reads a module's full answer: data holds every other field, string targets become { type }", async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: body({ success: true, response_type: 'text', message: 'Hello', overlay_data: null, browser_source_url: null, targets: ['platform'] }),
    });
    const adapter = createAdapter();

    // Act
    const response = await adapter.execute(request);

    // Assess
    expect(response).toEqual({
      success: true,
      message: 'Hello',
      data: { response_type: 'text', overlay_data: null, browser_source_url: null, targets: ['platform'] },
      targets: [{ type: 'platform' }],
    });
  });

  it("sends an event's payload with the event fields", async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    const adapter = createAdapter({ invocationType: 'Event' });

    // Act
    const response = await adapter.execute({ ...request, metadata: { isEvent: true, eventType: 'follow', eventData: { from: 'x' } } });

    // Assess
    expect(response).toEqual({ success: true, message: 'Lambda function queued', data: { statusCode: 202 }, targets: [] });
    expect(JSON.parse(sentText())).toMatchObject({
      trigger: { type: 'event', command: null, context_text: null, event_type: 'follow', event_data: { from: 'x' } },
    });
  });

  it('counts an answer with success: false as a failure on health and the circuit breaker', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ success: false, error: 'quota exceeded' }) });
    const logger = recordingLogger();
    const adapter = createAdapter({ circuitBreaker: { failureThreshold: 2 }, logger });

    // Act
    const first = await adapter.execute(request);
    const second = await adapter.execute(request);
    const third = await adapter.execute(request);

    // Assess
    expect(first).toEqual({ success: false, error: 'quota exceeded', targets: [] });
    expect(second.success).toBe(false);
    expect(third).toMatchObject({ success: false, errorDetails: { type: 'CircuitOpenError', code: 'CIRCUIT_OPEN', retryable: true } });
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 2);
    expect(adapter.health()).toMatchObject({
      status: 'unhealthy',
      consecutiveFailures: 2,
      totalRequests: 2,
      errorRate: 1,
      lastError: { type: 'UnsuccessfulResponse', message: 'quota exceeded' },
      circuit: 'open',
    });
    expect(logger.lines.filter((line) => line.level === 'warn' && line.message === 'lambda function answered success: false')).toHaveLength(2);
  });

  it('records the error type of a failure that names one, and a success after it resets the failures', async () => {
    // Prepare
    lambdaMock
      .on(InvokeCommand)
      .resolvesOnce({ StatusCode: 200, Payload: body({ success: false, error: { type: 'QuotaError', message: 'over quota', retryable: true } }) })
      .resolves({ StatusCode: 200, Payload: body({ success: true }) });
    const adapter = createAdapter();

    // Act
    const failed = await adapter.execute(request);
    const afterFailure = adapter.health();
    await adapter.execute(request);

    // Assess
    expect(failed).toEqual({ success: false, error: 'over quota', errorDetails: { type: 'QuotaError', retryable: true }, targets: [] });
    expect(afterFailure).toMatchObject({ consecutiveFailures: 1, lastError: { type: 'QuotaError', message: 'over quota' } });
    expect(adapter.health()).toMatchObject({ status: 'healthy', consecutiveFailures: 0, totalRequests: 2 });
  });

  it('reports an invalid module request by field, without invoking or touching health', async () => {
    // Prepare
    const adapter = createAdapter();

    // Act
    const response = await adapter.execute({ ...request, userId: 42 } as unknown as ModuleRequest);

    // Assess
    expect(response).toEqual({
      success: false,
      error: 'userId: must be a string, got number 42',
      errorDetails: { type: 'ModuleRequestValidationError', code: 'MODULE_REQUEST_INVALID', retryable: false },
      targets: [],
    });
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 0);
    expect(adapter.health().totalRequests).toBe(0);
  });
});
