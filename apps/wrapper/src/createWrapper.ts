import { Metrics } from '@aws-lambda-powertools/metrics';
import { createLogger, wrapperFunctionName } from '@twinflow/core';
import { healthReport } from '@twinflow/health';
import type { Clock, HealthReport } from '@twinflow/health';
import { LambdaAdapter } from '@twinflow/lambda-adapter';
import { createLambdaClient, failureStoreFromEnv } from '@twinflow/runtime';
import { METRICS_NAMESPACE, PERSISTER_CIRCUIT_BREAKER, PERSISTER_RETRY, PERSISTER_TIMEOUT_MS } from './constants';
import { contextualLogger } from './logContext';
import { parseWrapperInput } from './parseWrapperInput';
import { processBatch } from './processBatch';
import { ProcessorAdapters } from './ProcessorAdapters';
import type { WrapperDeps, WrapperHandler } from './types';
import { createEventValidator } from './validateEvent';
import { readWrapperEnv } from './wrapperEnv';

/**
 * Builds the `{twin}-processor-wrapper` handler. Everything long-lived is created here, once per
 * handler: the Lambda client, the metrics sink, the persister adapter, and the map of processor
 * adapters (one per processor function, created on first use) whose circuit breakers and health
 * trackers therefore span every warm invocation of the container. Every adapter records on the one
 * sink, each metric its own single-metric EMF line written when recorded (nothing is stored, so
 * nothing is published per invocation).
 *
 * The handler takes `{ events: TelemetryEvent[] }` (in an `ExecuteRequest` envelope or bare, or one
 * bare event), invokes each device's processor (`RequestResponse`, up to `PROCESSOR_BATCH_SIZE`
 * readings of the device per invocation, at most `PROCESSOR_CONCURRENCY` invocations at once), hands the results to the persister (`Event`, `{ records: [{ event, data }] }`) and
 * parks every reading that fails in the failure store. `{ action: 'health' }` returns the health report.
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
  const logger = (deps.logger ?? createLogger()).child({ service, twin: env.twin });
  const adapterLogger = contextualLogger(logger);
  const client = deps.lambdaClient ?? createLambdaClient({ region: env.region, endpoint: env.lambdaEndpoint });
  const metrics = deps.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service });
  const timing = { ...(clock === undefined ? {} : { clock }), ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }) };

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
    logger,
    validate: createEventValidator(env.twin),
    processors,
    persister,
    failureStore: deps.failureStore,
    now,
    processorTimeoutMs: env.processorTimeoutMs,
    processorConcurrency: env.processorConcurrency,
    processorBatchSize: env.processorBatchSize,
  };
  const health = (): HealthReport => healthReport([...processors.trackers(), persister.healthTracker], clock === undefined ? {} : { clock });

  return async (event, context) => {
    const input = parseWrapperInput(event);
    if (input.kind === 'health') return health();
    const { kind: _kind, ...batch } = input;
    const summary = await processBatch(runtime, batch, context);
    return { ...summary, health: health() };
  };
}

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
