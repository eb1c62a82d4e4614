import { DEFAULT_DURATIONS, FUNCTION_DURATIONS_BENCHMARK, durationRows, readDurations } from '../../src/durations';
import { CapacityInputError } from '../../src/errors';

describe('readDurations', () => {
  it('reads back the rows the bench writes, from a results file', () => {
    // Prepare
    const results = { at: '2026-12-02T12:00:00.000Z', benchmarks: [{ name: 'other', rows: [] }, { name: FUNCTION_DURATIONS_BENCHMARK, source: 'the bench', rows: durationRows(DEFAULT_DURATIONS) }] };
    // Act
    const read = readDurations(results, 'latest.json');
    // Assess
    expect(read).toEqual({ ...DEFAULT_DURATIONS, source: 'the bench (latest.json of 2026-12-02T12:00:00.000Z)' });
  });

  it('is undefined for a results file without the benchmark', () => {
    // Assess
    expect(readDurations({ benchmarks: [{ name: 'pipeline throughput (local twin)', rows: [] }] }, 'latest.json')).toBeUndefined();
  });

  it('reads a durations object as is', () => {
    // Act
    const read = readDurations({ ...DEFAULT_DURATIONS, source: 'mine' }, 'mine.json');
    // Assess
    expect(read?.wrapper).toEqual(DEFAULT_DURATIONS.wrapper);
    expect(read?.source).toBe('mine (mine.json)');
  });

  it('names the field that is wrong', () => {
    // Prepare
    const broken = { ...DEFAULT_DURATIONS, persister: { one: 3, batch: -1 } };
    // Act / Assess
    expect(() => readDurations(broken, 'broken.json')).toThrow(CapacityInputError);
    expect(() => readDurations(broken, 'broken.json')).toThrow('broken.json: durations.persister.batch must be a positive number of ms, got -1');
    expect(() => readDurations({ ...DEFAULT_DURATIONS, batch: 2.5 }, 'b.json')).toThrow('durations.batch must be a positive integer');
  });
});
