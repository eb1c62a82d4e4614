// 6. Soak: the twin's simulator at a steady rate for some minutes. Per minute: readings settled
// (from the ledger, no table scans) and the resident memory of each process the twin runs on;
// the endpoint's ceiling (a near no-op invoke, as in pipeline.ts) before and after. Goals: the
// last minute ≥ 0.9× the first, RSS growth after the first (warm-up) minute ≤ 10%, the ceiling
// after ≥ 0.9× before; loss by identity (every reading's id matched across both tables at the end).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LocalTwin } from '@twinflow/local-twin';
import { ceiling } from './pipeline';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const hundredths = (x: number): number => Math.round(x * 100) / 100;

/** Resident set of a process in MiB (Linux /proc), or NaN when it cannot be read. */
export function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? Number.NaN : Math.round(Number(kib) / 1024);
  } catch {
    return Number.NaN;
  }
}

export async function soak({ workspace, minutes, rate, ceilingCalls = 2000, progress = () => undefined }: { workspace: string; minutes: number; rate: number; ceilingCalls?: number; progress?: (line: string) => void }) {
  const twin = await LocalTwin.start({ workspace, ports: { lambda: 7402, dynamodb: 7467, health: 7410 }, workDir: path.join(workspace, 'tmp/bench-soak'), logLevel: 'warn' });
  const rows: Array<{ minute: number; readingsPerS: number; sent: number; stored: number; parked: number; inFlight: number; twinRssMiB: number; endpointRssMiB: number }> = [];
  try {
    const pids = twin.processIds();
    await ceiling(twin.lambda, twin.twin, 300); // warm-up
    const ceilingBefore = await ceiling(twin.lambda, twin.twin, ceilingCalls);
    const simulation = twin.simulate({ rate, maxInFlight: 100 });
    let previous = twin.counts();
    for (let minute = 1; minute <= minutes; minute += 1) {
      await sleep(60_000);
      const counts = twin.counts();
      const settled = counts.settled - previous.settled;
      rows.push({ minute, readingsPerS: Math.round((settled / 60) * 10) / 10, sent: counts.sent, stored: counts.persisted, parked: counts.failed, inFlight: counts.inFlight, twinRssMiB: rssMiB(pids.twin), endpointRssMiB: rssMiB(pids.endpoint) });
      const row = rows.at(-1);
      progress(`soak minute ${minute}/${minutes}: ${row?.readingsPerS} readings/s, RSS twin ${row?.twinRssMiB} MiB, endpoint ${row?.endpointRssMiB} MiB`);
      previous = counts;
    }
    await simulation.stop();
    const account = await twin.waitUntilSettled({ settleTimeoutS: 30 });
    const ceilingAfter = await ceiling(twin.lambda, twin.twin, ceilingCalls);
    const first = rows[0];
    const last = rows.at(-1);
    const growth = (key: 'twinRssMiB' | 'endpointRssMiB'): number => (first && last ? hundredths(last[key] / first[key] - 1) : Number.NaN);
    return {
      name: `soak: the twin's simulator at ${rate} readings/s for ${minutes} min (readings settled per minute from the ledger; RSS of each process; the endpoint's ceiling before and after)`,
      lastVsFirstMinute: first && first.readingsPerS > 0 ? hundredths((last?.readingsPerS ?? 0) / first.readingsPerS) : 0,
      lastVsFirstGoal: '≥ 0.9',
      twinRssGrowthAfterMinute1: growth('twinRssMiB'),
      endpointRssGrowthAfterMinute1: growth('endpointRssMiB'),
      rssGoal: '≤ 0.10',
      ceilingBeforePerS: Math.round(ceilingBefore),
      ceilingAfterPerS: Math.round(ceilingAfter),
      ceilingAfterVsBefore: hundredths(ceilingAfter / ceilingBefore),
      ceilingGoal: '≥ 0.9',
      readings: account.sent,
      lost: account.lost,
      storedAndParked: account.storedAndParked,
      rows,
    };
  } finally {
    await twin.stop();
  }
}

if (require.main === module) {
  const minutes = Number(process.argv[2] ?? 2);
  const rate = Number(process.argv[3] ?? 100);
  soak({ workspace: path.resolve(__dirname, '..'), minutes, rate, progress: (line) => void process.stderr.write(`${line}\n`) })
    .then((result) => console.log(JSON.stringify(result, null, 2)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
