import 'aws-sdk-client-mock-jest';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { CircuitBreaker, HealthTracker } from '@twinflow/health';
import { CircuitOpenError, LambdaAdapter, LambdaFunctionError, LambdaInvocationError } from '../../src';
import type { LambdaAdapterOptions } from '../../src';
import { awsError, body, createTestAdapter, fakeClock, recordingSleep } from './helpers';

const lambdaMock = mockClient(LambdaClient);
const FUNCTION = 'demo-thermostat-1-processor';

const functionError = {
  StatusCode: 200,
  FunctionError: 'Unhandled',
  Payload: body({ errorType: 'Error', errorMessage: 'sensor offline' }),
};

describe('LambdaAdapter health and circuit breaker', () => {
  let clock: ReturnType<typeof fakeClock>;
  let sleeper: ReturnType<typeof recordingSleep>;

  beforeEach(() => {
    lambdaMock.reset();
    clock = fakeClock();
    sleeper = recordingSleep();
  });

  const createAdapter = (options: Partial<LambdaAdapterOptions> = {}): LambdaAdapter =>
    createTestAdapter({ sleep: sleeper.sleep, clock }, options);

  it('is healthy before any call', () => {
    // Act
    const health = createAdapter().health();

    // Assess
    expect(health).toMatchObject({ status: 'healthy', consecutiveFailures: 0, errorRate: 0, totalRequests: 0, circuit: 'closed' });
    expect(health).not.toHaveProperty('lastError');
  });

  it('turns unhealthy after 3 failed invocations and healthy again after one success', async () => {
    // Prepare
    lambdaMock
      .on(InvokeCommand)
      .resolvesOnce(functionError)
      .resolvesOnce(functionError)
      .resolvesOnce(functionError)
      .resolves({ StatusCode: 200, Payload: body({}) });
    const adapter = createAdapter();

    // Act
    await adapter.invoke({}).catch(() => undefined);
    await adapter.invoke({}).catch(() => undefined);
    const afterTwo = adapter.health();
    await adapter.invoke({}).catch(() => undefined);
    const afterThree = adapter.health();
    clock.advance(1_000);
    await adapter.invoke({});
    const afterSuccess = adapter.health();

    // Assess
    expect(afterTwo.status).toBe('healthy');
    expect(afterThree).toMatchObject({
      status: 'unhealthy',
      consecutiveFailures: 3,
      totalRequests: 3,
      errorRate: 1,
      lastError: { type: 'LambdaFunctionError', at: '2026-11-24T08:00:00.000Z' },
      circuit: 'closed',
    });
    expect(afterSuccess).toMatchObject({ status: 'healthy', consecutiveFailures: 0, totalRequests: 4, lastSuccessAt: '2026-11-24T08:00:01.000Z' });
  });

  it('records one outcome per invocation, not per attempt', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejects(awsError('ThrottlingException', 400));
    const adapter = createAdapter({ retry: { maxRetries: 3 } });

    // Act
    await adapter.invoke({}).catch(() => undefined);

    // Assess
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 4);
    expect(adapter.health()).toMatchObject({ totalRequests: 1, consecutiveFailures: 1, lastError: { type: 'LambdaRetriesExhaustedError' } });
  });

  it('opens the circuit at the threshold, rejects without calling Lambda, and closes after a successful probe', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolvesOnce(functionError).resolvesOnce(functionError).resolves({ StatusCode: 200, Payload: body({ ok: 1 }) });
    const transitions: string[] = [];
    const adapter = createAdapter({
      circuitBreaker: { failureThreshold: 2, cooldownMs: 10_000, onStateChange: (from, to) => transitions.push(`${from}->${to}`) },
    });

    // Act
    const failures = [await adapter.invoke({}).catch((e: unknown) => e), await adapter.invoke({}).catch((e: unknown) => e)];
    const rejected = await adapter.invoke({}).catch((e: unknown) => e);
    const callsWhileOpen = lambdaMock.commandCalls(InvokeCommand).length;
    const healthWhileOpen = adapter.health();
    clock.advance(10_000);
    const probe = await adapter.invoke({});

    // Assess
    expect(failures.every((e) => e instanceof LambdaFunctionError)).toBe(true);
    expect(rejected).toBeInstanceOf(CircuitOpenError);
    expect(rejected).toMatchObject({ target: FUNCTION, retryAt: Date.UTC(2026, 10, 24, 8, 0, 10), code: 'CIRCUIT_OPEN' });
    expect(callsWhileOpen).toBe(2);
    expect(healthWhileOpen).toMatchObject({ circuit: 'open', status: 'unhealthy' });
    expect(probe.payload).toEqual({ ok: 1 });
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 3);
    expect(adapter.health().circuit).toBe('closed');
    expect(transitions).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
  });

  it('reopens the circuit with a fresh cooldown when the probe fails', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves(functionError);
    const adapter = createAdapter({ circuitBreaker: { failureThreshold: 1, cooldownMs: 10_000 } });
    await adapter.invoke({}).catch(() => undefined);

    // Act
    clock.advance(10_000);
    const probeError = await adapter.invoke({}).catch((e: unknown) => e);
    clock.advance(5_000);
    const rejected = await adapter.invoke({}).catch((e: unknown) => e);

    // Assess
    expect(probeError).toBeInstanceOf(LambdaFunctionError);
    expect(rejected).toBeInstanceOf(CircuitOpenError);
    expect((rejected as CircuitOpenError).retryAt).toBe(Date.UTC(2026, 10, 24, 8, 0, 20));
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 2);
  });

  it('does not count non-retryable request errors against the circuit, but does against health', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejects(awsError('AccessDeniedException', 403));
    const adapter = createAdapter({ circuitBreaker: { failureThreshold: 2 } });

    // Act
    for (let i = 0; i < 3; i += 1) await adapter.invoke({}).catch(() => undefined);

    // Assess
    expect(adapter.circuitBreaker?.state()).toBe('closed');
    expect(adapter.health()).toMatchObject({ status: 'unhealthy', lastError: { type: 'LambdaInvocationError' } });
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 3);
  });

  it('gives back the half-open probe after a non-retryable error', async () => {
    // Prepare
    lambdaMock
      .on(InvokeCommand)
      .resolvesOnce(functionError)
      .rejectsOnce(awsError('AccessDeniedException', 403))
      .resolves({ StatusCode: 200, Payload: body({}) });
    const adapter = createAdapter({ circuitBreaker: { failureThreshold: 1, cooldownMs: 1_000 } });
    await adapter.invoke({}).catch(() => undefined);
    clock.advance(1_000);

    // Act
    const denied = await adapter.invoke({}).catch((e: unknown) => e);
    const next = await adapter.invoke({});

    // Assess
    expect(denied).toBeInstanceOf(LambdaInvocationError);
    expect(next.statusCode).toBe(200);
    expect(adapter.circuitBreaker?.state()).toBe('closed');
  });

  it('reports an injected breaker through an injected tracker', async () => {
    // Prepare
    const breaker = new CircuitBreaker({ failureThreshold: 1, clock });
    const tracker = new HealthTracker('processor', { clock });
    lambdaMock.on(InvokeCommand).resolves(functionError);
    const adapter = createAdapter({ circuitBreaker: breaker, healthTracker: tracker });

    // Act
    await adapter.invoke({}).catch(() => undefined);

    // Assess
    expect(tracker.status()).toMatchObject({ totalRequests: 1, circuit: 'closed' });
    expect(adapter.health()).toMatchObject({ totalRequests: 1, circuit: 'open', status: 'unhealthy' });
  });
});
