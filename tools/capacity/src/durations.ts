// The durations the model bills: one figure per function for one reading and for a batch, as
// bench/functionDurations.ts measures them on the local twin (client-observed medians, so upper
// bounds: serverless-offline's own overhead is in them). The bench writes them in this shape.
import { CapacityInputError } from './errors';

/** Name of the benchmark in bench/results/latest.json whose `durations` the calculator reads. */
export const FUNCTION_DURATIONS_BENCHMARK = 'function durations (local twin)';

/** Milliseconds of one invocation carrying one reading, and carrying `batch` readings. */
export type DurationPair = { one: number; batch: number };

/** The four functions whose durations are billed. */
export const PIPELINE_FUNCTIONS = ['dispatcher', 'wrapper', 'processor', 'persister'] as const;
export type PipelineFunction = (typeof PIPELINE_FUNCTIONS)[number];

/**
 * Durations of the pipeline's functions, in ms. `wrapper` includes the processor calls it waits
 * for (one for `one`; `wrapperBatchDevices` of them, at once, for `batch`).
 */
export type FunctionDurations = Record<PipelineFunction, DurationPair> & {
  /** Readings in an invocation of the `batch` figures. */
  batch: number;
  /** Distinct devices among the wrapper's batch: the processor calls it made. */
  wrapperBatchDevices: number;
  /** Where the figures come from (shown with the table). */
  source: string;
};

/**
 * Used when no measurement is at hand: medians of 25 calls each of `bench/functionDurations.ts`
 * (gateway batch of 25 readings of two devices) on the local twin of this repository on
 * 2026-12-02, on a 2-vCPU machine shared with other work (load average ~8). Upper bounds, like
 * every figure of that benchmark, and loose ones: on a quiet machine a processor call through the
 * twin takes ~1.7 ms client-observed (the adapter benchmark), here 11.
 */
export const DEFAULT_DURATIONS: FunctionDurations = {
  batch: 25,
  wrapperBatchDevices: 2,
  dispatcher: { one: 27.9, batch: 31.5 },
  wrapper: { one: 40.6, batch: 75 },
  processor: { one: 11.1, batch: 10 },
  persister: { one: 22.8, batch: 57.7 },
  source: 'not measured in this run: the defaults of tools/capacity/src/durations.ts (local twin, 2026-12-02, a loaded machine)',
};

/** A function's durations as a row of the bench's table (bench/functionDurations.ts writes these). */
export type DurationRow = {
  function: PipelineFunction;
  oneReadingMs: number;
  batchMs: number;
  batchReadings: number;
  /** Distinct devices among the batch's readings. */
  batchDevices: number;
};

/**
 * The bench's rows for `durations`, one per function: what {@link readDurations} reads back from
 * bench/results/latest.json.
 *
 * @example
 * ```ts
 * return { name: FUNCTION_DURATIONS_BENCHMARK, rows: durationRows(measured), goal: '…' };
 * ```
 */
export function durationRows(durations: FunctionDurations): DurationRow[] {
  return PIPELINE_FUNCTIONS.map((fn) => ({
    function: fn,
    oneReadingMs: durations[fn].one,
    batchMs: durations[fn].batch,
    batchReadings: durations.batch,
    // The processor and persister were measured on readings of one device; the dispatcher's gateway message holds the wrapper's devices.
    batchDevices: fn === 'processor' || fn === 'persister' ? 1 : durations.wrapperBatchDevices,
  }));
}

/**
 * Reads durations from parsed JSON: a bench results file (`{ benchmarks: [...] }`, the
 * {@link FUNCTION_DURATIONS_BENCHMARK} benchmark's rows), or a `FunctionDurations` object.
 * `undefined` for a results file without that benchmark.
 *
 * @throws CapacityInputError naming the field, for durations of the wrong shape
 * @example
 * ```ts
 * const durations = readDurations(JSON.parse(readFileSync('bench/results/latest.json', 'utf8')), 'bench/results/latest.json') ?? DEFAULT_DURATIONS;
 * ```
 */
export function readDurations(value: unknown, origin: string): FunctionDurations | undefined {
  if (isObject(value) && Array.isArray(value['benchmarks'])) {
    const bench = (value['benchmarks'] as unknown[]).find((b) => isObject(b) && b['name'] === FUNCTION_DURATIONS_BENCHMARK);
    if (!isObject(bench)) return undefined;
    const rows = Array.isArray(bench['rows']) ? (bench['rows'] as unknown[]).filter(isObject) : [];
    const rowOf = (fn: PipelineFunction): Record<string, unknown> => rows.find((row) => row['function'] === fn) ?? {};
    const wrapper = rowOf('wrapper');
    const fromRows: Record<string, unknown> = {
      ...Object.fromEntries(PIPELINE_FUNCTIONS.map((fn) => [fn, { one: rowOf(fn)['oneReadingMs'], batch: rowOf(fn)['batchMs'] }])),
      batch: wrapper['batchReadings'],
      wrapperBatchDevices: wrapper['batchDevices'],
      source: typeof bench['source'] === 'string' ? bench['source'] : 'measured',
    };
    const at = typeof value['at'] === 'string' ? ` of ${value['at']}` : '';
    return checked(fromRows, `${origin}${at}`);
  }
  return checked(value, origin);
}

function checked(value: unknown, origin: string): FunctionDurations {
  const fail = (field: string, why: string): never => {
    throw new CapacityInputError(`${origin}: durations.${field} ${why}`, '--durations');
  };
  if (!isObject(value)) return fail('', 'must be an object');
  const count = (field: 'batch' | 'wrapperBatchDevices'): number => {
    const n = value[field];
    return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : fail(field, `must be a positive integer, got ${JSON.stringify(n)}`);
  };
  const ms = (fn: PipelineFunction, which: keyof DurationPair): number => {
    const pair = value[fn];
    const n = isObject(pair) ? pair[which] : undefined;
    return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : fail(`${fn}.${which}`, `must be a positive number of ms, got ${JSON.stringify(n)}`);
  };
  const pairs = Object.fromEntries(PIPELINE_FUNCTIONS.map((fn) => [fn, { one: ms(fn, 'one'), batch: ms(fn, 'batch') }])) as Record<PipelineFunction, DurationPair>;
  const source = typeof value['source'] === 'string' ? value['source'] : 'measured';
  return { ...pairs, batch: count('batch'), wrapperBatchDevices: count('wrapperBatchDevices'), source: `${source} (${origin})` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
