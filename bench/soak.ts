// 6. Soak: the twin's simulator at a steady rate for some minutes; readings settled per minute
// from the ledger (no table scans), the last minute against the first, and loss by identity
// (every reading's id matched across both tables at the end).
import path from 'node:path';
import { LocalTwin } from '@twinflow/local-twin';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function soak({ workspace, minutes, rate, progress = () => undefined }: { workspace: string; minutes: number; rate: number; progress?: (line: string) => void }) {
  const twin = await LocalTwin.start({ workspace, ports: { lambda: 7402, dynamodb: 7467, health: 7410 }, workDir: path.join(workspace, 'tmp/bench-soak') });
  const rows: Array<{ minute: number; readingsPerS: number; sent: number; stored: number; parked: number; inFlight: number }> = [];
  try {
    const simulation = twin.simulate({ rate, maxInFlight: 100 });
    let previous = twin.counts();
    for (let minute = 1; minute <= minutes; minute += 1) {
      await sleep(60_000);
      const counts = twin.counts();
      const settled = counts.settled - previous.settled;
      rows.push({ minute, readingsPerS: Math.round((settled / 60) * 10) / 10, sent: counts.sent, stored: counts.persisted, parked: counts.failed, inFlight: counts.inFlight });
      progress(`soak minute ${minute}/${minutes}: ${rows.at(-1)?.readingsPerS} readings/s`);
      previous = counts;
    }
    await simulation.stop();
    const account = await twin.waitUntilSettled({ settleTimeoutS: 30 });
    const first = rows[0]?.readingsPerS ?? 0;
    const last = rows.at(-1)?.readingsPerS ?? 0;
    return {
      name: `soak: the twin's simulator at ${rate} readings/s for ${minutes} min, readings settled per minute (ledger, no table scans)`,
      lastVsFirstMinute: first > 0 ? Math.round((last / first) * 100) / 100 : 0,
      goal: '≥ 0.9',
      readings: account.sent,
      lost: account.lost,
      storedAndParked: account.storedAndParked,
      rows,
    };
  } finally {
    await twin.stop();
  }
}
