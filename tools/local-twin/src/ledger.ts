// The local twin's per-reading ledger: every reading the simulator (or anyone else, through the
// dispatcher) sent, by event id, settled one by one as stored, parked, stored and parked, or
// missing. Never a difference of counts: `lost` is the readings found in neither table.
//
// What the ledger hears during a run (the services' results, posted by their shims; the
// simulator's sends) only moves progress along. What it reports at the end is checked against
// the tables themselves: stored = the reading's key holds an item with its event id (BatchGetItem
// by key, never a scan of the hot table); parked = the failure store holds a record with its event
// id. A report that the tables do not confirm counts for nothing.
import { findStored } from './hotTableLookup';
import type { Account, DeviceCounts, Ledger, LedgerCounts, LedgerOptions, ParkedRecordLike, ReadingIdentity, ReadingStatus } from './ledgerTypes';

export type { ReadingIdentity, ReadingKey, ReadingStatus, LedgerReading, LedgerCounts, DeviceCounts, Account, ParkedRecordLike, LedgerFunctions, LedgerOptions, Ledger } from './ledgerTypes';


const PENDING_VERIFY_LIMIT = 2_000;
const NEWEST_KEPT = 15;

/** Where an entry stands, internally: also before it was accepted. */
type Status = 'sending' | 'rejected' | ReadingStatus;
type Entry = ReadingIdentity & { state: 'sending' | 'refused' | 'accepted'; stored: boolean; storedHint: boolean; parked: Array<{ stage: string; reason: string }> };
/** One service result of a shim's report, as far as the ledger reads it. */
type ServiceResult = { eventId: string | undefined; deviceId: string | undefined; timestamp: string | undefined; status: unknown; reason: string | undefined };

const statusOf = (entry: Entry): Status => {
  if (entry.state === 'sending') return 'sending';
  if (entry.state !== 'accepted') return 'rejected';
  if (entry.stored) return entry.parked.length > 0 ? 'both' : 'stored';
  return entry.parked.length > 0 ? 'parked' : 'unsettled';
};
const emptyTally = (): Record<Status, number> => ({ sending: 0, rejected: 0, unsettled: 0, stored: 0, parked: 0, both: 0 });

/**
 * The ledger of a run: told of sends and the services' reports, it keeps live counts; `settle()`
 * gives the final account read from the tables. Time is `now` (default `Date.now`).
 *
 * @example
 * ```ts
 * const ledger = createLedger({ client, hotTable: 'demo-hot', functions, readFailures: () => readFailureRecords({ client, table: 'demo-failures' }) });
 * ledger.sending([{ eventId: 'sim-1', deviceId: 'thermostat-1', timestamp }]);
 * ledger.sent([{ eventId: 'sim-1' }]);
 * const { lost, missing } = await ledger.settle();
 * ```
 */
