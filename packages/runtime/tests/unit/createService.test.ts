import { createLogger, readPersisterInput, readWrapperInput, UnknownDeviceError } from '@twinflow/core';
import type { FailureRecord } from '@twinflow/core';
import { CircuitOpenError, HealthTracker, healthReport } from '@twinflow/health';
import { LambdaRetriesExhaustedError } from '@twinflow/lambda-adapter';
import { createService, createServiceLogger, FailureStoreError, MemoryFailureStore, parked } from '../../src';
import type { ReadingOutcome, ServiceOptions, ServiceVocabulary, ServiceWork } from '../../src';

type Line = Record<string, unknown>;
type Result = { index: number; status: string; reason?: string };

const NOW = Date.UTC(2026, 10, 24, 8, 0, 0);
const VOCABULARY: ServiceVocabulary<Result> = {
  result: (outcome) => (outcome.status === 'parked' ? { index: outcome.index, status: 'failed', reason: outcome.reason } : { index: outcome.index, status: 'done' }),
  settledLine: () => 'reading done',
  finishedLine: 'work finished',
  counts: { done: 'done' },
};
const health = () => healthReport([new HealthTracker('downstream', { clock: { now: () => NOW } })], { clock: { now: () => NOW } });

/** A service whose work is `run`, logging into `lines` through a core logger. */
function service(run: (work: ServiceWork) => Promise<ReadingOutcome[]>, overrides: Partial<ServiceOptions<Result>> = {}) {
  const lines: Line[] = [];
  const failureStore = new MemoryFailureStore();
  const logger = createLogger({ level: 'debug', now: () => NOW, write: (line) => void lines.push(JSON.parse(line) as Line) });
  const handler = createService<Result>({
    name: 'demo-thing',
    twin: 'demo',
    stage: 'process',
    logger,
    failureStore,
    now: () => NOW,
    health,
    read: readWrapperInput,
    run,
    vocabulary: VOCABULARY,
    ...overrides,
  });
  return { handler, lines, failureStore };
}

