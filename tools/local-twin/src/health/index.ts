// The local twin's console: the health server, the sources it reads, and the status rules.
export { startHealthServer } from './server';
export type { HealthServer, HealthServerOptions } from './server';
export { ConsoleRequestError } from './errors';
export { STATUS_THRESHOLDS, shownStatus } from './status';
export type { ShownStatus } from './status';
export type {
  Awaitable,
  ComponentHealth,
  ConsoleDocument,
  ConsoleFunctionNames,
  ConsoleSources,
  DeviceCounts,
  FaultSettings,
  FunctionHealth,
  FunctionMetrics,
  ReplaySelection,
  ReplaySummary,
  StoredReading,
  TwinCounts,
  UnreachableFunction,
} from './sources';
