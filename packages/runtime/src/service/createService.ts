import { randomUUID } from 'node:crypto';
import type { FailureRecord, FailureStage, LogFields, Logger, ServiceInput } from '@twinflow/core';
import type { HealthReport } from '@twinflow/health';
import { createFailureRecord } from '../failureStore/createFailureRecord';
import type { FailureStore } from '../failureStore/FailureStore';
import type { LambdaContextLike, ServiceLogger } from '../logging/serviceLogger';
import type { Parked, ReadingOutcome, Settled } from './outcome';
import { parked } from './outcome';

/** The work of one invocation, as its envelope reader found it. */
export interface ServiceWork {
  /** The items to work on, unread (each is checked by the service). */
  items: unknown[];
  /** Trigger of the hand-offs this work makes. */
  trigger: string;
  /** Names the invocation: the envelope's request id, else Lambda's, else a random UUID. */
  requestId: string;
  /** This hop's receive time, ISO-8601 UTC. */
  receivedAt: string;
  /** The invocation's logger: the Lambda context, `service`, `twin` and `requestId` on every line. */
  logger: Logger;
  /** The Lambda context, when there is one (remaining time, request id). */
  context: LambdaContextLike | undefined;
}

/** The outcome statuses a service reports, and the words its results and log lines use for them. */
export interface ServiceVocabulary<R> {
  /** Each reading's result, in input order (its fields are the service's contract). */
  result(outcome: ReadingOutcome): R & { status: string };
  /** Log line of a settled reading: `reading dispatched`, `reading written`, … */
  settledLine(outcome: Settled): string;
  /** Log line at the end of an invocation: `dispatch finished`, … */
  finishedLine: string;
  /** The result statuses counted in the summary, under the given keys (`{ dispatched: 'dispatched' }`). */
  counts: Readonly<Record<string, string>>;
}

/** Options of {@link createService}. */
export interface ServiceOptions<R> {
  /** The function's name, e.g. `demo-dispatcher`: the `service` of every line. */
  name: string;
  twin: string;
  /** The stage an unreadable input is parked at. */
  stage: FailureStage;
  /** The service logger (Powertools, see `createServiceLogger`), or any core `Logger` (tests). */
  logger: Logger | ServiceLogger;
  failureStore: FailureStore;
  now: () => number;
  /** The service's health report (answers `{ action: 'health' }` and closes every summary). */
  health: () => HealthReport;
  /** The hop's envelope reader, from core's contract (`readDispatcherInput`, …). */
  read: (event: unknown) => ServiceInput;
  /** Works on the items; one outcome per item, any order (sorted by index here). Must not throw for a reading's sake. */
  run: (work: ServiceWork) => Promise<ReadingOutcome[]>;
  vocabulary: ServiceVocabulary<R>;
}

/** What every twinflow service returns for work: counts by status, one result per reading, the health report. */
export type ServiceResult<R> = { received: number; failed: number; results: R[]; health: HealthReport } & Record<string, unknown>;

/** A twinflow service's Lambda handler. */
export type ServiceHandler<R> = (event: unknown, context?: LambdaContextLike) => Promise<ServiceResult<R> | HealthReport>;

/**
 * The shell every twinflow service runs in, so each service is only "read input → call packages →
 * return": the health short-circuit, the invocation's logger (Lambda context, request id), an
 * unreadable input parked whole, one log line per reading (`reading failed` with stage, reason and
 * attempts for a parked one), the failure records of every parked reading built from its outcome
 * and kept with ONE failure-store `put`, and one summary shape. Only a failing failure store
 * rejects, so Lambda's async retries and on-failure destination keep the invocation.
 *
 * @example
 * ```ts
 * export const persist = createService({ name: 'demo-persister', twin: 'demo', stage: 'persist', logger, failureStore, now: Date.now,
 *   health, read: readPersisterInput, run: (work) => writeRecords(work.items), vocabulary });
 * ```
 */