describe('createService: the one shell of every service', () => {
  it('answers a health check without running any work', async () => {
    // Prepare
    const run = jest.fn(async (): Promise<ReadingOutcome[]> => []);
    const { handler, failureStore } = service(run);

    // Act
    const report = await handler({ action: 'health' });

    // Assess
    expect(report).toEqual(health());
    expect(run).not.toHaveBeenCalled();
    expect(failureStore.records).toEqual([]);
  });

  it('hands the work its items, trigger, request id, receive time and Lambda context', async () => {
    // Prepare
    let seen: ServiceWork | undefined;
    const { handler } = service(async (work) => {
      seen = work;
      return [];
    });
    const context = { awsRequestId: 'lambda-1', getRemainingTimeInMillis: () => 1000 };

    // Act
    await handler({ requestId: 'r-7', trigger: 'replay', payload: { events: [1, 2] } }, context);

    // Assess
    expect(seen).toMatchObject({ items: [1, 2], trigger: 'replay', requestId: 'r-7', receivedAt: new Date(NOW).toISOString(), context });
    // Without an envelope, Lambda's request id names the invocation.
    await handler({ events: [] }, context);
    expect(seen?.requestId).toBe('lambda-1');
  });

  it('builds every failure record from its outcome (reason and attempts from the error) and keeps them with one put', async () => {
    // Prepare
    const put = jest.spyOn(MemoryFailureStore.prototype, 'put');
    const exhausted = new LambdaRetriesExhaustedError('demo-x-processor', 3, new Error('throttled'));
    const { handler, failureStore, lines } = service(async (work) => [
      parked(2, exhausted, { stage: 'process', original: work.items[2], ids: { deviceId: 'x', eventId: 'e2', timestamp: '2026-11-24T07:00:00.000Z' } }),
      { index: 0, status: 'dispatched', ids: { deviceId: 'x', eventId: 'e0' }, log: { function: 'demo-persister' } },
      parked(1, new CircuitOpenError('demo-x-processor', NOW + 30_000), { stage: 'persist', original: { event: work.items[1], data: {} } }),
    ]);

    // Act
    const result = await handler({ events: ['a', 'b', 'c'] });

    // Assess: one result per reading, in input order; one put with both records
    expect(result).toMatchObject({ received: 3, done: 1, failed: 2, results: [{ index: 0, status: 'done' }, { index: 1, status: 'failed', reason: 'circuit-open' }, { index: 2, status: 'failed', reason: 'retries-exhausted' }] });
    expect(put).toHaveBeenCalledTimes(1);
    expect(failureStore.records).toEqual([
      expect.objectContaining({ twin: 'demo', stage: 'persist', reason: 'circuit-open', errorType: 'CircuitOpenError', attempts: 0, original: { event: 'b', data: {} } }),
      expect.objectContaining<Partial<FailureRecord>>({ stage: 'process', reason: 'retries-exhausted', errorType: 'LambdaRetriesExhaustedError', attempts: 3, original: 'c', deviceId: 'x', eventId: 'e2', timestamp: '2026-11-24T07:00:00.000Z' }),
    ]);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', message: 'reading done', index: 0, deviceId: 'x', eventId: 'e0', function: 'demo-persister', service: 'demo-thing', twin: 'demo' }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'reading failed', index: 2, stage: 'process', reason: 'retries-exhausted', attempts: 3, deviceId: 'x' }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'reading failed', index: 1, deviceId: null, eventId: null }));
    expect(lines).toContainEqual(expect.objectContaining({ message: 'work finished', received: 3, done: 1, failed: 2 }));
  });

  it('parks an input it cannot read, whole, at its own stage', async () => {
    // Prepare
    const run = jest.fn(async (): Promise<ReadingOutcome[]> => []);
    const { handler, failureStore } = service(run, { stage: 'persist', read: readPersisterInput });

    // Act
    const result = await handler({ not: 'records' });

    // Assess
    expect(run).not.toHaveBeenCalled();
    expect(result).toMatchObject({ received: 1, failed: 1, results: [{ status: 'failed', reason: 'invalid-envelope' }] });
    expect(failureStore.records).toEqual([expect.objectContaining({ stage: 'persist', reason: 'invalid-envelope', errorType: 'EnvelopeValidationError', original: { not: 'records' } })]);
  });

  it('rejects when the failure store fails, so Lambda keeps the invocation, and says how many readings were not kept', async () => {
    // Prepare
    const error = new FailureStoreError('queue unavailable');
    const { handler, lines } = service(async () => [parked(0, new UnknownDeviceError('pump-9'), { stage: 'dispatch', original: {} })], {
      failureStore: { put: async () => Promise.reject(error) },
    });

    // Act / Assess
    await expect(handler({ events: [{}] })).rejects.toBe(error);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', message: 'failure store unavailable: failed readings not kept', failed: 1 }));
  });

  it("writes the Lambda context on every line of an invocation through the Powertools service logger", async () => {
    // Prepare
    const lines: Line[] = [];
    const logger = createServiceLogger({ serviceName: 'demo-thing', fields: { twin: 'demo' }, level: 'info', write: (line) => void lines.push(JSON.parse(line) as Line) });
    const { handler } = service(async () => [{ index: 0, status: 'stored', duplicate: false, ids: { deviceId: 'thermostat-1', eventId: 'e1' } }], { logger });
    const previousTrace = process.env['_X_AMZN_TRACE_ID'];
    process.env['_X_AMZN_TRACE_ID'] = 'Root=1-6751a1b2-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1';
    const context = {
      awsRequestId: 'req-42',
      functionName: 'demo-thing',
      invokedFunctionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:demo-thing',
      memoryLimitInMB: '256',
    };

    try {
      // Act
      await handler({ events: ['a'] }, context);
    } finally {
      if (previousTrace === undefined) delete process.env['_X_AMZN_TRACE_ID'];
      else process.env['_X_AMZN_TRACE_ID'] = previousTrace;
    }

    // Assess: the reading's line and the summary line carry the context, the service and the reading's ids
    const reading = lines.find((line) => line['message'] === 'reading done');
    expect(reading).toMatchObject({
      level: 'INFO',
      service: 'demo-thing',
      twin: 'demo',
      deviceId: 'thermostat-1',
      eventId: 'e1',
      function_request_id: 'req-42',
      function_name: 'demo-thing',
      function_arn: context.invokedFunctionArn,
      function_memory_size: '256',
      xray_trace_id: '1-6751a1b2-0123456789abcdef01234567',
    });
    expect(reading).toHaveProperty('cold_start');
    expect(lines.find((line) => line['message'] === 'work finished')).toMatchObject({ function_request_id: 'req-42', requestId: 'req-42' });
  });
});
