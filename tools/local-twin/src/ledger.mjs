// The local twin's per-reading ledger: every reading the simulator (or anyone else, through the
// dispatcher) sent, by event id, settled one by one as stored, parked, stored and parked, or
// missing. Never a difference of counts: `lost` is the readings found in neither table.
//
// What the ledger hears during a run (the services' results, posted by their shims; the
// simulator's sends) only moves progress along. What it reports at the end is checked against
// the tables themselves: stored = the reading's key holds an item with its event id (BatchGetItem
// by key, never a scan of the hot table); parked = the failure store holds a record with its event
// id. A report that the tables do not confirm counts for nothing.
import { findStored } from './hotTableLookup.mjs';

const PENDING_VERIFY_LIMIT = 2_000;

/**
 * @param {object} options
 * @param {import('@aws-sdk/client-dynamodb').DynamoDBClient} options.client  DynamoDB client (the twin's)
 * @param {string} options.hotTable
 * @param {{ dispatcher: string, wrapper: string, persister: string }} options.functions  function names
 * @param {() => Promise<object[]>} options.readFailures  every failure record (table and spool)
 * @param {() => number} [options.now]
 */
export function createLedger({ client, hotTable, functions, readFailures, now = Date.now }) {
  /** eventId → { eventId, deviceId, timestamp, state: 'sending'|'refused'|'accepted', stored, storedHint, parked: [{ stage, reason }] } */
  const entries = new Map();
  const counts = { sent: 0, accepted: 0, rejectedAtSend: 0, unsettled: 0, sending: 0, stored: 0, parked: 0, both: 0, functionErrors: 0 };
  const recentStored = [];
  let lastProgressAt = now();

  /** Where an entry stands: not (yet) accepted, unsettled, stored, parked or both. */
  const statusOf = (entry) => {
    if (entry.state === 'sending') return 'sending';
    if (entry.state !== 'accepted') return 'rejected';
    if (entry.stored) return entry.parked.length > 0 ? 'both' : 'stored';
    return entry.parked.length > 0 ? 'parked' : 'unsettled';
  };
  const COUNTER = { sending: 'sending', rejected: 'rejectedAtSend', unsettled: 'unsettled', stored: 'stored', parked: 'parked', both: 'both' };
  /** Applies `change` to an entry and moves it between the counters. */
  const update = (entry, change) => {
    const before = statusOf(entry);
    change(entry);
    const after = statusOf(entry);
    if (before === after) return;
    counts[COUNTER[before]] -= 1;
    counts[COUNTER[after]] += 1;
    if (before === 'sending' || before === 'rejected') counts.accepted += after === 'rejected' || after === 'sending' ? 0 : 1;
    if ((after === 'stored' || after === 'both') && before !== 'stored' && before !== 'both') {
      recentStored.push(entry);
      if (recentStored.length > 15) recentStored.shift();
    }
    if (after !== 'unsettled') lastProgressAt = now();
  };
  const create = (eventId, fields, state) => {
    const entry = { eventId, deviceId: fields.deviceId, timestamp: fields.timestamp, state, stored: false, storedHint: false, parked: [] };
    entries.set(eventId, entry);
    counts[COUNTER[statusOf(entry)]] += 1;
    if (state === 'accepted') counts.accepted += 1;
    return entry;
  };
  const accept = (entry) => update(entry, (e) => (e.state = 'accepted'));

  /** A reading of another sender (the AWS CLI, a test), first heard of from the dispatcher. */
  const known = (result) => {
    let entry = entries.get(result.eventId);
    if (entry === undefined) entry = create(result.eventId, result, 'accepted');
    if (entry.state !== 'accepted') accept(entry);
    entry.deviceId ??= result.deviceId;
    entry.timestamp ??= result.timestamp;
    return entry;
  };
  const park = (entry, stage, reason) => update(entry, (e) => e.parked.push({ stage, reason: reason ?? 'unknown' }));

  const onResult = {
    [functions.dispatcher]: (result) => {
      if (!result.eventId) return;
      const entry = known(result);
      if (result.status === 'failed') park(entry, 'dispatch', result.reason);
    },
    [functions.wrapper]: (result) => {
      const entry = result.eventId ? entries.get(result.eventId) : undefined;
      if (entry?.state === 'accepted' && result.status === 'failed') park(entry, 'process', result.reason);
    },
    [functions.persister]: (result) => {
      const entry = result.eventId ? entries.get(result.eventId) : undefined;
      if (entry?.state !== 'accepted') return;
      if (result.status === 'failed') park(entry, 'persist', result.reason);
      else entry.storedHint = true;
    },
  };

  /** Marks as stored every entry among `candidates` whose key holds its event id. */
  const verify = async (candidates) => {
    if (candidates.length === 0) return;
    const stored = await findStored(client, hotTable, candidates);
    for (const entry of candidates) if (stored.has(entry.eventId)) update(entry, (e) => (e.stored = true));
  };
  const accepted = () => [...entries.values()].filter((entry) => entry.state === 'accepted');
  const rejectedIds = () => [...entries.values()].filter((entry) => entry.state === 'refused').map((entry) => entry.eventId);

  return {
    /** The simulator is about to send these readings ({ eventId, deviceId, timestamp }). */
    sending(readings) {
      for (const reading of readings) {
        counts.sent += 1;
        if (!entries.has(reading.eventId)) create(reading.eventId, reading, 'sending');
      }
    },
    /** The endpoint took them (202). */
    sent(readings) {
      for (const reading of readings) {
        const entry = entries.get(reading.eventId);
        if (entry?.state === 'sending') accept(entry);
      }
    },
    /** The endpoint refused them: never accepted, unless the dispatcher reports them after all. */
    refused(readings) {
      for (const reading of readings) {
        const entry = entries.get(reading.eventId);
        if (entry?.state === 'sending') update(entry, (e) => (e.state = 'refused'));
      }
    },
    /** A service's result, posted by its shim: `{ function, result }` or `{ function, error }`. */
    report(body) {
      if (body?.error !== undefined) counts.functionErrors += 1;
      const apply = onResult[body?.function];
      const results = body?.result?.results;
      if (apply === undefined || !Array.isArray(results)) return;
      for (const result of results) if (result && typeof result === 'object') apply(result);
    },
    /** Checks the readings the persister called stored (a few thousand at most per call). */
    async verifyReported() {
      const candidates = [];
      for (const entry of entries.values()) {
        if (entry.storedHint && !entry.stored && entry.state === 'accepted') candidates.push(entry);
        if (candidates.length >= PENDING_VERIFY_LIMIT) break;
      }
      await verify(candidates);
    },
    /** Checks every unsettled reading against the tables (when reports may have been lost). */
    async probe() {
      const unsettled = accepted().filter((entry) => statusOf(entry) === 'unsettled');
      await verify(unsettled);
      if (unsettled.some((entry) => !entry.stored)) {
        const records = await readFailures();
        for (const record of records) {
          const entry = record.eventId ? entries.get(record.eventId) : undefined;
          if (entry?.state === 'accepted' && statusOf(entry) === 'unsettled') park(entry, record.stage, record.reason);
        }
      }
    },
    /** Live figures, from the ledger alone (no table is read). */
    counts() {
      const settled = counts.stored + counts.parked + counts.both;
      return {
        sent: counts.sent,
        accepted: counts.accepted,
        rejectedAtSend: counts.rejectedAtSend,
        persisted: counts.stored + counts.both,
        failed: counts.parked,
        storedAndParked: counts.both,
        inFlight: counts.unsettled + counts.sending,
        settled,
        functionErrors: counts.functionErrors,
      };
    },
    /** Milliseconds since a reading last settled (or the ledger started). */
    sinceProgressMs: () => now() - lastProgressAt,
    /** The newest readings found stored, newest first (their keys, for a GetItem). */
    newestStored: () => recentStored.slice().reverse().map(({ deviceId, timestamp, eventId }) => ({ deviceId, timestamp, eventId })),
    /**
     * The final account, checked against the tables: every accepted reading's key is read (one
     * BatchGetItem per 100) and the failure store once. A reading in neither is missing.
     */
    async settle() {
      const all = accepted();
      await verify(all.filter((entry) => !entry.stored));
      const records = await readFailures();
      const byEvent = new Map();
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
      const failedByReason = {};
      const bothByReason = {};
      for (const entry of all) {
        const status = statusOf(entry);
        if (status !== 'parked' && status !== 'both') continue;
        const reasons = status === 'parked' ? failedByReason : bothByReason;
        const { reason } = entry.parked.at(-1);
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      }
      return {
        ...this.counts(),
        lost: missing.length,
        // every one by name: a script reading --json can act on each
        missing: missing.map((entry) => entry.eventId),
        rejected: rejectedIds(),
        failedByReason,
        storedAndParkedByReason: bothByReason,
        outsideParked,
      };
    },
    /** The readings the endpoint refused (never accepted), by event id. */
    rejectedIds,
    /** Every accepted reading with where it stands (for tests and /ledger.json). */
    readings: () => accepted().map((entry) => ({ eventId: entry.eventId, deviceId: entry.deviceId, timestamp: entry.timestamp, status: statusOf(entry) })),
  };
}
