// 6. Soak: the local twin's own simulator at a steady rate for several minutes (one reading per
// message, held back at 100 unsettled), readings settled per minute from the ledger's
// /counts.json, and the final account (lost, checked reading by reading) when it stops.
// Goal: the last minute's throughput ≥ 0.9× the first's — no decay as the tables grow.
import { startLocalTwin } from './localTwin.mjs';

export async function soak({ workspace, minutes, rate, progress = () => undefined }) {
  const twin = await startLocalTwin({
    workspace,
    ports: { lambda: 7402, dynamodb: 7467, health: 7410 },
    args: ['--rate', String(rate), '--json', '--work-dir', 'tmp/bench-soak'],
  });
  const rows = [];
  let summary;
  try {
    let previous = await twin.counts();
    for (let minute = 1; minute <= minutes; minute += 1) {
      await new Promise((resolve) => setTimeout(resolve, 60_000));
      const counts = await twin.counts();
      const settled = counts.settled - previous.settled;
      rows.push({ minute, readingsPerS: Math.round((settled / 60) * 10) / 10, sent: counts.sent, stored: counts.persisted, parked: counts.failed, inFlight: counts.inFlight });
      progress(`soak minute ${minute}/${minutes}: ${rows.at(-1).readingsPerS} readings/s`);
      previous = counts;
    }
  } finally {
    const out = await twin.stop();
    summary = JSON.parse(out.trim().split('\n').at(-1) || '{}');
  }
  const first = rows[0]?.readingsPerS ?? 0;
  const last = rows.at(-1)?.readingsPerS ?? 0;
  return {
    name: `soak: the twin's simulator at ${rate} readings/s for ${minutes} min, readings settled per minute (ledger, no table scans)`,
    lastVsFirstMinute: first > 0 ? Math.round((last / first) * 100) / 100 : 0,
    goal: '≥ 0.9',
    readings: summary.sent,
    lost: summary.lost,
    storedAndParked: summary.storedAndParked,
    rows,
  };
}
