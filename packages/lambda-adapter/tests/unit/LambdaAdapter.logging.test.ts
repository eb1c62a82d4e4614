import 'aws-sdk-client-mock-jest';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { ExecuteRequest, ModuleRequest } from '@twinflow/core';
import { LambdaAdapterConfigError } from '../../src';
import type { LambdaAdapter, LambdaAdapterOptions } from '../../src';
import { awsError, body, createTestAdapter, fakeClock, recordingLogger, recordingSleep, TEST_FUNCTION } from './helpers';

const lambdaMock = mockClient(LambdaClient);

const envelope: ExecuteRequest = { requestId: 'req-7', timestamp: '2026-11-24T08:00:00.000Z', trigger: 'telemetry', payload: { a: 1 } };
const moduleRequest: ModuleRequest = {
  command: 'help',
  args: [],
  userId: 'u',
  entityId: 'e',
  communityId: 'c',
  sessionId: 'session_abc123',
  platform: 'discord',
};

describe('LambdaAdapter logs', () => {
  let logger: ReturnType<typeof recordingLogger>;
  let clock: ReturnType<typeof fakeClock>;

  beforeEach(() => {
    lambdaMock.reset();
    logger = recordingLogger();
    clock = fakeClock();
  });

  const createAdapter = (options: Partial<LambdaAdapterOptions> = {}): LambdaAdapter =>
    createTestAdapter({ sleep: recordingSleep().sleep, clock }, { logger, ...options });
  const linesAfterCreation = (): typeof logger.lines => logger.lines.filter((line) => line.message !== 'lambda adapter created');

  it('logs an info line when created, naming the module, the function and the region', () => {
    // Act
    createAdapter({ functionName: 'arn:aws:lambda:eu-west-1:123456789012:function:persister', moduleName: 'persister_module' });

    // Assess
    expect(logger.lines).toEqual([
      {
        level: 'info',
        message: 'lambda adapter created',
        fields: {
          moduleName: 'persister_module',
          moduleVersion: '1.0.0',
          functionName: 'arn:aws:lambda:eu-west-1:123456789012:function:persister',
          region: 'eu-west-1',
          invocationType: 'RequestResponse',
          maxRetries: 3,
          timeoutMs: 30_000,
        },
      },
    ]);
  });

  it('logs a debug line for a successful attempt and an info line for the successful call', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({}) });
    const adapter = createAdapter();

    // Act
    await adapter.invoke({}, { requestId: 'req-1' });

    // Assess
    expect(linesAfterCreation()).toEqual([
      {
        level: 'debug',
        message: 'lambda invoke attempt',
        fields: { functionName: TEST_FUNCTION, requestId: 'req-1', attempt: 1, invocationType: 'RequestResponse', durationMs: 0, statusCode: 200 },
      },
      {
        level: 'info',
        message: 'lambda invoke succeeded',
        fields: { functionName: TEST_FUNCTION, requestId: 'req-1', invocationType: 'RequestResponse', attempts: 1, durationMs: 0 },
      },
    ]);
  });

  it('logs a debug line per attempt, a warn line per retry with its delay and an error line when giving up, each with the requestId', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejects(awsError('TooManyRequestsException', 429, 'Rate exceeded'));
    const adapter = createAdapter({ retry: { maxRetries: 2 } });

    // Act
    await adapter.invoke({}, { requestId: 'req-2' }).catch(() => undefined);

    // Assess
    const byLevel = (level: string): Record<string, unknown>[] => linesAfterCreation().filter((l) => l.level === level).map((l) => l.fields);
    expect(byLevel('debug')).toEqual(
      [1, 2, 3].map((attempt) => ({
        functionName: TEST_FUNCTION,
        requestId: 'req-2',
        attempt,
        invocationType: 'RequestResponse',
        durationMs: 0,
        errorName: 'TooManyRequestsException',
        statusCode: 429,
      })),
    );
    expect(byLevel('warn')).toEqual([
      { functionName: TEST_FUNCTION, requestId: 'req-2', attempt: 1, delayMs: 250, errorName: 'TooManyRequestsException', statusCode: 429 },
      { functionName: TEST_FUNCTION, requestId: 'req-2', attempt: 2, delayMs: 500, errorName: 'TooManyRequestsException', statusCode: 429 },
    ]);
    expect(byLevel('error')).toEqual([expect.objectContaining({ functionName: TEST_FUNCTION, requestId: 'req-2', attempts: 3 })]);
    expect(byLevel('info')).toEqual([]);
  });

  it.each<[string, ExecuteRequest | ModuleRequest, string]>([
    ["an envelope's requestId", envelope, 'req-7'],
    ["a module request's sessionId", moduleRequest, 'session_abc123'],
  ])('puts %s on every line of execute', async (_what, request, requestId) => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejectsOnce(awsError('ServiceException', 500)).resolves({ StatusCode: 200, Payload: body({ success: true }) });
    const adapter = createAdapter();

    // Act
    const response = await adapter.execute(request);

    // Assess
    expect(response.success).toBe(true);
    const lines = linesAfterCreation();
    expect(lines.map((line) => [line.level, line.message])).toEqual([
      ['debug', 'lambda invoke attempt'],
      ['warn', 'lambda invoke retrying'],
      ['debug', 'lambda invoke attempt'],
      ['info', 'lambda execute succeeded'],
    ]);
    expect(lines.every((line) => line.fields['requestId'] === requestId)).toBe(true);
    expect(lines.at(-1)?.fields).toEqual({ functionName: TEST_FUNCTION, requestId, invocationType: 'RequestResponse', attempts: 2, durationMs: 0 });
  });

  it('logs no success line for an answer with success: false, but a warn line with the requestId', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ success: false, error: 'no such command' }) });
    const adapter = createAdapter();

    // Act
    await adapter.execute(moduleRequest);

    // Assess
    expect(linesAfterCreation().filter((line) => line.level !== 'debug')).toEqual([
      {
        level: 'warn',
        message: 'lambda function answered success: false',
        fields: { functionName: TEST_FUNCTION, requestId: 'session_abc123', errorType: 'UnsuccessfulResponse', error: 'no such command' },
      },
    ]);
  });

  it('logs a circuit-open rejection with the requestId', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejects(awsError('ServiceException', 500));
    const adapter = createAdapter({ retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 1 } });
    await adapter.invoke({}).catch(() => undefined);

    // Act
    await adapter.invoke({}, { requestId: 'req-3' }).catch(() => undefined);

    // Assess
    expect(logger.lines.at(-1)).toEqual({
      level: 'warn',
      message: 'lambda invoke rejected: circuit open',
      fields: { functionName: TEST_FUNCTION, requestId: 'req-3', retryAt: clock.now() + 30_000 },
    });
  });

  it.each([
    ['an empty requestId', { requestId: '' }, 'requestId'],
    ['an unknown per-call option', { timeoutMS: 5 }, 'timeoutMS'],
  ])('rejects %s before invoking', async (_what, options, option) => {
    // Prepare
    const adapter = createAdapter();

    // Act
    const thrown = await adapter.invoke({}, options as never).catch((error: unknown) => error);

    // Assess
    expect(thrown).toBeInstanceOf(LambdaAdapterConfigError);
    expect(thrown).toMatchObject({ option });
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 0);
  });
});
