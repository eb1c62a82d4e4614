import { InvokeCommand, LambdaClient, ResourceNotFoundException, ServiceException, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { normalizeTelemetry } from '@twinflow/payload-mappers';
import { silentLogger } from '@twinflow/core';
import type { FailureRecord } from '@twinflow/core';
import { MemoryMetrics } from '@twinflow/lambda-adapter';
import { FailureStoreError } from '@twinflow/runtime';
import type { HealthReport } from '@twinflow/health';
import { createDispatcher } from '../../src/createDispatcher';
import { readDispatcherEnv } from '../../src/dispatcherEnv';
import { buildDispatcher, decodeRequest, devices, NOW, reading } from './fixtures';

const lambdaMock = mockClient(LambdaClient);
const throttled = () => new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });

function invokes() {
  return lambdaMock.commandCalls(InvokeCommand).map((call) => call.args[0].input);
}

describe('createDispatcher', () => {
  beforeEach(() => {
    lambdaMock.reset();
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
  });

  it('hands one reading to the wrapper as an Event invocation carrying the normalized event', async () => {
    // Prepare
    const { dispatch, failures } = buildDispatcher();
    const raw = reading();
    const expected = normalizeTelemetry(raw, { twin: 'demo', now: () => NOW });

    // Act
    const result = await dispatch(raw);

    // Assess
    expect(invokes()).toHaveLength(1);
    const input = invokes()[0];
    expect(input?.FunctionName).toBe('demo-processor-wrapper');
    expect(input?.InvocationType).toBe('Event');
    const request = decodeRequest(input);
    expect(request).toMatchObject({ requestId: 'req-1:0', trigger: 'telemetry', source: 'demo-dispatcher', timestamp: new Date(NOW).toISOString() });
    expect(request.payload.events).toEqual([expected]);
    expect(result).toMatchObject({
      received: 1,
      dispatched: 1,
      failed: 0,
      results: [{ index: 0, status: 'dispatched', deviceId: 'thermostat-1', eventId: expected.eventId }],
    });
    expect(result.health.components['demo-processor-wrapper']?.status).toBe('healthy');
    expect(failures.records).toEqual([]);
  });

  it('parks an unknown device and still delivers the other readings of the batch', async () => {
    // Prepare
    const { dispatch, failures } = buildDispatcher();
    const unknown = reading(2, 'pump-9');
    const batch = [reading(0), reading(1, 'thermostat-2'), unknown, reading(3, 'pump-1'), reading(4)];

    // Act
    const result = await dispatch(batch);

    // Assess
    expect(invokes()).toHaveLength(1);
    expect(decodeRequest(invokes()[0]).payload.events.map((e) => e.deviceId)).toEqual(['thermostat-1', 'thermostat-2', 'pump-1', 'thermostat-1']);
    expect(result).toMatchObject({ received: 5, dispatched: 4, failed: 1 });
    expect(result.results[2]).toMatchObject({ index: 2, status: 'failed', reason: 'unknown-device', deviceId: 'pump-9' });
    expect(failures.records).toHaveLength(1);
    expect(failures.records[0]).toMatchObject({
      twin: 'demo',
      stage: 'dispatch',
      reason: 'unknown-device',
      errorType: 'UnknownDeviceError',
      deviceId: 'pump-9',
      eventId: result.results[2]?.eventId,
      failedAt: new Date(NOW).toISOString(),
    });
    expect(failures.records[0]?.original).toBe(unknown);
  });

  it('reads { Records } with raw objects and JSON-string bodies, keeping each body as the original', async () => {
    // Prepare
    const { dispatch, failures } = buildDispatcher();
    const body = JSON.stringify(reading(1, 'thermostat-2'));
    const event = { Records: [reading(0), { messageId: 'm1', body }, { messageId: 'm2', body: '{broken' }] };

    // Act
    const result = await dispatch(event);

    // Assess
    expect(result).toMatchObject({ received: 3, dispatched: 2, failed: 1 });
    expect(decodeRequest(invokes()[0]).payload.events.map((e) => e.deviceId)).toEqual(['thermostat-1', 'thermostat-2']);
    expect(failures.records).toHaveLength(1);
    expect(failures.records[0]).toMatchObject({ reason: 'malformed-json', original: '{broken' });
    expect(failures.records[0]).not.toHaveProperty('deviceId');
  });

  it('accepts one reading as a JSON string', async () => {
    // Prepare
    const { dispatch } = buildDispatcher();

    // Act
    const result = await dispatch(JSON.stringify(reading()));

    // Assess
    expect(result).toMatchObject({ received: 1, dispatched: 1 });
    expect(decodeRequest(invokes()[0]).payload.events[0]?.payload).toEqual({ temperature: 20 });
  });

  it('keeps the trigger of an ExecuteRequest envelope (a replay)', async () => {
    // Prepare
    const { dispatch } = buildDispatcher();
    const envelope = { requestId: 'replay-7', timestamp: new Date(NOW).toISOString(), trigger: 'replay', source: 'failures-cli', payload: [reading(0), reading(1)] };

    // Act
    const result = await dispatch(envelope);

    // Assess
    expect(result.dispatched).toBe(2);
    expect(decodeRequest(invokes()[0]).trigger).toBe('replay');
  });

  it('groups readings into WRAPPER_BATCH_SIZE events per invocation', async () => {
    // Prepare
    const { dispatch } = buildDispatcher({ WRAPPER_BATCH_SIZE: '10' });
    const batch = Array.from({ length: 25 }, (_, i) => reading(i));

    // Act
    const result = await dispatch(batch);

    // Assess
    expect(result.dispatched).toBe(25);
    const requests = invokes().map(decodeRequest);
    expect(requests.map((r) => r.payload.events.length).sort((a, b) => a - b)).toEqual([5, 10, 10]);
    expect(new Set(requests.map((r) => r.requestId))).toEqual(new Set(['req-1:0', 'req-1:1', 'req-1:2']));
    expect(requests.flatMap((r) => r.payload.events).map((e) => e.payload['temperature'])).toHaveLength(25);
  });

  it('keeps every wrapper invocation under 200 KB, whatever the batch size', async () => {
    // Prepare: ten readings of ~30 KB would make a 300 KB invocation.
    const { dispatch } = buildDispatcher({ WRAPPER_BATCH_SIZE: '10' });
    const batch = Array.from({ length: 10 }, (_, i) => reading(i, 'thermostat-1', { blob: 'x'.repeat(30 * 1024) }));

    // Act
    const result = await dispatch(batch);

    // Assess
    expect(result.dispatched).toBe(10);
    expect(invokes().length).toBeGreaterThanOrEqual(2);
    for (const input of invokes()) expect((input.Payload as Uint8Array).byteLength).toBeLessThan(200 * 1024);
    expect(invokes().map(decodeRequest).flatMap((r) => r.payload.events)).toHaveLength(10);
  });

  it('retries a throttled hand-off with backoff and delivers it', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({ StatusCode: 202 });
    const { dispatch, failures, delays } = buildDispatcher();

    // Act
    const result = await dispatch(reading());

    // Assess
    expect(invokes()).toHaveLength(3);
    expect(delays).toEqual([50, 100]); // random 0.5 × min(100 × 2^n, 2000)
    expect(result).toMatchObject({ dispatched: 1, failed: 0 });
    expect(failures.records).toEqual([]);
  });

  it('parks every reading of a hand-off that still fails after the retries', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejects(new ServiceException({ message: 'unavailable', $metadata: { httpStatusCode: 500 } }));
    const { dispatch, failures } = buildDispatcher();
    const batch = [reading(0), reading(1), reading(2)];

    // Act
    const result = await dispatch(batch);

    // Assess
    expect(invokes()).toHaveLength(4); // 1 + maxRetries 3
    expect(result).toMatchObject({ received: 3, dispatched: 0, failed: 3 });
    expect(result.results.map((r) => r.reason)).toEqual(['retries-exhausted', 'retries-exhausted', 'retries-exhausted']);
    expect(failures.records.map((r) => r.original)).toEqual(batch);
    for (const record of failures.records) {
      expect(record).toMatchObject({ stage: 'dispatch', reason: 'retries-exhausted', errorType: 'LambdaRetriesExhaustedError', attempts: 4, deviceId: 'thermostat-1' });
      expect(record.eventId).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(result.health.components['demo-processor-wrapper']).toMatchObject({ consecutiveFailures: 1 });
  });

  describe('within its own Lambda deadline', () => {
    const context = (remaining: () => number) => ({ awsRequestId: 'req-1', getRemainingTimeInMillis: remaining });
    const resultOf = async (handler: ReturnType<typeof buildDispatcher>['handler'], event: unknown, remaining: () => number) => {
      const result = await handler(event, context(remaining));
      if (!('received' in result)) throw new Error('expected a dispatch result');
      return result;
    };

    it('parks the readings as timeout without invoking when less than the margin is left', async () => {
      // Prepare
      const { handler, failures } = buildDispatcher();
      const batch = [reading(0), reading(1)];

      // Act
      const result = await resultOf(handler, batch, () => 2_500);

      // Assess
      expect(invokes()).toHaveLength(0);
      expect(result).toMatchObject({ received: 2, dispatched: 0, failed: 2 });
      expect(failures.records.map((r) => r.original)).toEqual(batch);
      for (const record of failures.records) expect(record).toMatchObject({ stage: 'dispatch', reason: 'timeout', errorType: 'TimeBudgetExhaustedError', attempts: 0 });
    });

    it('shares the time left among the attempts of a wrapper that does not answer', async () => {
      // Prepare: the Lambda API never answers; 3500 ms left = 2000 margin + 700 backoff + 4 attempts of 200 ms
      lambdaMock.on(InvokeCommand).callsFake(() => new Promise(() => undefined));
      const { handler, failures } = buildDispatcher();

      // Act
      const result = await resultOf(handler, [reading(0)], () => 3_500);

      // Assess
      expect(invokes()).toHaveLength(4);
      expect(result).toMatchObject({ dispatched: 0, failed: 1 });
      expect(failures.records[0]).toMatchObject({ stage: 'dispatch', attempts: 4 });
      expect(failures.records[0]?.message).toContain('timed out after 200 ms');
    });

    it('reads the time left before each invocation, so a late one is parked rather than started', async () => {
      // Prepare: one reading per invocation, four in flight at once; the fifth starts when 2 s are left
      let reads = 0;
      const remaining = () => (++reads <= 4 ? 30_000 : 2_000);
      const { handler, failures } = buildDispatcher({ WRAPPER_BATCH_SIZE: '1' });

      // Act
      const result = await resultOf(handler, [reading(0), reading(1), reading(2), reading(3), reading(4)], remaining);

      // Assess
      expect(invokes()).toHaveLength(4);
      expect(result).toMatchObject({ dispatched: 4, failed: 1 });
      expect(result.results[4]).toMatchObject({ index: 4, status: 'failed', reason: 'timeout' });
      expect(failures.records.map((r) => r.errorType)).toEqual(['TimeBudgetExhaustedError']);
    });
  });

  it('parks only the readings of the failed invocation when other invocations succeed', async () => {
    // Prepare: the first invocation is rejected for good (not retried), the second goes through.
    lambdaMock
      .on(InvokeCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: 'Function not found', $metadata: { httpStatusCode: 404 } }))
      .resolves({ StatusCode: 202 });
    const { dispatch, failures } = buildDispatcher({ WRAPPER_BATCH_SIZE: '2' });

    // Act
    const result = await dispatch([reading(0), reading(1), reading(2)]);

    // Assess
    expect(invokes()).toHaveLength(2);
    expect(result).toMatchObject({ dispatched: 1, failed: 2 });
    // The error's own reason: a missing wrapper is `function-not-found`, as at every other hop (the
    // old hand-off table flattened every LambdaInvocationError to `invoke-rejected`).
    expect(failures.records.map((r) => r.reason)).toEqual(['function-not-found', 'function-not-found']);
    expect(failures.records.map((r) => r.errorType)).toEqual(['LambdaInvocationError', 'LambdaInvocationError']);
  });

  it('puts all failed readings of an invocation in one failure-store call', async () => {
    // Prepare
    const put = jest.fn(async (_records: readonly FailureRecord[]) => undefined);
    const { dispatch } = buildDispatcher({}, { failureStore: { put } });

    // Act
    await dispatch([reading(0, 'pump-9'), 'nope', reading(1), null]);

    // Assess
    expect(put).toHaveBeenCalledTimes(1);
    expect(put.mock.calls[0]?.[0].map((r) => r.reason)).toEqual(['unknown-device', 'malformed-json', 'not-an-object']);
  });

  it('rejects when the failure store fails, so Lambda keeps the invocation', async () => {
    // Prepare
    const error = new FailureStoreError('queue unavailable');
    const { dispatch, lines } = buildDispatcher({}, { failureStore: { put: async () => Promise.reject(error) } });

    // Act
    const outcome = dispatch([reading(0), reading(1, 'pump-9')]);

    // Assess
    await expect(outcome).rejects.toBe(error);
    // One shell for every service: the line names the readings not kept as `failed` (was `count` here).
    expect(lines.some((line) => line['level'] === 'error' && line['failed'] === 1)).toBe(true);
  });

  it('does not call the failure store when nothing failed', async () => {
    // Prepare
    const put = jest.fn(async () => undefined);
    const { dispatch } = buildDispatcher({}, { failureStore: { put } });

    // Act
    await dispatch([reading(0), reading(1)]);

    // Assess
    expect(put).not.toHaveBeenCalled();
  });

  it('answers { action: "health" } with a report of the wrapper, without invoking anything', async () => {
    // Prepare
    const env = readDispatcherEnv({ TWIN_NAME: 'demo', FAILURE_STORE: 'memory' }, { twinName: 'demo', region: 'eu-central-1', retentionDays: 30, maxReadingBytes: 65536, stages: ['dev'] });
    const handler = createDispatcher({
      env,
      devices,
      failureStore: { put: async () => undefined },
      lambdaClient: new LambdaClient({ region: 'eu-central-1' }),
      logger: silentLogger,
      metrics: new MemoryMetrics(),
      now: () => NOW,
    });

    // Act
    const report = (await handler({ action: 'health' })) as HealthReport;

    // Assess
    expect(invokes()).toHaveLength(0);
    expect(report).toMatchObject({ status: 'healthy', generatedAt: new Date(NOW).toISOString() });
    expect(Object.keys(report.components)).toEqual(['demo-processor-wrapper']);
    expect(report.components['demo-processor-wrapper']).toMatchObject({ status: 'healthy', circuit: 'closed', totalRequests: 0 });
  });

  it('treats a reading with an action field as a reading, not a health check', async () => {
    // Prepare
    const { dispatch } = buildDispatcher();

    // Act
    const result = await dispatch(reading(0, 'thermostat-1', { action: 'health' }));

    // Assess
    expect(result.dispatched).toBe(1);
    expect(decodeRequest(invokes()[0]).payload.events[0]?.payload).toMatchObject({ action: 'health' });
  });
});
