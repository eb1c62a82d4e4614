import type { CapacityInput, LogBytes } from '../../src/capacity';
import type { FunctionDurations } from '../../src/durations';

/** Durations that make the arithmetic easy: +1 ms per reading for the dispatcher, wrapper and persister. */
export const roundDurations = (): FunctionDurations => ({
  batch: 25,
  wrapperBatchDevices: 1,
  dispatcher: { one: 10, batch: 34 },
  wrapper: { one: 20, batch: 44 },
  processor: { one: 5, batch: 29 },
  persister: { one: 8, batch: 32 },
  source: 'test',
});

export const noLogs = (): LogBytes => ({
  dispatcher: { perInvocation: 0, perReading: 0, perProcessorCall: 0 },
  wrapper: { perInvocation: 0, perReading: 0, perProcessorCall: 0 },
  processor: { perInvocation: 0, perReading: 0, perProcessorCall: 0 },
  persister: { perInvocation: 0, perReading: 0, perProcessorCall: 0 },
});

/** 100 devices × 1 reading/s, 512 MB everywhere, 1.5 KB items (2 write units), no logs, no failures. */
export const hundredDevices = (overrides: Partial<CapacityInput> = {}): CapacityInput => ({
  devices: 100,
  ratePerDevice: 1,
  batch: 25,
  durations: roundDurations(),
  memoryMb: { dispatcher: 512, wrapper: 512, processor: 512, persister: 512 },
  itemBytes: 1500,
  readingBytes: 100,
  logBytes: noLogs(),
  failureRate: 0,
  retentionDays: 30,
  ...overrides,
});
