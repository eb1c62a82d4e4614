// What the console server reads and changes in the running twin: the typed seam between the
// health server and the LocalTwin that starts it. Types only; nothing here runs.
import type { FailureRecord, FailureStage, HealthStatus, JsonObject } from '@twinflow/core';
import type { HealthReport } from '@twinflow/health';
import type { FaultKind } from '../shims/processorFaults';

/** A value, or a promise of it: a source may answer from memory or after I/O. */
export type Awaitable<T> = T | Promise<T>;

/** A function that did not answer its `{ action: 'health' }` invocation. */
export type UnreachableFunction = { status: 'unreachable'; error: string };

/**
 * A component of a health report as the console reads it: core's `HealthStatus`, plus the
 * time an open circuit lets a probe through (ISO-8601 UTC) once packages/health reports it
 * (`CircuitBreaker.retryAt()`); the countdown is drawn only when it is present.
 */
export type ComponentHealth = HealthStatus & { circuitRetryAt?: string };

/** One function's answer to `{ action: 'health' }`: its report, or why it could not be had. */
export type FunctionHealth = (Omit<HealthReport, 'components'> & { components: Record<string, ComponentHealth> }) | UnreachableFunction;

/** The ledger's live figures (no table read): what `/counts.json` returns. */
export type TwinCounts = {
  /** Readings the simulator sent. */
  sent: number;
  /** Readings found in the hot table (including those also parked). */
  persisted: number;
  /** Readings parked in the failure store and not stored. */
  failed: number;
  /** Readings parked and stored after all. */
  storedAndParked: number;
  /** Readings sent and not settled yet. */
  inFlight: number;
  /** Readings settled (stored, parked or both). */
  settled: number;
  /** Settled readings per second since the start. */
  eventsPerSecond: number;
  accepted?: number;
  rejectedAtSend?: number;
  functionErrors?: number;
  lost?: number | null;
  durationMs?: number;
};

/** Settled readings of one device since the start. */
export type DeviceCounts = { stored: number; parked: number };

/** One function's adapter metrics, summed from the services' EMF lines (emfMetrics). */
export type FunctionMetrics = {
  invocations: number;
  errors: number;
  retries: number;
  throttles: number;
  circuitOpen: number;
  cacheHits?: number;
  cacheMisses?: number;
  rateLimited?: number;
  /** `errors / invocations`, 0..1. */
  errorRate: number;
  errorsByType?: Record<string, number>;
  /** Call duration in milliseconds over the most recent calls; p50/p99 absent before the first. */
  duration: { count: number; p50?: number; p99?: number };
  /** The services whose adapters called this function. */
  recordedBy: string[];
};

/** A stored reading as the hot table holds it (read by key). */
export type StoredReading = { device_id: string; timestamp: string; data?: JsonObject; processed_at?: string; event_id?: string; ttl?: number };

/** The processors' injected faults (faults.json): a global rate, rates per device, a kind per device. */
export type FaultSettings = { rate: number; devices?: Record<string, number>; kinds?: Record<string, FaultKind> };

/** Which parked readings to replay; every given field must match, none given means all. */
export type ReplaySelection = { reason?: string; device?: string; stage?: FailureStage };

/** What a replay did (as `npm run failures -- replay` reports it). */
export type ReplaySummary = { selected: number; replayed: number; failedAgain: number; storedAlready: number; errors: number; duplicates?: number };

/** The twin's function names, from core's naming (`{twin}-dispatcher`, ...). */
export type ConsoleFunctionNames = {
  dispatcher: string;
  wrapper: string;
  persister: string;
  /** Processor function per device id, e.g. `{ 'thermostat-1': 'demo-thermostat-1-processor' }`. */
  processors: Readonly<Record<string, string>>;
};

/**
 * Everything the health server calls. `LocalTwin` implements it over the running twin; tests
 * pass fakes. No method may scan the hot table: newest readings are read by key, parked
 * records come from the (small) failure store.
 */
export interface ConsoleSources {
  /** Twin name, e.g. `demo`. */
  readonly twin: string;
  /** Stage the functions run in, e.g. `local`. */
  readonly stage: string;
  readonly functionNames: ConsoleFunctionNames;
  /** The hot table, e.g. `demo-hot` (a node of the pipeline). */
  readonly hotTable: string;
  /** Each service's health report, by function name (dispatcher, wrapper, persister). */
  health(): Awaitable<Record<string, FunctionHealth>>;
  /** The ledger's counts; cheap, sampled every second. */
  counts(): TwinCounts;
  /** Settled readings per device; cheap, sampled every second. */
  countsByDevice(): Record<string, DeviceCounts>;
  /** Adapter metrics by called function name (`{}` before the first EMF line). */
  metrics(): Record<string, FunctionMetrics>;
  /** The newest stored readings, newest first, read by key (never a Scan). */
  newestReadings(): Awaitable<StoredReading[]>;
  /** Every record in the failure store. */
  parked(): Awaitable<FailureRecord[]>;
  /** Replays the parked readings matching `selection`. */
  replay(selection: ReplaySelection): Awaitable<ReplaySummary>;
  /** The faults injected right now. */
  faults(): FaultSettings;
  /** Sets the faults (validated by the server first); may throw with a message for the client. */
  setFaults(rate: number, devices: Record<string, number>, kinds: Record<string, FaultKind>): void;
  /** Whether DynamoDB answers (false while stopped through `PUT /admin/dynamodb`). */
  dynamoAvailable(): boolean;
  setDynamoAvailable(available: boolean): Awaitable<void>;
  /** The ledger's account checked against both tables, every reading with its status (`/ledger.json`). */
  account(): Awaitable<JsonObject>;
  /**
   * Installs the processor zip at `zipPath` (checked to exist and, given `sha256`, to match) for
   * `device`. Rejects with core's `UnknownDeviceError` for a device this twin does not serve (404)
   * or a `ConsoleRequestError` to choose the status.
   */
  deployProcessor(device: string, zipPath: string, sha256?: string): Awaitable<{ version: number | string }>;
}

/** Parked readings that share a reason, a device or a stage. */
export type ParkedGroup = { key: string; count: number };

/** A parked record as the console lists it (no payload). */
export type ParkedEntry = Pick<FailureRecord, 'id' | 'stage' | 'reason' | 'message' | 'failedAt' | 'deviceId'>;

/** The failure store, summarized. */
export type ParkedView = {
  total: number;
  byReason: ParkedGroup[];
  byDevice: ParkedGroup[];
  byStage: ParkedGroup[];
  /** The newest records, newest first. */
  newest: ParkedEntry[];
  /** Why the store could not be read, when it could not. */
  error?: string;
};

/** Readings per second of one device over the throughput window. */
export type DeviceThroughput = { device: string; storedPerSecond: number; parkedPerSecond: number; stored: number; parked: number };

/** One point of the sparkline: rates over the second before `at` (epoch ms). */
export type RatePoint = { at: number; readingsPerSecond: number; failuresPerSecond: number };

/** `/health.json`: the document the console renders, first paint and every refresh. */
export type ConsoleDocument = {
  twin: string;
  stage: string;
  generatedAt: string;
  counts: TwinCounts;
  functions: Record<string, FunctionHealth>;
  metrics: Record<string, FunctionMetrics>;
  newestReadings: StoredReading[];
  functionNames: ConsoleFunctionNames;
  hotTable: string;
  faults: FaultSettings;
  dynamodb: { available: boolean };
  parked: ParkedView;
  throughput: DeviceThroughput[];
  history: RatePoint[];
};
