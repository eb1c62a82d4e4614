import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { failureOf } from '@twinflow/core';
import {
  CircuitOpenError,
  LambdaFunctionError,
  LambdaInvocationError,
  LambdaRetriesExhaustedError,
  LambdaTimeoutError,
  PayloadTooLargeError,
  RateLimitedError,
  MAX_ASYNC_PAYLOAD_BYTES,
} from '../../src';
import type { LambdaAdapter, LambdaAdapterOptions } from '../../src';
import { awsError, body, createTestAdapter, networkError, recordingLogger } from './helpers';
import { fakeTime, rejectionOf } from './roadmap/fakes';
import type { FakeTime } from './roadmap/fakes';

const lambdaMock = mockClient(LambdaClient);

// Every error `invoke` ends with carries the attempts made and its failure-store reason, so a
// caller (the services, the failure store) reads them off the error: `failureOf(error)`.
describe('LambdaAdapter: attempts and reason of terminal errors', () => {
  let time: FakeTime;

  beforeEach(() => {
    lambdaMock.reset();
    time = fakeTime();
  });

  const createAdapter = (options: Partial<LambdaAdapterOptions> = {}): LambdaAdapter => createTestAdapter({ sleep: time.sleep, clock: time.clock }, options);

  it('retries exhausted: maxRetries + 1 attempts, retries-exhausted, retryable', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejects(awsError('TooManyRequestsException', 429, 'Rate exceeded'));

    // Act
    const error = await rejectionOf(createAdapter({ retry: { maxRetries: 2 } }).invoke({}));

    // Assess
    expect(error).toBeInstanceOf(LambdaRetriesExhaustedError);
    expect(failureOf(error)).toEqual({ reason: 'retries-exhausted', retryable: true, attempts: 3 });
  });

  it('retries exhausted by timeouts: reason timeout', async () => {
    // Prepare: a client whose every attempt outlives the 1 ms limit
    jest.useFakeTimers({ doNotFake: ['Date'] });
    try {
      lambdaMock.on(InvokeCommand).callsFake(() => new Promise(() => undefined));
      const pending = rejectionOf(createAdapter({ timeoutMs: 1, retry: { maxRetries: 1 } }).invoke({}));

      // Act
      await jest.advanceTimersByTimeAsync(1);
      await jest.advanceTimersByTimeAsync(1);
      const error = await pending;

      // Assess
      expect(error).toBeInstanceOf(LambdaRetriesExhaustedError);
      expect((error as Error).cause).toBeInstanceOf(LambdaTimeoutError);
      expect((error as Error).cause).toMatchObject({ attempt: 2, attempts: 2, reason: 'timeout' });
      expect(failureOf(error)).toEqual({ reason: 'timeout', retryable: true, attempts: 2 });
    } finally {
      jest.useRealTimers();
    }
  });

  it.each([
    ['ResourceNotFoundException', 404, 'function-not-found'],
    ['AccessDeniedException', 403, 'invoke-rejected'],
  ])('a refused invocation (%s) after one retry: 2 attempts, %s', async (name, status, reason) => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejectsOnce(networkError('ECONNRESET')).rejects(awsError(name, status));

    // Act
    const error = await rejectionOf(createAdapter().invoke({}));

    // Assess
    expect(error).toBeInstanceOf(LambdaInvocationError);
    expect(failureOf(error)).toEqual({ reason, retryable: false, attempts: 2 });
  });

  it('a function error: the attempt that got the answer, function-error, not retryable', async () => {
    // Prepare
    lambdaMock
      .on(InvokeCommand)
      .rejectsOnce(awsError('ServiceException', 500))
      .resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: body({ errorType: 'TypeError', errorMessage: 'boom' }) });
    const logger = recordingLogger();

    // Act
    const error = await rejectionOf(createAdapter({ logger }).invoke({}));

    // Assess
    expect(error).toBeInstanceOf(LambdaFunctionError);
    expect(failureOf(error)).toEqual({ reason: 'function-error', retryable: false, attempts: 2 });
    expect(logger.lines.filter((line) => line.level === 'error').map((line) => line.fields['attempts'])).toEqual([2]);
  });

  it('refused before any attempt: 0 attempts (open circuit, payload too large, rate limited)', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejects(awsError('ServiceException', 500));
    const open = createAdapter({ retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 1 } });
    await rejectionOf(open.invoke({}));
    const limited = createAdapter({ rateLimit: { perSecond: 1, burst: 1, maxWaitMs: 1 } });
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({}) });
    await limited.invoke({});

    // Act
    const circuit = await rejectionOf(open.invoke({}));
    const tooLarge = await rejectionOf(createAdapter().invoke('x'.repeat(MAX_ASYNC_PAYLOAD_BYTES), { invocationType: 'Event' }));
    const rateLimited = await rejectionOf(limited.invoke({}));

    // Assess
    expect(circuit).toBeInstanceOf(CircuitOpenError);
    expect(failureOf(circuit)).toEqual({ reason: 'circuit-open', retryable: true, attempts: 0 });
    expect(tooLarge).toBeInstanceOf(PayloadTooLargeError);
    expect(failureOf(tooLarge)).toEqual({ reason: 'payload-too-large', retryable: false, attempts: 0 });
    expect(rateLimited).toBeInstanceOf(RateLimitedError);
    expect(failureOf(rateLimited)).toEqual({ reason: 'rate-limited', retryable: true, attempts: 0 });
  });
});
