import 'aws-sdk-client-mock-jest';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import type { ModuleRequest } from '@twinflow/core';
import { CircuitOpenError, LambdaFunctionError, LambdaRetriesExhaustedError, SqsDeadLetter } from '../../src';
import type { DeadLetterEntry, DeadLetterSink, LambdaAdapter, LambdaAdapterOptions } from '../../src';
import { awsError, body, createTestAdapter, recordingLogger, TEST_FUNCTION } from './helpers';
import { fakeTime, rejectionOf } from './roadmap/fakes';
import type { FakeTime } from './roadmap/fakes';

const lambdaMock = mockClient(LambdaClient);
const sqsMock = mockClient(SQSClient);
const AT = '2026-11-24T08:00:00.000Z';
const request: ModuleRequest = { command: 'help', args: [], userId: 'u', entityId: 'e', communityId: 'c', sessionId: 's-1', platform: 'discord' };

/** A sink that keeps its entries, a turn of the event loop after it is called (so only an awaited send is seen). */
function memorySink(): DeadLetterSink & { entries: DeadLetterEntry[] } {
  const entries: DeadLetterEntry[] = [];
  return {
    entries,
    send: async (entry) => {
      await new Promise((resolve) => setImmediate(resolve));
      entries.push(entry);
    },
  };
}

describe('LambdaAdapter with a dead-letter sink', () => {
  let time: FakeTime;
  let sink: ReturnType<typeof memorySink>;

  beforeEach(() => {
    lambdaMock.reset();
    sqsMock.reset();
    time = fakeTime(Date.parse(AT));
    sink = memorySink();
  });

  const createAdapter = (options: Partial<LambdaAdapterOptions> = {}): LambdaAdapter =>
    createTestAdapter({ sleep: time.sleep, clock: time.clock }, { deadLetter: sink, ...options });

  it('sends the call once its retries are exhausted, before the error reaches the caller', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejects(awsError('TooManyRequestsException', 429, 'Rate exceeded'));
    const adapter = createAdapter({ retry: { maxRetries: 2 } });

    // Act
    const error = await rejectionOf(adapter.invoke({ deviceId: 'thermostat-1' }));

    // Assess
    expect(error).toBeInstanceOf(LambdaRetriesExhaustedError);
    expect(sink.entries).toEqual([
      {
        functionName: TEST_FUNCTION,
        request: { deviceId: 'thermostat-1' },
        error: expect.objectContaining({ name: 'LambdaRetriesExhaustedError', code: 'LAMBDA_RETRIES_EXHAUSTED' }),
        attempts: 3,
        reason: 'retries-exhausted',
        at: '2026-11-24T08:00:00.750Z', // after the 250 + 500 ms of backoff
      },
    ]);
  });

  it('sends a call refused by the open circuit, with 0 attempts', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejects(awsError('ServiceException', 500));
    const adapter = createAdapter({ retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 1 } });
    await rejectionOf(adapter.invoke({ n: 1 }));

    // Act
    const error = await rejectionOf(adapter.invoke({ n: 2 }));

    // Assess
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(sink.entries.map(({ request: sent, reason, attempts }) => ({ sent, reason, attempts }))).toEqual([
      { sent: { n: 1 }, reason: 'retries-exhausted', attempts: 1 },
      { sent: { n: 2 }, reason: 'circuit-open', attempts: 0 },
    ]);
  });

  it("sends execute's request as given when the function fails, and answers success: false", async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: body({ errorType: 'TypeError', errorMessage: 'x is undefined' }) });
    const adapter = createAdapter();

    // Act
    const response = await adapter.execute(request);

    // Assess
    expect(response).toMatchObject({ success: false, errorDetails: { type: 'LambdaFunctionError' } });
    expect(sink.entries).toEqual([expect.objectContaining({ request, reason: 'function-error', attempts: 1 })]);
  });

  it.each([
    ['an invalid per-call option', (adapter: LambdaAdapter) => adapter.invoke({}, { timeoutMs: -1 })],
    ['a payload that is not JSON', (adapter: LambdaAdapter) => adapter.invoke(1n as never)],
    ['an invalid execute request', (adapter: LambdaAdapter) => adapter.execute({ command: 'help' } as never)],
    ['an answer with success: false', (adapter: LambdaAdapter) => adapter.execute(request)],
    ['a success', (adapter: LambdaAdapter) => adapter.invoke({})],
  ])('sends nothing for %s', async (_what, call) => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ success: false }) });
    const adapter = createAdapter();

    // Act
    await Promise.resolve(call(adapter)).catch(() => undefined);

    // Assess
    expect(sink.entries).toEqual([]);
  });

  it("logs a sink that fails and still throws the call's own error", async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: 'Handled', Payload: body({ errorType: 'E', errorMessage: 'no' }) });
    sqsMock.on(SendMessageCommand).rejects(awsError('QueueDoesNotExist', 400));
    const logger = recordingLogger();
    const deadLetter = new SqsDeadLetter('https://sqs.eu-central-1.amazonaws.com/123456789012/demo-adapter-dlq', { client: new SQSClient({ region: 'eu-central-1' }) });
    const adapter = createAdapter({ deadLetter, logger });

    // Act
    const error = await rejectionOf(adapter.invoke({}, { requestId: 'req-5' }));

    // Assess
    expect(error).toBeInstanceOf(LambdaFunctionError);
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    expect(logger.lines.at(-1)).toMatchObject({
      level: 'error',
      message: 'lambda dead letter failed',
      fields: { functionName: TEST_FUNCTION, requestId: 'req-5', reason: 'function-error', error: expect.objectContaining({ name: 'DeadLetterSendError' }) },
    });
  });

  it('survives a sink that throws synchronously, and logs a sent entry', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejects(awsError('AccessDeniedException', 403));
    const logger = recordingLogger();
    const throwing: DeadLetterSink = {
      send: () => {
        throw new Error('not even a promise');
      },
    };

    // Act
    const failed = await rejectionOf(createAdapter({ deadLetter: throwing, logger }).invoke({}));
    await rejectionOf(createAdapter({ logger }).invoke({}, { requestId: 'req-6' }));

    // Assess
    expect(failed).toMatchObject({ name: 'LambdaInvocationError' });
    expect(logger.lines.filter((line) => line.message.startsWith('lambda dead letter') || line.message === 'lambda call dead-lettered')).toEqual([
      expect.objectContaining({ level: 'error', message: 'lambda dead letter failed' }),
      { level: 'info', message: 'lambda call dead-lettered', fields: { functionName: TEST_FUNCTION, requestId: 'req-6', reason: 'invocation-error', attempts: 1 } },
    ]);
  });
});
