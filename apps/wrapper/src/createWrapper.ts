import { readCircuitReset, readWrapperInput, wrapperFunctionName } from '@twinflow/core';
import { healthReport } from '@twinflow/health';
import type { Clock, HealthReport } from '@twinflow/health';
import { LambdaAdapter } from '@twinflow/lambda-adapter';
import { createLambdaClient, createService, createServiceLogger, failureStoreFromEnv, serviceMetrics } from '@twinflow/runtime';
import type { ReadingOutcome, ServiceVocabulary } from '@twinflow/runtime';
import { PERSISTER_CIRCUIT_BREAKER, PERSISTER_RETRY, PERSISTER_TIMEOUT_MS } from './constants';
import { contextualLogger } from './logContext';
import { processBatch } from './processBatch';
import { ProcessorAdapters } from './ProcessorAdapters';
import { resetCircuit } from './resetCircuit';
import type { ReadingResult, WrapperDeps, WrapperHandler, WrapperResult } from './types';
import { readWrapperEnv } from './wrapperEnv';

/**
 * Builds the `{twin}-processor-wrapper` handler. Everything long-lived is created here, once per
 * handler: the Lambda client, the metrics sink, the persister adapter, and the map of processor
 * adapters (one per processor function, created on first use) whose circuit breakers and health
 * trackers therefore span every warm invocation of the container.
 *
 * The handler takes `{ events: TelemetryEvent[] }` (in an `ExecuteRequest` envelope or bare, or one
 * bare event), invokes each device's processor (`RequestResponse`, up to `PROCESSOR_BATCH_SIZE`
 * readings of the device per invocation, at most `PROCESSOR_CONCURRENCY` invocations at once),
 * hands the results to the persister (`Event`, `{ records: [{ event, data }] }`) and parks every
 * reading that fails (see `processBatch`); the service shell (`createService`) answers
 * `{ action: 'health' }`, logs every reading, keeps the failure records with one `put` and
 * returns the summary. A circuit-reset control event (`{ action: 'reset-circuit', functionName }`,
 * core's `circuitResetEvent`, sent by the local twin after it installed new code) closes that
 * processor's breaker and clears its health window (see `resetCircuit`).
 *
 * @example
 * ```ts
 * const wrapper = createWrapper({ env: readWrapperEnv(process.env), failureStore: new MemoryFailureStore() });
 * const result = await wrapper({ events: [event] }, context);
 * // { received: 1, processed: 1, failed: 0, results: [{ eventId, deviceId, status: 'processed' }], health }
 * ```
 */
export function createWrapper(deps: WrapperDeps): WrapperHandler {
  const { env } = deps;
  const now = deps.now ?? Date.now;
  const clock: Clock | undefined = deps.now === undefined ? undefined : { now: deps.now };
  const service = wrapperFunctionName(env.twin, env.stage);
  const logger = deps.logger ?? createServiceLogger({ serviceName: service, fields: { twin: env.twin } });
  // Processor adapters are shared by every reading of a device, several at once: their lines name the reading in context.
  const adapterLogger = contextualLogger(deps.logger === undefined ? logger : logger.child({ service, twin: env.twin }));
  const client = deps.lambdaClient ?? createLambdaClient({ region: env.region, endpoint: env.lambdaEndpoint });
  const metrics = deps.metrics ?? serviceMetrics(service);
  const timing = { clock, sleep: deps.sleep };

  const processors = new ProcessorAdapters({ client, stage: env.stage, timeoutMs: env.processorTimeoutMs, logger: adapterLogger, metrics, ...timing });
  const persister = new LambdaAdapter({
    functionName: env.persisterFunction,
    invocationType: 'Event',
    client,
    retry: PERSISTER_RETRY,
    timeoutMs: PERSISTER_TIMEOUT_MS,
    circuitBreaker: PERSISTER_CIRCUIT_BREAKER,
    logger: adapterLogger,
    metrics,
    ...timing,
  });
  const runtime = {
    twin: env.twin,
    service,
    processors,
    persister,
    now,
    processorTimeoutMs: env.processorTimeoutMs,
    processorConcurrency: env.processorConcurrency,
    processorBatchSize: env.processorBatchSize,
  };
  const health = (): HealthReport => healthReport([...processors.trackers(), persister.healthTracker], { clock });

  const serve = createService({
    name: service,
    twin: env.twin,
    stage: 'process',
    logger,
    failureStore: deps.failureStore,
    now,
    health,
    read: readWrapperInput,
    vocabulary: WRAPPER_VOCABULARY,
    run: (work) => processBatch(runtime, work),
  });
  const scope = { twin: env.twin, stage: env.stage };
  return async (event, context) => {
    // A control event, like the health check, is answered before any reading is looked for.
    const reset = readCircuitReset(event, scope);
    if (reset !== undefined) return resetCircuit(processors, reset, logger, clock);
    return (await serve(event, context)) as WrapperResult | HealthReport;
  };
}

const WRAPPER_VOCABULARY: ServiceVocabulary<ReadingResult> = {
  result: (outcome: ReadingOutcome): ReadingResult => {
    const shown = outcome.status === 'parked' ? outcome.shown : undefined;
    const ids = { eventId: shown?.eventId ?? outcome.ids.eventId ?? '', deviceId: shown?.deviceId ?? outcome.ids.deviceId ?? '' };
    return outcome.status === 'parked' ? { ...ids, status: 'failed', reason: outcome.reason } : { ...ids, status: 'processed' };
  },
  settledLine: () => 'reading processed',
  finishedLine: 'batch done',
  counts: { processed: 'processed' },
};

/**
 * The dependencies of the deployed wrapper, from its environment (`TWIN_NAME`, `FAILURE_STORE`, ...).
 *
 * @throws ServiceConfigError naming the variable
 * @example
 * ```ts
 * const wrapper = createWrapper(wrapperDepsFromEnv(process.env));
 * ```
 */
export function wrapperDepsFromEnv(source: NodeJS.ProcessEnv): WrapperDeps {
  const env = readWrapperEnv(source);
  return { env, failureStore: failureStoreFromEnv(env) };
}
