// 7. Latency under load: device messages (one reading each) sent open-loop at a fixed rate — 10%,
// 50% and 90% of the highest sustainable rate, measured first in the same run as the closed-loop
// throughput of pipeline.ts — and, for each level, the end-to-end latency of every reading from
// its send to the dispatcher (its timestamp) to its item in the hot table (the persister's
// `processed_at`): p50 and p99. Goal: p99 at 50% load ≤ 3× p50 at 10% load. Loss by identity.
import { closedLoop, latenciesOf, messageFactory, percentile, sendMessage, waitSettled } from './pipeline';
import type { BenchTwin } from './localTwin';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends one-reading messages at `rate`/s for `seconds` on a fixed schedule (not waiting for any to settle). */
async function openLoop(twin: BenchTwin, rate: number, seconds: number) {
  const readings = Math.max(1, Math.round(rate * seconds));
  const messages = messageFactory(1);
  const base = await twin.counts();
  const startedAt = Date.now();
  const sends: Array<Promise<unknown>> = [];
  while (messages.sent() < readings) {
    // Every reading due by now goes out now: a slow tick sends a few at once, the rate holds.
    const due = Math.min(readings, Math.floor(((Date.now() - startedAt) / 1000) * rate) + 1);
    while (messages.sent() < due) sends.push(sendMessage(twin, messages.next(readings)));
    await sleep(Math.max(1, Math.min(20, 1000 / rate)));
  }
  await Promise.all(sends);
  const endedAt = Date.now();
  const settled = await waitSettled(twin, base, readings);
  return { readings, startedAt, endedAt, keys: messages.keys, ...settled };
}

const tenths = (x: number): number => Math.round(x * 10) / 10;

/** The highest sustainable rate of device messages, then latency at 10/50/90% of it. */
export async function latency({ twin, seconds, calibrationReadings }: { twin: BenchTwin; seconds: number; calibrationReadings: number }) {
  const calibration = await closedLoop(twin, { readings: calibrationReadings, perMessage: 1, window: 100, shape: 'calibration' });
  const measured = await latenciesOf(twin, calibration.startedAt, calibration.endedAt);
  const highest = measured.count / Math.max(0.001, (measured.lastProcessedAt - calibration.startedAt) / 1000);
  const rows = [];
  for (const load of [0.1, 0.5, 0.9]) {
    const rate = highest * load;
    const run = await openLoop(twin, rate, seconds);
    const { latencies, lost, count } = await latenciesOf(twin, run.startedAt, run.endedAt, run.keys);
    rows.push({ load: `${load * 100}%`, ratePerS: tenths(rate), readings: run.readings, persisted: count, parked: run.parked, lost, latencyP50Ms: percentile(latencies, 50), latencyP99Ms: percentile(latencies, 99) });
  }
  const p50At10 = rows[0]?.latencyP50Ms ?? 0;
  const p99At50 = rows[1]?.latencyP99Ms ?? 0;
  return {
    name: 'latency under load (device messages, open loop; send → item in the hot table)',
    highestSustainablePerS: tenths(highest),
    p99At50VsP50At10: p50At10 > 0 ? tenths(p99At50 / p50At10) : 0,
    goal: '≤ 3',
    rows,
  };
}
