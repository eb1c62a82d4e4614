import 'aws-sdk-client-mock-jest';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { MemoryMetrics, RateLimitedError, RateLimiter } from '../../src';
import type { LambdaAdapter, LambdaAdapterOptions } from '../../src';
import { body, createTestAdapter, recordingLogger, TEST_FUNCTION } from './helpers';
import { fakeTime, rejectionOf } from './roadmap/fakes';
import type { FakeTime } from './roadmap/fakes';

const lambdaMock = mockClient(LambdaClient);
const request = { requestId: 'r1', timestamp: '2026-11-24T08:00:00.000Z', trigger: 'telemetry', payload: {} };

describe('LambdaAdapter with a rate limit', () => {
  let time: FakeTime;
  let metrics: MemoryMetrics;

  beforeEach(() => {
    lambdaMock.reset();
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ success: true }) });
    time = fakeTime();
    metrics = new MemoryMetrics();
  });

  const createAdapter = (options: Partial<LambdaAdapterOptions> = {}): LambdaAdapter =>
    createTestAdapter({ sleep: time.sleep, clock: time.clock }, { metrics, ...options });

  it("lets a burst through at once, then waits for tokens with the adapter's sleep", async () => {
    // Prepare
    const adapter = createAdapter({ rateLimit: { perSecond: 10, burst: 2, maxWaitMs: 1_000 } });

    // Act
    for (let i = 0; i < 4; i += 1) await adapter.invoke({ i });

    // Assess
    expect(time.waits).toEqual([100, 100]);
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 4);
    expect(metrics.count(TEST_FUNCTION, 'RateLimited')).toBe(0);
  });

  it('refuses a call that would wait longer than maxWaitMs with RateLimitedError, without calling Lambda', async () => {
    // Prepare
    const logger = recordingLogger();
    const adapter = createAdapter({ rateLimit: { perSecond: 1, burst: 1, maxWaitMs: 0 }, logger });
    await adapter.invoke({});

    // Act
    const error = await rejectionOf(adapter.invoke({}, { requestId: 'req-9' }));

    // Assess
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ functionName: TEST_FUNCTION, waitMs: 1_000, maxWaitMs: 0, retryable: true });
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 1);
    expect(time.waits).toEqual([]); // not retried, not waited for
    expect(metrics.count(TEST_FUNCTION, 'RateLimited')).toBe(1);
    expect(metrics.count(TEST_FUNCTION, 'ErrorsByType', 'RateLimitedError')).toBe(1);
    expect(adapter.health()).toMatchObject({ totalRequests: 1, totalFailures: 0, circuit: 'closed' });
    expect(logger.lines.at(-1)).toEqual({
      level: 'warn',
      message: 'lambda invoke rejected: rate limited',
      fields: { functionName: TEST_FUNCTION, requestId: 'req-9', waitMs: 1_000, maxWaitMs: 0 },
    });
  });

  it('answers a refused execute with success: false and a retryable RateLimitedError', async () => {
    // Prepare
    const adapter = createAdapter({ rateLimit: { perSecond: 1, burst: 1, maxWaitMs: 0 } });
    await adapter.execute(request);

    // Act
    const response = await adapter.execute(request);

    // Assess
    expect(response).toMatchObject({ success: false, errorDetails: { type: 'RateLimitedError', code: 'RATE_LIMITED', retryable: true }, targets: [] });
    expect(response.error).toContain('Rate limit for "demo-thermostat-1-processor"');
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 1);
  });

  it('bounds several adapters together with one shared RateLimiter', async () => {
    // Prepare
    const limiter = new RateLimiter({ perSecond: 1, burst: 2, maxWaitMs: 0, clock: time.clock, sleep: time.sleep });
    const one = createAdapter({ rateLimit: limiter });
    const other = createAdapter({ rateLimit: limiter, functionName: 'demo-pump-2-processor' });

    // Act
    await one.invoke({});
    await other.invoke({});
    const refused = await rejectionOf(one.invoke({}));

    // Assess
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 2);
  });

  it('takes no token for a payload over the size limit', async () => {
    // Prepare
    const limiter = new RateLimiter({ perSecond: 1, burst: 1, maxWaitMs: 0, clock: time.clock });
    const adapter = createAdapter({ rateLimit: limiter });

    // Act
    await rejectionOf(adapter.invoke({ big: 'x'.repeat(300 * 1024) }, { invocationType: 'Event' }));

    // Assess
    expect(limiter.available()).toBe(1);
  });

  it('runs the limiter before the circuit: an open circuit still takes a token, and nothing reaches Lambda', async () => {
    // Prepare
    lambdaMock.reset();
    lambdaMock.on(InvokeCommand).rejects(Object.assign(new Error('down'), { name: 'ServiceException', $metadata: { httpStatusCode: 500 } }));
    const limiter = new RateLimiter({ perSecond: 1, burst: 3, maxWaitMs: 0, clock: time.clock });
    const adapter = createAdapter({ rateLimit: limiter, retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 1 } });
    await rejectionOf(adapter.invoke({}));

    // Act
    const rejected = await rejectionOf(adapter.invoke({}));

    // Assess
    expect(rejected).toMatchObject({ name: 'CircuitOpenError' });
    expect(limiter.available()).toBe(1);
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 1);
  });
});