export function createLedger({ client, hotTable, functions, readFailures, now = Date.now }: LedgerOptions): Ledger {
  const entries = new Map<string, Entry>();
  const tally = emptyTally();
  const byDevice = new Map<string, Record<Status, number>>();
  let sentCount = 0;
  let acceptedCount = 0;
  let functionErrors = 0;
  const recentStored: Entry[] = [];
  let lastProgressAt = now();

  const count = (entry: Entry, delta: number): void => {
    const status = statusOf(entry);
    tally[status] += delta;
    if (entry.deviceId === undefined) return;
    let device = byDevice.get(entry.deviceId);
    if (device === undefined) byDevice.set(entry.deviceId, (device = emptyTally()));
    device[status] += delta;
  };
  /** Applies `change` to an entry and moves it between the counters (its status, its device). */
  const update = (entry: Entry, change: (entry: Entry) => void): void => {
    const before = statusOf(entry);
    count(entry, -1);
    change(entry);
    count(entry, +1);
    const after = statusOf(entry);
    if (before === after) return;
    if ((before === 'sending' || before === 'rejected') && after !== 'sending' && after !== 'rejected') acceptedCount += 1;
    if ((after === 'stored' || after === 'both') && before !== 'stored' && before !== 'both') {
      recentStored.push(entry);
      if (recentStored.length > NEWEST_KEPT) recentStored.shift();
    }
    if (after !== 'unsettled') lastProgressAt = now();
  };
  const create = (eventId: string, fields: Partial<ReadingIdentity>, state: Entry['state']): Entry => {
    const entry: Entry = { eventId, deviceId: fields.deviceId, timestamp: fields.timestamp, state, stored: false, storedHint: false, parked: [] };
    entries.set(eventId, entry);
    count(entry, +1);
    if (state === 'accepted') acceptedCount += 1;
    return entry;
  };
  const accept = (entry: Entry): void => update(entry, (e) => (e.state = 'accepted'));
  const park = (entry: Entry, stage: string, reason: string | undefined): void => update(entry, (e) => e.parked.push({ stage, reason: reason ?? 'unknown' }));

  /** A reading of another sender (the AWS CLI, a test), first heard of from the dispatcher. */
  const known = (result: ServiceResult & { eventId: string }): Entry => {
    let entry = entries.get(result.eventId);
    if (entry === undefined) entry = create(result.eventId, result, 'accepted');
    if (entry.state !== 'accepted') accept(entry);
    if (entry.deviceId === undefined || entry.timestamp === undefined) {
      update(entry, (e) => {
        e.deviceId ??= result.deviceId;
        e.timestamp ??= result.timestamp;
      });
    }
    return entry;
  };
  const acceptedEntry = (result: ServiceResult): Entry | undefined => {
    const entry = result.eventId ? entries.get(result.eventId) : undefined;
    return entry?.state === 'accepted' ? entry : undefined;
  };
  const onResult = new Map<string, (result: ServiceResult) => void>([
    [
      functions.dispatcher,
      (result) => {
        if (!result.eventId) return;
        const entry = known({ ...result, eventId: result.eventId });
        if (result.status === 'failed') park(entry, 'dispatch', result.reason);
      },
    ],
    [
      functions.wrapper,
      (result) => {
        const entry = acceptedEntry(result);
        if (entry && result.status === 'failed') park(entry, 'process', result.reason);
      },
    ],
    [
      functions.persister,
      (result) => {
        const entry = acceptedEntry(result);
        if (entry === undefined) return;
        if (result.status === 'failed') park(entry, 'persist', result.reason);
        else entry.storedHint = true;
      },
    ],
  ]);

  /** Marks as stored every entry among `candidates` whose key holds its event id. */
  const verify = async (candidates: readonly Entry[]): Promise<void> => {
    if (candidates.length === 0) return;
    const stored = await findStored(client, hotTable, candidates);
    for (const entry of candidates) if (stored.has(entry.eventId)) update(entry, (e) => (e.stored = true));
  };
  const accepted = (): Entry[] => [...entries.values()].filter((entry) => entry.state === 'accepted');
  const rejectedIds = (): string[] => [...entries.values()].filter((entry) => entry.state === 'refused').map((entry) => entry.eventId);
  const counts = (): LedgerCounts => ({
    sent: sentCount,
    accepted: acceptedCount,
    rejectedAtSend: tally.rejected,
    persisted: tally.stored + tally.both,
    failed: tally.parked,
    storedAndParked: tally.both,
    inFlight: tally.unsettled + tally.sending,
    settled: tally.stored + tally.parked + tally.both,
    functionErrors,
  });

  return {
    sending(readings) {
      for (const reading of readings) {
        sentCount += 1;
        if (!entries.has(reading.eventId)) create(reading.eventId, reading, 'sending');
      }
    },
    sent(readings) {
      for (const reading of readings) {
        const entry = entries.get(reading.eventId);
        if (entry?.state === 'sending') accept(entry);
      }
    },
    refused(readings) {
      for (const reading of readings) {
        const entry = entries.get(reading.eventId);
        if (entry?.state === 'sending') update(entry, (e) => (e.state = 'refused'));
      }
    },
    report(body) {
      if (!isObject(body)) return;
      if (body['error'] !== undefined) functionErrors += 1;
      const apply = typeof body['function'] === 'string' ? onResult.get(body['function']) : undefined;
      const results = isObject(body['result']) ? body['result']['results'] : undefined;
      if (apply === undefined || !Array.isArray(results)) return;
      for (const result of results) if (isObject(result)) apply(readResult(result));
    },
    async verifyReported() {
      const candidates: Entry[] = [];
      for (const entry of entries.values()) {
        if (entry.storedHint && !entry.stored && entry.state === 'accepted') candidates.push(entry);
        if (candidates.length >= PENDING_VERIFY_LIMIT) break;
      }
      await verify(candidates);
    },
    async probe() {
      const unsettled = accepted().filter((entry) => statusOf(entry) === 'unsettled');
      await verify(unsettled);
      if (!unsettled.some((entry) => !entry.stored)) return;
      for (const record of await readFailures()) {
        const entry = record.eventId ? entries.get(record.eventId) : undefined;
        if (entry?.state === 'accepted' && statusOf(entry) === 'unsettled') park(entry, record.stage, record.reason);
      }
    },
    counts,
    countsByDevice() {
      const result: Record<string, DeviceCounts> = {};
      for (const device of [...byDevice.keys()].sort()) {
        const t = byDevice.get(device) ?? emptyTally();
        result[device] = { sent: t.sending + t.rejected + t.unsettled + t.stored + t.parked + t.both, stored: t.stored + t.both, parked: t.parked, inFlight: t.unsettled + t.sending };
      }
      return result;
    },
    sinceProgressMs: () => now() - lastProgressAt,
    newestStored: () =>
      recentStored
        .slice()
        .reverse()
        .flatMap(({ deviceId, timestamp, eventId }) => (deviceId !== undefined && timestamp !== undefined ? [{ deviceId, timestamp, eventId }] : [])),
    async settle() {
      const all = accepted();
      await verify(all.filter((entry) => !entry.stored));
      const records = await readFailures();
      const byEvent = new Map<string, ParkedRecordLike[]>();
      let outsideParked = 0;
      for (const record of records) {
        const entry = record.eventId ? entries.get(record.eventId) : undefined;
        if (entry?.state !== 'accepted') {
          outsideParked += 1;
          continue;
        }
        const list = byEvent.get(entry.eventId) ?? [];
        list.push(record);
        byEvent.set(entry.eventId, list);
      }
      // Parked is what the failure store holds, not what a service said it parked.
      for (const entry of all) {
        const held = (byEvent.get(entry.eventId) ?? []).sort((a, b) => String(a.failedAt).localeCompare(String(b.failedAt)));
        update(entry, (e) => (e.parked = held.map((record) => ({ stage: record.stage, reason: record.reason }))));
      }
      const missing = all.filter((entry) => statusOf(entry) === 'unsettled');
      const failedByReason: Record<string, number> = {};
      const bothByReason: Record<string, number> = {};
      for (const entry of all) {
        const status = statusOf(entry);
        if (status !== 'parked' && status !== 'both') continue;
        const reasons = status === 'parked' ? failedByReason : bothByReason;
        const reason = entry.parked.at(-1)?.reason ?? 'unknown';
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      }
      const account: Account = {
        ...counts(),
        lost: missing.length,
        // every one by name: a script reading --json can act on each
        missing: missing.map((entry) => entry.eventId),
        rejected: rejectedIds(),
        failedByReason,
        storedAndParkedByReason: bothByReason,
        outsideParked,
      };
      return account;
    },
    rejectedIds,
    readings: () => accepted().map((entry) => ({ eventId: entry.eventId, deviceId: entry.deviceId, timestamp: entry.timestamp, status: statusOf(entry) as ReadingStatus })),
  };
}

/** The fields of one service result the ledger reads (strings only: anything else is absent). */
function readResult(result: Record<string, unknown>): ServiceResult {
  const text = (name: string): string | undefined => (typeof result[name] === 'string' ? result[name] : undefined);
  return { eventId: text('eventId'), deviceId: text('deviceId'), timestamp: text('timestamp'), status: result['status'], reason: text('reason') };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
