import { DEFAULT_DURATIONS } from '../../src/durations';
import { DEFAULT_PIPELINE, durationFor, messageWork, processorCalls, wrapperMs } from '../../src/messageShape';
import { roundDurations } from './factories';

const counts = (work: ReturnType<typeof messageWork>) => ({ dispatcher: work.dispatcher.length, wrapper: work.wrapper.length, processor: work.processor.length, persister: work.persister.length });

describe('messageWork', () => {
  it('a device message is one invocation of each function', () => {
    // Act
    const work = messageWork(roundDurations(), 1, 1, DEFAULT_PIPELINE);
    // Assess
    expect(counts(work)).toEqual({ dispatcher: 1, wrapper: 1, processor: 1, persister: 1 });
  });

  it('a gateway message of 25 readings of 25 devices: one dispatcher, wrapper and persister, 25 processor calls', () => {
    // Act
    const work = messageWork(roundDurations(), 25, 25, DEFAULT_PIPELINE);
    // Assess
    expect(counts(work)).toEqual({ dispatcher: 1, wrapper: 1, processor: 25, persister: 1 });
    expect(work.wrapper[0]).toEqual({ readings: 25, ms: 35, processorCalls: 25 });
  });

  it('of 25 readings of 2 devices: two processor calls (13 and 12 readings)', () => {
    // Act
    const work = messageWork(roundDurations(), 25, 2, DEFAULT_PIPELINE);
    // Assess
    expect(counts(work)).toEqual({ dispatcher: 1, wrapper: 1, processor: 2, persister: 1 });
  });

  it('of 60 readings: the wrapper takes 25 at a time (25, 25, 10), each with its persister invocation', () => {
    // Act
    const work = messageWork(roundDurations(), 60, 2, DEFAULT_PIPELINE);
    // Assess
    expect(counts(work)).toEqual({ dispatcher: 1, wrapper: 3, processor: 6, persister: 3 });
    expect(work.persister.map((run) => run.readings)).toEqual([25, 25, 10]);
  });

  it('splits a device with more readings than a processor batch into several calls', () => {
    // Act
    const calls = processorCalls(60, 1, { ...DEFAULT_PIPELINE, processorBatchSize: 25 });
    // Assess
    expect(calls).toEqual({ calls: 3, largest: 25 });
  });
});

describe('durations by size', () => {
  it('interpolates between one reading and the measured batch', () => {
    // Assess
    expect(durationFor({ one: 10, batch: 34 }, 1, 25)).toBe(10);
    expect(durationFor({ one: 10, batch: 34 }, 13, 25)).toBe(22);
    expect(durationFor({ one: 10, batch: 34 }, 49, 25)).toBe(58);
  });

  it('the wrapper model reproduces both measured shapes', () => {
    // Prepare
    const d = DEFAULT_DURATIONS;
    // Assess
    expect(wrapperMs(d, 1, 1, DEFAULT_PIPELINE)).toBeCloseTo(d.wrapper.one, 9);
    expect(wrapperMs(d, d.batch, d.wrapperBatchDevices, DEFAULT_PIPELINE)).toBeCloseTo(d.wrapper.batch, 9);
  });

  it('a wrapper waits one processor call per round of PROCESSOR_CONCURRENCY calls', () => {
    // Prepare: own work 15 ms flat, processor 5 ms per single reading
    const d = roundDurations();
    // Assess
    expect(wrapperMs(d, 8, 8, DEFAULT_PIPELINE)).toBe(15 + 5);
    expect(wrapperMs(d, 9, 9, DEFAULT_PIPELINE)).toBe(15 + 2 * 5);
  });
});
