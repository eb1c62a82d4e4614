import { persisterFunctionName, readPersisterInput } from '@twinflow/core';
import { HealthTracker, healthReport } from '@twinflow/health';
import { createService, createServiceLogger } from '@twinflow/runtime';
import type { ReadingOutcome, ServiceVocabulary } from '@twinflow/runtime';
import { createDocumentClient } from './documentClient';
import { planWrites } from './planWrites';
import type { PersistResult, PersisterDeps, PersisterHandler } from './types';
import { writeItems } from './writeItems';
import { stored } from './writeOutcome';
import { writeStrategy } from './writeRetries';

/**
 * Builds the persister handler (`{twin}-persister`): turns each `{ event, data }` record into a
 * hot-table item (`ttl` = now + `RETENTION_DAYS`, `content_hash` = the reading's content hash)
 * and writes it idempotently. No write ever replaces a stored reading, for one item or many:
 *
 * 1. Records are read with core's `readPersistRecord` (a bad record, or one of another twin →
 *    `invalid-item`); repeats inside the invocation are removed (`planWrites`): the same reading
 *    again (same event id and content hash) → `duplicate`; another one under the key → `key-conflict`.
 * 2. The items are inserted with PartiQL `INSERT` statements, 25 per `BatchExecuteStatement`
 *    (`writeItems`). An existing key fails its statement (`DuplicateItem`); one consistent
 *    `BatchGetItem` of those keys then tells a redelivery (`duplicate`, nothing rewritten) from a
 *    different reading or a reused event id (`key-conflict`, the stored reading kept).
 *    Throttled statements, unprocessed keys and transient request errors are retried by health's
 *    `withRetries` with one strategy per container (`writeStrategy`).
 *
 * The service shell (runtime's `createService`) answers `{ action: 'health' }`, parks an
 * unreadable input whole (`invalid-envelope`), logs every reading, keeps the records that cannot
 * be written in the failure store (stage `persist`, `original` = the record) with one `put` and
 * returns the summary; only a failing failure store rejects.
 *
 * @example
 * ```ts
 * const persist = createPersister({ env, failureStore: new MemoryFailureStore() });
 * await persist({ records: [{ event, data: { temperatureC: 21.1 } }] });
 * // { received: 1, written: 1, duplicates: 0, failed: 0, results: [...], health: {...} }
 * ```
 */
export function createPersister(deps: PersisterDeps): PersisterHandler {
  const { env } = deps;
  const now = deps.now ?? Date.now;
  const clock = { now };
  const name = persisterFunctionName(env.twin, env.stage);
  const target = {
    client: deps.documentClient ?? createDocumentClient({ region: env.region, endpoint: env.dynamodbEndpoint }),
    table: env.hotTable,
    strategy: writeStrategy({ sleep: deps.sleep, random: deps.random }),
  };
  const tracker = new HealthTracker(env.hotTable, { clock });

  return createService({
    name,
    twin: env.twin,
    stage: 'persist',
    logger: deps.logger ?? createServiceLogger({ serviceName: name, fields: { twin: env.twin } }),
    failureStore: deps.failureStore,
    now,
    health: () => healthReport([tracker], { clock }),
    read: readPersisterInput,
    vocabulary: PERSISTER_VOCABULARY,
    run: async (work) => {
      const plan = planWrites(work.items, { twin: env.twin, receivedAt: work.receivedAt, retentionDays: env.retentionDays, now });
      const written = await writeItems(plan.items, target);
      recordHealth(tracker, written);
      return [...plan.failures, ...plan.duplicates.map((planned) => stored(planned, true, env.hotTable)), ...written];
    },
  }) as PersisterHandler;
}

const PERSISTER_VOCABULARY: ServiceVocabulary<PersistResult> = {
  result: (outcome: ReadingOutcome): PersistResult => {
    const ids = { eventId: outcome.ids.eventId ?? '', deviceId: outcome.ids.deviceId ?? '' };
    if (outcome.status === 'parked') return { ...ids, status: 'failed', reason: outcome.reason };
    return { ...ids, status: isDuplicate(outcome) ? 'duplicate' : 'written' };
  },
  settledLine: (outcome) => (isDuplicate(outcome) ? 'reading duplicate' : 'reading written'),
  finishedLine: 'persist finished',
  counts: { written: 'written', duplicates: 'duplicate' },
};

function isDuplicate(outcome: ReadingOutcome): boolean {
  return outcome.status === 'stored' && outcome.duplicate;
}

/** The table is healthy when DynamoDB answered (a key conflict is the data's problem, not the table's). */
function recordHealth(tracker: HealthTracker, outcomes: readonly ReadingOutcome[]): void {
  const tableFailure = outcomes.find((outcome) => outcome.status === 'parked' && outcome.reason !== 'key-conflict');
  if (tableFailure?.status === 'parked') tracker.recordFailure(tableFailure.error);
  else if (outcomes.length > 0) tracker.recordSuccess();
}
