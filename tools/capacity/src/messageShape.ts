// What one message costs the pipeline's functions: how many invocations of each, carrying how many
// readings, and how long each runs, from the measured durations. The hand-offs are the services':
// the dispatcher gives the wrapper up to `wrapperBatchSize` readings per invocation (in message
// order), the wrapper sends each device's readings to its processor (up to `processorBatchSize` per
// call, `processorConcurrency` calls at a time, waiting for them), then the persister gets the
// wrapper invocation's records in one invocation.
import type { DurationPair, FunctionDurations, PipelineFunction } from './durations';

/** The services' batch settings (their defaults: apps/dispatcher and apps/wrapper src/constants.ts). */
export type PipelineSettings = {
  /** `WRAPPER_BATCH_SIZE`: readings per wrapper invocation. */
  wrapperBatchSize: number;
  /** `PROCESSOR_BATCH_SIZE`: readings of one device per processor invocation. */
  processorBatchSize: number;
  /** `PROCESSOR_CONCURRENCY`: processor invocations a wrapper invocation runs at once. */
  processorConcurrency: number;
};

export const DEFAULT_PIPELINE: PipelineSettings = { wrapperBatchSize: 25, processorBatchSize: 25, processorConcurrency: 8 };

/** One invocation: the readings it carries, how long it runs (ms) and the processor calls it waits for (the wrapper's). */
export type Invocation = { readings: number; ms: number; processorCalls: number };

/** Every invocation one message causes, by function. */
export type MessageWork = Record<PipelineFunction, Invocation[]>;

/**
 * Milliseconds of an invocation carrying `n` readings: linear between the one-reading figure and
 * the figure for `batch` readings (beyond them, the same line extended; never below 0).
 */
export function durationFor(pair: DurationPair, n: number, batch: number): number {
  if (batch <= 1) return pair.one;
  return Math.max(0, pair.one + ((pair.batch - pair.one) * (n - 1)) / (batch - 1));
}

/** The processor calls a wrapper invocation of `readings` readings of `devices` devices makes, and the readings of its largest call. */
export function processorCalls(readings: number, devices: number, settings: PipelineSettings): { calls: number; largest: number } {
  const d = Math.max(1, Math.min(readings, devices));
  const fewer = Math.floor(readings / d);
  const more = readings % d; // this many devices carry one reading more than the others
  const callsOf = (r: number): number => Math.ceil(r / settings.processorBatchSize);
  const calls = more * callsOf(fewer + 1) + (d - more) * callsOf(fewer);
  return { calls, largest: Math.min(settings.processorBatchSize, more > 0 ? fewer + 1 : fewer) };
}

/**
 * How long a wrapper invocation runs: its own work (the measured wrapper figure less the processor
 * time it waited for, interpolated by readings) plus one processor call per round of
 * `processorConcurrency` calls. Reproduces both measured shapes exactly.
 */
export function wrapperMs(durations: FunctionDurations, readings: number, devices: number, settings: PipelineSettings): number {
  const rounds = (calls: number): number => Math.ceil(calls / settings.processorConcurrency);
  const callMs = (n: number): number => durationFor(durations.processor, n, durations.batch);
  const measured = processorCalls(durations.batch, durations.wrapperBatchDevices, settings);
  const ownOne = Math.max(0, durations.wrapper.one - callMs(1));
  const ownBatch = Math.max(0, durations.wrapper.batch - rounds(measured.calls) * callMs(measured.largest));
  const own = durationFor({ one: ownOne, batch: ownBatch }, readings, durations.batch);
  const here = processorCalls(readings, devices, settings);
  return own + rounds(here.calls) * callMs(here.largest);
}

/**
 * The invocations one message of `readings` readings from `devices` distinct devices causes
 * (readings interleaved by device, as a gateway collects them: every wrapper invocation sees
 * min(its readings, `devices`) devices).
 *
 * @example
 * ```ts
 * messageWork(DEFAULT_DURATIONS, 1, 1, DEFAULT_PIPELINE); // one invocation of each function
 * ```
 */
export function messageWork(durations: FunctionDurations, readings: number, devices: number, settings: PipelineSettings): MessageWork {
  const work: MessageWork = { dispatcher: [{ readings, ms: durationFor(durations.dispatcher, readings, durations.batch), processorCalls: 0 }], wrapper: [], processor: [], persister: [] };
  for (let from = 0; from < readings; from += settings.wrapperBatchSize) {
    const group = Math.min(settings.wrapperBatchSize, readings - from);
    const inGroup = Math.min(group, devices);
    const calls = processorCalls(group, inGroup, settings);
    work.wrapper.push({ readings: group, ms: wrapperMs(durations, group, inGroup, settings), processorCalls: calls.calls });
    const perCall = group / calls.calls;
    for (let c = 0; c < calls.calls; c += 1) work.processor.push({ readings: perCall, ms: durationFor(durations.processor, perCall, durations.batch), processorCalls: 0 });
    work.persister.push({ readings: group, ms: durationFor(durations.persister, group, durations.batch), processorCalls: 0 });
  }
  return work;
}
