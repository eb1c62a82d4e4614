import { createLogger, persisterFunctionName } from '@twinflow/core';
import type { FailureRecord } from '@twinflow/core';
import { HealthTracker, healthReport } from '@twinflow/health';
import { createFailureRecord, eventTimestampOf } from '@twinflow/runtime';
import { createDocumentClient } from './documentClient';
import { planWrites } from './planWrites';
import type { RecordFailure } from './planWrites';
import { readRecords } from './readRecords';
import { createWriteRetry } from './retry';
import type { PersistResult, PersisterDeps, PersisterHandler, PersisterResult } from './types';
import { writeItems } from './writeItems';
import type { WriteOutcome } from './writeOutcome';

/** The settled state of one input record. */
type Settled =
  | { index: number; status: 'written' | 'duplicate'; deviceId: string; eventId: string }
  | (RecordFailure & { status: 'failed' });

/**
 * Builds the persister handler (`{twin}-persister`): turns each `{ event, data }` record into a
 * hot-table item (`ttl` = now + `RETENTION_DAYS`, `content_hash` = the reading's content hash)
 * and writes it idempotently. No write ever replaces a stored reading, for one item or many:
 *
 * 1. Repeats inside the invocation are removed first (`planWrites`): the same reading again
 *    (same event id and content hash) → `duplicate`; another one under the key → `key-conflict`.
 * 2. The items are inserted with PartiQL `INSERT` statements, 25 per `BatchExecuteStatement`
 *    (`writeItems`). An existing key fails its statement (`DuplicateItem`); one consistent
 *    `BatchGetItem` of those keys then tells a redelivery (`duplicate`, nothing rewritten) from a
 *    different reading or a reused event id (`key-conflict`, the stored reading kept).
 *    Throttled statements alone are retried with jittered backoff; transient request errors
 *    are retried within the same budget.
 *
 * Records that cannot be written go to the failure store (stage `persist`, `original` = the
 * record) in one `put`; only a failing failure store rejects.
 *
 * @example
 * ```ts
 * const persist = createPersister({ env, failureStore: new MemoryFailureStore() });
 * await persist({ records: [{ event, data: { temperatureC: 21.1 } }] });
 * // { received: 1, written: 1, duplicates: 0, failed: 0, results: [...], health: {...} }
 * ```
 */
export function createPersister(deps: PersisterDeps): PersisterHandler {
  const { env, failureStore } = deps;
  const now = deps.now ?? Date.now;
  const clock = { now };
  const logger = (deps.logger ?? createLogger()).child({ service: persisterFunctionName(env.twin, env.stage), twin: env.twin });
  const target = {
    client: deps.documentClient ?? createDocumentClient({ region: env.region, endpoint: env.dynamodbEndpoint }),
    table: env.hotTable,
    strategy: createWriteRetry({ sleep: deps.sleep, random: deps.random }),
  };
  const tracker = new HealthTracker(env.hotTable, { clock });
  const health = () => healthReport([tracker], { clock });

  return async (event, context) => {
    const input = readRecords(event);
    if (input.kind === 'health') return health();
    const log = logger.child({ requestId: (input.kind === 'records' ? input.requestId : undefined) ?? context?.awsRequestId });

    let settled: Settled[];
    if (input.kind === 'invalid') {
      settled = [{ index: 0, record: event, error: input.error, reason: 'invalid-envelope', attempts: 1, status: 'failed' }];
    } else {
      const plan = planWrites(input.records, { retentionDays: env.retentionDays, now });
      const outcomes = await writeItems(plan.items, target);
      recordHealth(tracker, outcomes);
      settled = [
        ...plan.failures.map((failure) => ({ ...failure, status: 'failed' as const })),
        ...plan.duplicates.map(({ index, item }) => ({ index, status: 'duplicate' as const, deviceId: item.device_id, eventId: item.event_id })),
        ...outcomes.map(settle),
      ].sort((a, b) => a.index - b.index);
    }

    const records: FailureRecord[] = [];
    const results = settled.map((entry): PersistResult => {
      const identity = entry.status === 'failed' ? { deviceId: entry.deviceId, eventId: entry.eventId } : entry;
      const line = log.child({ deviceId: identity.deviceId ?? null, eventId: identity.eventId ?? null });
      const ids = { eventId: identity.eventId ?? '', deviceId: identity.deviceId ?? '' };
      if (entry.status !== 'failed') {
        line.info(entry.status === 'written' ? 'reading written' : 'reading duplicate', { index: entry.index, table: env.hotTable });
        return { ...ids, status: entry.status };
      }
      line.warn('reading failed', { index: entry.index, stage: 'persist', reason: entry.reason, attempts: entry.attempts, error: entry.error });
      records.push(toFailureRecord(env.twin, entry, now));
      return { ...ids, status: 'failed', reason: entry.reason };
    });

    if (records.length > 0) {
      try {
        await failureStore.put(records);
      } catch (error) {
        log.error('failure store unavailable: failed readings not kept', { count: records.length, error });
        throw error;
      }
    }
    const count = (status: PersistResult['status']) => results.filter((result) => result.status === status).length;
    const summary: PersisterResult = { received: results.length, written: count('written'), duplicates: count('duplicate'), failed: records.length, results, health: health() };
    log.info('persist finished', { received: summary.received, written: summary.written, duplicates: summary.duplicates, failed: summary.failed });
    return summary;
  };
}

function settle(outcome: WriteOutcome): Settled {
  const { index, record, item } = outcome.planned;
  if (outcome.status !== 'failed') return { index, status: outcome.status, deviceId: item.device_id, eventId: item.event_id };
  return { index, record, error: outcome.error, reason: outcome.reason, attempts: outcome.attempts, deviceId: item.device_id, eventId: item.event_id, status: 'failed' };
}

/** The table is healthy when DynamoDB answered (a key conflict is the data's problem, not the table's). */
function recordHealth(tracker: HealthTracker, outcomes: readonly WriteOutcome[]): void {
  const tableFailure = outcomes.find((outcome) => outcome.status === 'failed' && outcome.reason !== 'key-conflict');
  if (tableFailure?.status === 'failed') tracker.recordFailure(tableFailure.error);
  else if (outcomes.length > 0) tracker.recordSuccess();
}

function toFailureRecord(twin: string, failure: RecordFailure, now: () => number): FailureRecord {
  return createFailureRecord({
    twin,
    stage: 'persist',
    error: failure.error,
    original: failure.record,
    reason: failure.reason,
    attempts: failure.attempts,
    now,
    ...(failure.deviceId === undefined ? {} : { deviceId: failure.deviceId }),
    ...(failure.eventId === undefined ? {} : { eventId: failure.eventId }),
    timestamp: eventTimestampOf(failure.record),
  });
}
