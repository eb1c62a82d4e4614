import { dispatcherFunctionName, readDispatcherInput } from '@twinflow/core';
import { healthReport } from '@twinflow/health';
import { LambdaAdapter } from '@twinflow/lambda-adapter';
import { createReceiveClock } from '@twinflow/payload-mappers';
import { attemptBudget, createLambdaClient, createService, createServiceLogger, serviceMetrics } from '@twinflow/runtime';
import type { Parked, ReadingOutcome, ServiceVocabulary } from '@twinflow/runtime';
import { checkReading } from './checkReading';
import type { AcceptedReading } from './checkReading';
import { WRAPPER_CIRCUIT_BREAKER, WRAPPER_RETRY, WRAPPER_TIMEOUT_MS } from './constants';
import { dispatchToWrapper } from './dispatchToWrapper';
import type { DispatchResult, DispatcherDeps, DispatcherHandler } from './types';

/**
 * Builds the dispatcher handler (`{twin}-dispatcher`). Each reading is parsed (JSON text),
 * stamped with its receive time when it carries none, normalized, checked against the device
 * registry and handed to the wrapper in `Event` invocations of `WRAPPER_BATCH_SIZE` events (under
 * 200 KB each). A reading that fails any step, or whose hand-off fails after the adapter's
 * retries (all of them bounded by the invocation's remaining time), is parked (stage `dispatch`,
 * `original` = the reading as received, or as stamped once normalized, so that a replay
 * reproduces the same event: see `checkReading`). The service shell
 * (`createService`) answers health checks, logs every reading, keeps the failure records with one
 * `put` and returns the summary; only a failing failure store rejects.
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
  const { env, devices } = deps;
  const now = deps.now ?? Date.now;
  const clock = { now };
  const name = dispatcherFunctionName(env.twin, env.stage);
  const logger = deps.logger ?? createServiceLogger({ serviceName: name, fields: { twin: env.twin } });
  const adapter = new LambdaAdapter({
    functionName: env.wrapperFunction,
    invocationType: 'Event',
    client: deps.lambdaClient ?? createLambdaClient({ region: env.region, endpoint: env.lambdaEndpoint }),
    retry: WRAPPER_RETRY,
    timeoutMs: WRAPPER_TIMEOUT_MS,
    circuitBreaker: WRAPPER_CIRCUIT_BREAKER,
    logger: deps.logger === undefined ? logger : logger.child({ service: name, twin: env.twin }),
    metrics: deps.metrics ?? serviceMetrics(name),
    clock,
    sleep: deps.sleep,
    random: deps.random,
  });
  const health = () => healthReport([adapter.healthTracker], { clock });
  const receiveClock = createReceiveClock({ now });

  return createService({
    name,
    twin: env.twin,
    stage: 'dispatch',
    logger,
    failureStore: deps.failureStore,
    now,
    health,
    read: readDispatcherInput,
    vocabulary: DISPATCHER_VOCABULARY,
    run: async (work) => {
      const checkOptions = { twin: env.twin, maxBytes: env.maxReadingBytes, devices, now, receiveClock };
      const checked = work.items.map((original, index) => checkReading(original, index, checkOptions));
      const accepted = checked.filter((reading): reading is AcceptedReading => !('status' in reading));
      const rejected = checked.filter((reading): reading is Parked => 'status' in reading);
      // Lambda's request id names the hand-offs (unique per invocation; an envelope's id may come back with every replay).
      const requestIdBase = work.context?.awsRequestId ?? work.requestId;
      // Every hand-off, retries included, ends before the dispatcher's own deadline (less 2 s for the failure store).
      const budget = () => attemptBudget(WRAPPER_TIMEOUT_MS, work.context, WRAPPER_RETRY);
      const handedOff = await dispatchToWrapper(accepted, { adapter, batchSize: env.wrapperBatchSize, requestIdBase, trigger: work.trigger, source: name, now, budget });
      return [...rejected, ...handedOff];
    },
  }) as DispatcherHandler;
}

const DISPATCHER_VOCABULARY: ServiceVocabulary<DispatchResult> = {
  result: (outcome: ReadingOutcome): DispatchResult => {
    const result: DispatchResult = { index: outcome.index, status: outcome.status === 'parked' ? 'failed' : 'dispatched', ...outcome.ids };
    if (outcome.status === 'parked') result.reason = outcome.reason;
    return result;
  },
  settledLine: () => 'reading dispatched',
  finishedLine: 'dispatch finished',
  counts: { dispatched: 'dispatched' },
};
