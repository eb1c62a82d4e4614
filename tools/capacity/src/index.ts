// @twinflow/capacity: what a fleet costs on AWS and the Lambda concurrency it needs. The CLI
// (cli.ts, `npm run capacity`) is the tool; this entry is what the bench writes durations with.
export { FUNCTION_DURATIONS_BENCHMARK, PIPELINE_FUNCTIONS, durationRows, readDurations } from './durations';
export type { DurationPair, DurationRow, FunctionDurations, PipelineFunction } from './durations';