export function createService<R>(options: ServiceOptions<R>): ServiceHandler<R> {
  const { name, twin, failureStore, now, health, vocabulary } = options;
  const base = options.logger;
  const serviceLogger = (isServiceLogger(base) ? base : base.child({ service: name, twin })) as Logger;

  return async (event, context) => {
    const input = options.read(event);
    if (input.kind === 'health') return health();
    const requestId = (input.kind === 'items' ? input.requestId : undefined) ?? context?.awsRequestId ?? randomUUID();
    const invocation = isServiceLogger(base) ? base.forInvocation(context, { requestId }) : serviceLogger.child({ requestId });

    const outcomes =
      input.kind === 'invalid'
        ? [parked(0, input.error, { stage: options.stage, original: event })]
        : await options.run({
            items: input.items,
            trigger: input.trigger,
            requestId,
            receivedAt: new Date(now()).toISOString(),
            logger: invocation,
            context,
          });
    outcomes.sort((a, b) => a.index - b.index);

    const records: FailureRecord[] = [];
    const results = outcomes.map((outcome) => {
      // `null` says "not known"; an invalid item's ids as received (`shown`, bounded text) still name it.
      const shown = outcome.status === 'parked' ? outcome.shown : undefined;
      const line = invocation.child({ deviceId: shown?.deviceId ?? outcome.ids.deviceId ?? null, eventId: shown?.eventId ?? outcome.ids.eventId ?? null });
      if (outcome.status === 'parked') {
        line.warn('reading failed', failedFields(outcome));
        records.push(recordOf(twin, outcome, now));
      } else {
        line.info(vocabulary.settledLine(outcome), { index: outcome.index, ...settledFields(outcome) });
      }
      return vocabulary.result(outcome);
    });

    if (records.length > 0) {
      try {
        await failureStore.put(records);
      } catch (error) {
        invocation.error('failure store unavailable: failed readings not kept', { failed: records.length, error });
        throw error;
      }
    }
    const counts: Record<string, number> = {};
    for (const [key, status] of Object.entries(vocabulary.counts)) counts[key] = results.filter((result) => result.status === status).length;
    const summary: ServiceResult<R> = { received: results.length, ...counts, failed: records.length, results, health: health() };
    invocation.info(vocabulary.finishedLine, { received: summary.received, ...counts, failed: summary.failed, trigger: input.kind === 'items' ? input.trigger : undefined });
    return summary;
  };
}

/** Extra fields a settled outcome asks for on its log line (`function`, `table`, …). */
function settledFields(outcome: Settled): LogFields {
  return outcome.log ?? {};
}

function failedFields(outcome: Parked): LogFields {
  return { index: outcome.index, stage: outcome.stage, reason: outcome.reason, attempts: outcome.attempts, error: outcome.error };
}

/** The one place a failure record is built: from a parked outcome. */
function recordOf(twin: string, outcome: Parked, now: () => number): FailureRecord {
  return createFailureRecord({ twin, now, ...outcome, ...outcome.ids });
}

function isServiceLogger(logger: Logger | ServiceLogger): logger is ServiceLogger {
  return typeof (logger as Partial<ServiceLogger>).forInvocation === 'function';
}

/**
 * What every service's dependencies share (`DispatcherDeps`, `WrapperDeps`, `PersisterDeps`
 * extend it): everything but `env` and `failureStore` has a default.
 */
export interface ServiceDeps<E> {
  /** Settings, read from the environment by the service's own `read…Env`. */
  env: E;
  /** Where readings that cannot go on are parked. */
  failureStore: FailureStore;
  /**
   * A core logger (tests); `service` and `twin` are added. Default `createServiceLogger({
   * serviceName: <the function>, fields: { twin } })`: Powertools, level from `POWERTOOLS_LOG_LEVEL`
   * / `LOG_LEVEL`, the Lambda context on every line.
   */
  logger?: Logger;
  /** Clock (epoch ms) for timestamps, failure records, breakers and health. Default `Date.now`. */
  now?: () => number;
  /** Wait between retries. Default a `setTimeout` promise; tests pass an instant one. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source of the backoff, in [0, 1). Default `Math.random`. */
  random?: () => number;
}
