/**
 * No reading lost, measured by identity: the test sends its own readings with its own ids to the
 * dispatcher at an unbounded rate with processor faults on, then matches both tables (and the
 * spool file) reading by reading. The twin's ledger must tell the same story; after a replay with
 * faults off every reading is stored exactly once and the failure store is empty.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { LocalTwin } from '@twinflow/local-twin';
import { accountFor, oracleReadings, sendAll, startBackend, waitAccounted, type OracleStore } from '../oracle';
import { replayAll } from '../twinData';
import { repoRoot, suiteWorkDir, waitFor } from '../twinProcess';

const FIGURES = path.join(repoRoot, 'tmp', 'overload-figures.json');
const READINGS = 3_000;

describe(`${READINGS.toLocaleString('en')} readings at an unbounded rate with 10% processor faults`, () => {
  let twin: LocalTwin;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let store: OracleStore;
  beforeAll(async () => {
    backend = await startBackend();
    twin = await LocalTwin.start({ ports: { lambda: 21002, dynamodb: 21567, health: 21100 }, workDir: suiteWorkDir('overload'), faultRate: 0.1, dynamodbBackend: backend.endpoint });
    // The oracle reads the backend itself, not through the twin.
    store = { dynamodb: backend.dataEndpoint, hotTable: twin.hotTable, failureTable: twin.failureTable, spoolFile: twin.spoolFile };
  }, 180_000);
  afterAll(async () => {
    await twin?.stop();
    await backend?.close();
  });

  it('stores or parks every accepted reading (none missing, none stored twice), and the twin agrees reading by reading', async () => {
    // Prepare: own ids; every 10th reading carries no time (the dispatcher gives it its receive time)
    const readings = oracleReadings('overload', READINGS, { untimedEvery: 10 });

    // Act: as fast as the endpoint takes them
    const sent = await sendAll({ lambda: twin.endpoints.lambda, dispatcher: twin.functionNames.dispatcher }, readings.map((r) => r.message), 96);
    const acceptedIds = sent.accepted.map((n) => readings[n]?.eventId ?? `unknown-${n}`);
    await waitAccounted(store, acceptedIds, 240_000);
    // let hand-offs that timed out but were delivered land too: until the tables stay as they are for 5 s
    let previous = '';
    const settled = await waitFor(
      async () => {
        const account = await accountFor(store, acceptedIds);
        const shape = [account.stored.size, account.parked.size, account.both.size, [...account.records.values()].flat().length].join('/');
        const still = shape === previous;
        previous = shape;
        return still ? account : undefined;
      },
      120_000,
      () => `the tables to stop changing (stored/parked/both/records ${previous})`,
      5_000,
    );
    const ledger = await twin.waitUntilSettled({ settleTimeoutS: 60 });

    // Assess: by identity
    expect(sent.refused).toEqual([]);
    expect([...settled.missing]).toEqual([]);
    expect([...settled.storedTwice]).toEqual([]);
    expect(settled.stored.size + settled.parked.size + settled.both.size).toBe(READINGS);
    expect(settled.parked.size + settled.both.size).toBeGreaterThan(30);
    // the twin's account, reading by reading, equals the oracle's
    const twinStatus = new Map(ledger.readings.map((r) => [r.eventId, r.status]));
    const oracleStatus = (id: string): string => (settled.both.has(id) ? 'both' : settled.stored.has(id) ? 'stored' : settled.parked.has(id) ? 'parked' : 'unsettled');
    const disagreements = acceptedIds.filter((id) => twinStatus.get(id) !== oracleStatus(id));
    expect(disagreements.slice(0, 10).map((id) => `${id}: twin ${twinStatus.get(id)}, oracle ${oracleStatus(id)} ${JSON.stringify(settled.records.get(id))}`)).toEqual([]);
    expect({ lost: ledger.lost, storedAndParked: ledger.storedAndParked }).toEqual({ lost: 0, storedAndParked: settled.both.size });

    // Act 2: faults off, replay what is parked
    twin.setFaults(0);
    const rounds = await replayAll(twin);
    const replay = {
      selected: rounds[0]?.selected ?? 0,
      replayed: rounds.reduce((sum, r) => sum + r.replayed, 0),
      storedAlready: rounds.reduce((sum, r) => sum + r.storedAlready, 0),
      errors: rounds.reduce((sum, r) => sum + r.errors, 0),
      rounds: rounds.length,
    };
    const drained = await waitFor(
      async () => {
        const after = await accountFor(store, acceptedIds);
        return after.stored.size === READINGS ? after : undefined;
      },
      60_000,
      'every reading stored after the replay',
      1_000,
    );

    // Assess 2: every reading stored exactly once, the store empty, stored-and-parked records counted as duplicates
    expect(replay.errors).toBe(0);
    expect(replay.storedAlready).toBeGreaterThanOrEqual(settled.both.size);
    expect([...drained.storedTwice]).toEqual([]);
    expect(drained.records.size).toBe(0);
    for (const reading of readings.filter((r) => r.timestamp === undefined)) expect(drained.items.get(reading.eventId)).toHaveLength(1);
    writeFileSync(
      FIGURES,
      JSON.stringify(
        {
          sent: READINGS,
          accepted: acceptedIds.length,
          stored: settled.stored.size,
          parked: settled.parked.size,
          storedAndParked: settled.both.size,
          missing: settled.missing.size,
          parkedByReason: countBy([...settled.parked].map((id) => settled.records.get(id)?.at(-1)?.reason ?? 'unknown')),
          storedAndParkedByReason: countBy([...settled.both].map((id) => settled.records.get(id)?.at(-1)?.reason ?? 'unknown')),
          replay,
          storedAfterReplay: drained.stored.size,
        },
        null,
        2,
      ),
    );
  }, 480_000);
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
