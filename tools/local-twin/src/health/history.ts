// The console's memory of the last minutes: one sample of the ledger's counts per second in a
// ring buffer, from which the sparkline and the per-device throughput are computed.
import type { DeviceCounts, DeviceThroughput, RatePoint } from './sources';

/** One sample: settled and parked readings so far, overall and per device, at `at` (epoch ms). */
export type CountSample = { at: number; settled: number; parked: number; byDevice: Record<string, DeviceCounts> };

/** Options of {@link createHistory}. */
export type HistoryOptions = {
  /** Takes a sample (the counts now). */
  read: () => Omit<CountSample, 'at'>;
  /** Clock, epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Samples kept. Default 600 (10 minutes at one a second). */
  capacity?: number;
  /** Milliseconds between samples. Default 1000. */
  intervalMs?: number;
};

/** The sample history of {@link createHistory}. */
export type History = {
  /** Takes one sample now (the timer calls it; tests call it with a fake clock). */
  sample(): void;
  /** The samples kept, oldest first. */
  samples(): CountSample[];
  /** Readings/s and failures/s between consecutive samples, oldest first. */
  rates(): RatePoint[];
  /** Stored/s and parked/s per device over the last `windowMs`, by device id. */
  throughput(windowMs: number): DeviceThroughput[];
  /** Starts sampling every `intervalMs` (an unref'd timer: it never keeps the process alive). */
  start(): void;
  /** Stops sampling. */
  stop(): void;
};

/** Samples kept by default: 10 minutes at one a second. */
export const HISTORY_CAPACITY = 600;

/**
 * A ring buffer of per-second samples of the twin's counts.
 *
 * @example
 * ```ts
 * const history = createHistory({ read: () => ({ settled: 10, parked: 1, byDevice: {} }) });
 * history.start();
 * history.rates(); // [{ at, readingsPerSecond, failuresPerSecond }, ...]
 * history.stop();
 * ```
 */
export function createHistory(options: HistoryOptions): History {
  const now = options.now ?? Date.now;
  const capacity = Math.max(2, Math.floor(options.capacity ?? HISTORY_CAPACITY));
  const intervalMs = options.intervalMs ?? 1000;
  const ring: CountSample[] = [];
  let next = 0;
  let timer: NodeJS.Timeout | undefined;

  const samples = (): CountSample[] => (ring.length < capacity ? ring.slice() : [...ring.slice(next), ...ring.slice(0, next)]);

  const sample = (): void => {
    let counts: Omit<CountSample, 'at'>;
    try {
      counts = options.read();
    } catch {
      return; // a source that cannot answer now leaves a gap, never an uncaught error in the timer
    }
    const taken = { ...counts, at: now() };
    if (ring.length < capacity) ring.push(taken);
    else ring[next] = taken;
    next = (next + 1) % capacity;
  };

  return {
    sample,
    samples,
    rates() {
      const kept = samples();
      const points: RatePoint[] = [];
      for (let i = 1; i < kept.length; i += 1) {
        const [before, after] = [kept[i - 1] as CountSample, kept[i] as CountSample];
        const seconds = Math.max((after.at - before.at) / 1000, 0.001);
        points.push({
          at: after.at,
          readingsPerSecond: round1(Math.max(0, after.settled - before.settled) / seconds),
          failuresPerSecond: round1(Math.max(0, after.parked - before.parked) / seconds),
        });
      }
      return points;
    },
    throughput(windowMs) {
      const kept = samples();
      const last = kept.at(-1);
      if (last === undefined) return [];
      const first = kept.find((s) => s.at >= last.at - windowMs) ?? last;
      const seconds = (last.at - first.at) / 1000;
      return Object.keys(last.byDevice)
        .sort()
        .map((device) => {
          const end = last.byDevice[device] as DeviceCounts;
          const start = first.byDevice[device] ?? { stored: 0, parked: 0 };
          const rate = (delta: number): number => (seconds > 0 ? round1(Math.max(0, delta) / seconds) : 0);
          return { device, storedPerSecond: rate(end.stored - start.stored), parkedPerSecond: rate(end.parked - start.parked), stored: end.stored, parked: end.parked };
        });
    },
    start() {
      if (timer !== undefined) return;
      sample();
      timer = setInterval(sample, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
