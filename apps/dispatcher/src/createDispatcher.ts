import { randomUUID } from 'node:crypto';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createLogger, dispatcherFunctionName } from '@twinflow/core';
import type { FailureRecord, Logger } from '@twinflow/core';
import { healthReport } from '@twinflow/health';
import { LambdaAdapter } from '@twinflow/lambda-adapter';
import { createReceiveClock } from '@twinflow/payload-mappers';
import { createFailureRecord, createLambdaClient } from '@twinflow/runtime';
import { checkReading } from './checkReading';
import type { AcceptedReading, CheckedReading, RejectedReading } from './checkReading';
import { METRICS_NAMESPACE, WRAPPER_CIRCUIT_BREAKER, WRAPPER_RETRY, WRAPPER_TIMEOUT_MS } from './constants';
import { dispatchToWrapper } from './dispatchToWrapper';
import { readBatch } from './readBatch';
import type { DispatchResult, DispatcherDeps, DispatcherHandler, DispatcherResult } from './types';

/**
 * Builds the dispatcher handler (`{twin}-dispatcher`). Each reading is parsed (JSON text),
 * stamped with its receive time when it carries none, normalized, checked against the device
 * registry and handed to the wrapper in `Event` invocations of `WRAPPER_BATCH_SIZE` events (under
 * 200 KB each). A reading that fails any step, or whose hand-off fails after the adapter's
 * retries, becomes one failure record (stage `dispatch`, `original` = the reading as received, or
 * as stamped once normalized, so that a replay reproduces the same event: see `checkReading`);
 * all records of an invocation go to the failure store in one `put`. Every normalized reading's
 * result and failure record name its hot-table key (`deviceId`, `timestamp`) and `eventId`.
 * Hostile input never throws; only a failing failure store rejects, so Lambda's async retries and
 * on-failure destination keep the invocation.
 *
 * The adapter (its client, breaker, health tracker and metrics) and the receive clock (per-device,
 * strictly increasing stamps) are built here, once per container.
 *
 * @example
 * ```ts
 * const dispatch = createDispatcher({ env, devices: createDeviceLookup(registry), failureStore: new MemoryFailureStore() });
 * const result = await dispatch({ device_id: 'thermostat-1', temperature: 70 });
 * // { received: 1, dispatched: 1, failed: 0, results: [{ index: 0, status: 'dispatched', ... }], health: { ... } }
 * ```
 */
export function createDispatcher(deps: DispatcherDeps): DispatcherHandler {
  const { env, devices, failureStore } = deps;
  const now = deps.now ?? Date.now;
  const clock = { now };
  const service = dispatcherFunctionName(env.twin, env.stage);
  const logger = (deps.logger ?? createLogger()).child({ service, twin: env.twin });
  const adapter = new LambdaAdapter({
    functionName: env.wrapperFunction,
    invocationType: 'Event',
    client: deps.lambdaClient ?? createLambdaClient({ region: env.region, endpoint: env.lambdaEndpoint }),
    retry: WRAPPER_RETRY,
    timeoutMs: WRAPPER_TIMEOUT_MS,
    circuitBreaker: WRAPPER_CIRCUIT_BREAKER,
    logger,
    // Each metric is its own single-metric EMF line, written when recorded: nothing is stored, nothing to publish per invocation.
    metrics: deps.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service }),
    clock,
    sleep: deps.sleep,
    random: deps.random,
  });
  const health = () => healthReport([adapter.healthTracker], { clock });
  const receiveClock = createReceiveClock({ now });

  return async (event, context) => {
    const input = readBatch(event);
    if (input.kind === 'health') return health();

    const checkOptions = { twin: env.twin, maxBytes: env.maxReadingBytes, devices, now, receiveClock };
    const checked = input.readings.map((original, index) => checkReading(original, index, checkOptions));
    const outcomes = await dispatchToWrapper(
      checked.filter((reading): reading is AcceptedReading => reading.ok),
      {
        adapter,
        batchSize: env.wrapperBatchSize,
        maxRetries: WRAPPER_RETRY.maxRetries,
        requestIdBase: context?.awsRequestId ?? randomUUID(),
        trigger: input.trigger,
        source: service,
        now,
      },
    );

    // Final state of every reading, in input order: rejected up front, or after its hand-off.
    const settled: Array<CheckedReading & { requestId?: string }> = [...checked];
    for (const { reading, requestId, failure } of outcomes) {
      const { deviceId, eventId, timestamp } = reading.event;
      settled[reading.index] = failure ? { ok: false, index: reading.index, original: reading.original, ...failure, deviceId, eventId, timestamp } : { ...reading, requestId };
    }

    const records: FailureRecord[] = [];
    const results = settled.map((reading): DispatchResult => {
      const log = readingLogger(logger, reading);
      if (reading.ok) {
        log.info('reading dispatched', { index: reading.index, requestId: reading.requestId, function: adapter.functionName });
        const { deviceId, eventId, timestamp } = reading.event;
        return { index: reading.index, status: 'dispatched', deviceId, eventId, timestamp };
      }
      log.warn('reading failed', { index: reading.index, stage: 'dispatch', reason: reading.reason, error: reading.error });
      records.push(toFailureRecord(env.twin, reading, now));
      return failedResult(reading);
    });

    if (records.length > 0) {
      try {
        await failureStore.put(records);
      } catch (error) {
        logger.error('failure store unavailable: failed readings not kept', { count: records.length, error });
        throw error;
      }
    }
    const dispatched = results.filter((result) => result.status === 'dispatched').length;
    const summary: DispatcherResult = { received: results.length, dispatched, failed: records.length, results, health: health() };
    logger.info('dispatch finished', { received: summary.received, dispatched, failed: summary.failed, trigger: input.trigger });
    return summary;
  };
}

/** Every line about a reading names it; `null` says "not known" (the reading could not be read). */
function readingLogger(logger: Logger, reading: CheckedReading): Logger {
  if (reading.ok) return logger.child({ deviceId: reading.event.deviceId, eventId: reading.event.eventId });
  return logger.child({ deviceId: reading.deviceId ?? null, eventId: reading.eventId ?? null });
}

function toFailureRecord(twin: string, reading: RejectedReading, now: () => number): FailureRecord {
  return createFailureRecord({
    twin,
    stage: 'dispatch',
    error: reading.error,
    original: reading.original,
    reason: reading.reason,
    attempts: reading.attempts,
    now,
    ...(reading.deviceId === undefined ? {} : { deviceId: reading.deviceId }),
    ...(reading.eventId === undefined ? {} : { eventId: reading.eventId }),
    timestamp: reading.timestamp,
  });
}

function failedResult(reading: RejectedReading): DispatchResult {
  const result: DispatchResult = { index: reading.index, status: 'failed', reason: reading.reason };
  if (reading.deviceId !== undefined) result.deviceId = reading.deviceId;
  if (reading.eventId !== undefined) result.eventId = reading.eventId;
  if (reading.timestamp !== undefined) result.timestamp = reading.timestamp;
  return result;
}
