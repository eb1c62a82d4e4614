import 'aws-sdk-client-mock-jest';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { MemoryMetrics } from '../../src';
import type { LambdaAdapter, LambdaAdapterOptions } from '../../src';
import { awsError, body, createTestAdapter, networkError, TEST_FUNCTION } from './helpers';
import { fakeTime, rejectionOf } from './roadmap/fakes';
import type { FakeTime } from './roadmap/fakes';

const lambdaMock = mockClient(LambdaClient);
const request = { requestId: 'r1', timestamp: '2026-11-24T08:00:00.000Z', trigger: 'telemetry', payload: {} };

describe('LambdaAdapter metrics', () => {
  let time: FakeTime;
  let metrics: MemoryMetrics;

  beforeEach(() => {
    lambdaMock.reset();
    time = fakeTime();
    metrics = new MemoryMetrics();
  });

  // random 0.5: backoff delays 250, 500, 1000 ms, and the fake sleep moves the clock by them.
  const createAdapter = (options: Partial<LambdaAdapterOptions> = {}): LambdaAdapter =>
    createTestAdapter({ sleep: time.sleep, clock: time.clock }, { metrics, ...options });
  const fn = (): ReturnType<MemoryMetrics['snapshot']>[string] | undefined => metrics.snapshot()[TEST_FUNCTION];

  it('counts one invocation and one duration per call, and nothing else for a success', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ success: true }) });
    const adapter = createAdapter();

    // Act
    await adapter.invoke({});
    await adapter.execute(request);

    // Assess
    expect(fn()).toEqual({ counts: { Invocations: 2 }, errorsByType: {}, durations: { Duration: { count: 2, p50: 0, p99: 0 } } });
  });

  it('counts retries and throttled attempts, and one error by class when retries run out; the duration includes the waits', async () => {
    // Prepare
    lambdaMock
      .on(InvokeCommand)
      .rejectsOnce(awsError('TooManyRequestsException', 429, 'Rate exceeded'))
      .rejectsOnce(networkError('ECONNRESET'))
      .rejects(awsError('ThrottlingException', 400));
    const adapter = createAdapter({ retry: { maxRetries: 2 } });

    // Act
    await rejectionOf(adapter.invoke({}));

    // Assess
    expect(fn()?.counts).toEqual({ Invocations: 1, Retries: 2, Throttles: 2, Errors: 1, ErrorsByType: 1 });
    expect(fn()?.errorsByType).toEqual({ LambdaRetriesExhaustedError: 1 });
    expect(fn()?.durations['Duration']).toEqual({ count: 1, p50: 750, p99: 750 });
  });

  it('counts a success after retries as retries without an error', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejectsOnce(awsError('ServiceException', 500)).resolves({ StatusCode: 200, Payload: body({}) });
    const adapter = createAdapter();

    // Act
    await adapter.invoke({});

    // Assess
    expect(fn()?.counts).toEqual({ Invocations: 1, Retries: 1 });
    expect(fn()?.durations['Duration']?.p50).toBe(250);
  });

  it('counts circuit-open rejections, and each as an error of its class', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejects(awsError('ServiceException', 500));
    const adapter = createAdapter({ retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 1 } });
    await rejectionOf(adapter.invoke({}));

    // Act
    await rejectionOf(adapter.invoke({}));
    await adapter.execute(request);

    // Assess
    expect(fn()?.counts).toMatchObject({ Invocations: 3, CircuitOpenRejections: 2, Errors: 3 });
    expect(fn()?.errorsByType).toEqual({ LambdaRetriesExhaustedError: 1, CircuitOpenError: 2 });
  });

  it('counts function errors, non-retryable errors and success: false answers by their type', async () => {
    // Prepare
    lambdaMock
      .on(InvokeCommand)
      .resolvesOnce({ StatusCode: 200, FunctionError: 'Unhandled', Payload: body({ errorType: 'TypeError', errorMessage: 'x' }) })
      .rejectsOnce(awsError('ResourceNotFoundException', 404))
      .resolvesOnce({ StatusCode: 200, Payload: body({ success: false, error: { type: 'QuotaExceeded', message: 'no more' } }) })
      .resolves({ StatusCode: 200, Payload: body({ success: false }) });
    const adapter = createAdapter();

    // Act
    await rejectionOf(adapter.invoke({}));
    await rejectionOf(adapter.invoke({}));
    await adapter.execute(request);
    await adapter.execute(request);

    // Assess
    expect(fn()?.errorsByType).toEqual({ LambdaFunctionError: 1, LambdaInvocationError: 1, QuotaExceeded: 1, UnsuccessfulResponse: 1 });
    expect(fn()?.counts).toMatchObject({ Invocations: 4, Errors: 4 });
    expect(fn()?.counts).not.toHaveProperty('Retries');
  });

  it('records nothing for a call rejected as invalid before it starts', async () => {
    // Prepare
    const adapter = createAdapter();

    // Act
    await rejectionOf(adapter.invoke({}, { timeoutMs: 0 }));
    await adapter.execute({ nonsense: true } as never);

    // Assess
    expect(fn()).toBeUndefined();
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 0);
  });

  it('never lets a failing sink break the call', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ ok: true }) });
    const broken = { addMetric: () => undefined, addDimension: () => undefined, publishStoredMetrics: () => undefined, singleMetric: () => { throw new Error('sink down'); } };
    const adapter = createAdapter({ metrics: broken });

    // Act
    const result = await adapter.invoke({});

    // Assess
    expect(result.payload).toEqual({ ok: true });
  });

  it('takes a Powertools Metrics instance as the sink', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({}) });
    const powertools = new Metrics({ namespace: 'twinflow', serviceName: 'wrapper' });
    const single = jest.spyOn(powertools, 'singleMetric');
    const adapter = createAdapter({ metrics: powertools });
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);

    // Act
    try {
      await adapter.invoke({});
    } finally {
      write.mockRestore();
    }

    // Assess
    expect(single).toHaveBeenCalledTimes(2); // Invocations, Duration
  });
});
