// Fake ConsoleSources for the console's unit and browser tests: a small twin (two processors, a
// wrapper whose thermostat-1 circuit is open, one processor failing 15 % of its calls under a
// "healthy" report, parked readings of two reasons and two devices, a 0.2 fault rate), every
// change recorded and every figure mutable, so a test can change the twin between refreshes.
import { dispatcherFunctionName, hotTableName, persisterFunctionName, processorFunctionName, wrapperFunctionName } from '@twinflow/core';
import type { FailureRecord, HealthStatus } from '@twinflow/core';
import type { ConsoleSources, DeviceCounts, FaultSettings, FunctionHealth, FunctionMetrics, ReplaySelection, ReplaySummary, TwinCounts } from '../src/health/sources';

export const NOW = Date.parse('2026-11-24T08:00:00.000Z');
export const TWIN = 'demo';
export const NAMES = {
  dispatcher: dispatcherFunctionName(TWIN),
  wrapper: wrapperFunctionName(TWIN),
  persister: persisterFunctionName(TWIN),
  processors: { 'pressure-sensor-1': processorFunctionName(TWIN, 'pressure-sensor-1'), 'thermostat-1': processorFunctionName(TWIN, 'thermostat-1') },
};
export const HOT_TABLE = hotTableName(TWIN);

/** A component of a health report; healthy, 40 calls, unless told otherwise. */
export function component(fields: Partial<HealthStatus> & { circuitRetryAt?: string } = {}): HealthStatus & { circuitRetryAt?: string } {
  return { status: 'healthy', isHealthy: true, consecutiveFailures: 0, totalRequests: 40, totalFailures: 0, errorRate: 0, windowErrorRate: 0, circuit: 'closed', ...fields };
}

function report(components: Record<string, HealthStatus>): FunctionHealth {
  return { status: 'healthy', generatedAt: new Date(NOW).toISOString(), components };
}

/** The three services' reports: the wrapper sees thermostat-1's circuit open (probe in 25 s), pressure-sensor-1 failing 15 %. */
export function healthReports(): Record<string, FunctionHealth> {
  return {
    [NAMES.dispatcher]: report({ [NAMES.wrapper]: component({ totalRequests: 100 }) }),
    [NAMES.wrapper]: {
      status: 'unhealthy',
      generatedAt: new Date(NOW).toISOString(),
      components: {
        [NAMES.processors['thermostat-1']]: component({
          status: 'unhealthy',
          isHealthy: false,
          consecutiveFailures: 5,
          totalFailures: 5,
          errorRate: 0.125,
          windowErrorRate: 0.25,
          circuit: 'open',
          circuitRetryAt: new Date(NOW + 25_000).toISOString(),
          lastError: { type: 'LambdaFunctionError', message: 'boom', at: new Date(NOW - 1000).toISOString() },
        }),
        [NAMES.processors['pressure-sensor-1']]: component({ totalFailures: 6, errorRate: 0.15, windowErrorRate: 0.15 }),
        [NAMES.persister]: component({ totalRequests: 60 }),
      },
    },
    [NAMES.persister]: report({ [HOT_TABLE]: component({ totalRequests: 60 }) }),
  };
}

/** A parked record. */
export function parkedRecord(n: number, deviceId: string, reason: string, stage: FailureRecord['stage'] = 'process'): FailureRecord {
  return {
    id: `rec-${n}`,
    twin: TWIN,
    stage,
    reason,
    errorType: reason === 'circuit-open' ? 'CircuitOpenError' : 'LambdaFunctionError',
    message: `${reason} for ${deviceId}`,
    attempts: 1,
    failedAt: new Date(NOW - n * 1000).toISOString(),
    deviceId,
    eventId: `evt-${n}`,
    original: { deviceId, n },
  };
}

function metric(p50: number, p99: number, errors = 0): FunctionMetrics {
  return {
    invocations: 40,
    errors,
    retries: 0,
    throttles: 0,
    circuitOpen: 0,
    errorRate: errors / 40,
    duration: { count: 40, p50, p99 },
    recordedBy: [NAMES.wrapper],
  };
}

/** The fake's mutable state and what was asked of it. */
export type FakeConsole = ConsoleSources & {
  state: {
    functions: Record<string, FunctionHealth>;
    counts: TwinCounts;
    byDevice: Record<string, DeviceCounts>;
    parked: FailureRecord[];
    faults: FaultSettings;
    dynamo: boolean;
    metrics: Record<string, FunctionMetrics>;
  };
  calls: {
    replay: ReplaySelection[];
    setFaults: Array<[number, Record<string, number>, Record<string, string>]>;
    setDynamoAvailable: boolean[];
    deployProcessor: Array<[string, string, string | undefined]>;
  };
};

/** Fake sources over the small twin above; `replay` removes the records it selects. */
export function fakeConsole(): FakeConsole {
  const state: FakeConsole['state'] = {
    functions: healthReports(),
    counts: { sent: 120, persisted: 100, failed: 6, storedAndParked: 0, inFlight: 14, settled: 106, eventsPerSecond: 5.3 },
    byDevice: { 'thermostat-1': { stored: 50, parked: 4 }, 'pressure-sensor-1': { stored: 50, parked: 2 } },
    parked: [
      parkedRecord(1, 'thermostat-1', 'circuit-open'),
      parkedRecord(2, 'thermostat-1', 'circuit-open'),
      parkedRecord(3, 'thermostat-1', 'processor-error'),
      parkedRecord(4, 'thermostat-1', 'processor-error'),
      parkedRecord(5, 'pressure-sensor-1', 'processor-error'),
      parkedRecord(6, 'pressure-sensor-1', 'processor-error', 'persist'),
    ],
    faults: { rate: 0.2 },
    dynamo: true,
    metrics: { [NAMES.processors['pressure-sensor-1']]: metric(12, 250, 6), [NAMES.processors['thermostat-1']]: metric(30, 900, 5), [NAMES.persister]: metric(8, 40) },
  };
  const calls: FakeConsole['calls'] = { replay: [], setFaults: [], setDynamoAvailable: [], deployProcessor: [] };
  const matches = (record: FailureRecord, s: ReplaySelection): boolean =>
    (s.reason === undefined || record.reason === s.reason) && (s.device === undefined || record.deviceId === s.device) && (s.stage === undefined || record.stage === s.stage);
  return {
    twin: TWIN,
    stage: 'dev',
    functionNames: NAMES,
    hotTable: HOT_TABLE,
    state,
    calls,
    health: async () => state.functions,
    counts: () => state.counts,
    countsByDevice: () => state.byDevice,
    metrics: () => state.metrics,
    newestReadings: async () => [{ device_id: 'thermostat-1', timestamp: new Date(NOW - 500).toISOString(), data: { temperatureC: 21 }, processed_at: new Date(NOW).toISOString() }],
    parked: async () => state.parked,
    replay: async (selection): Promise<ReplaySummary> => {
      calls.replay.push(selection);
      const selected = state.parked.filter((r) => matches(r, selection));
      state.parked = state.parked.filter((r) => !matches(r, selection));
      return { selected: selected.length, replayed: selected.length, failedAgain: 0, storedAlready: 0, errors: 0 };
    },
    faults: () => state.faults,
    setFaults: (rate, devices, kinds) => {
      calls.setFaults.push([rate, devices, kinds]);
      state.faults = { rate, devices, kinds };
    },
    dynamoAvailable: () => state.dynamo,
    setDynamoAvailable: (available) => {
      calls.setDynamoAvailable.push(available);
      state.dynamo = available;
    },
    account: async () => ({ ...state.counts, lost: 0, readings: [] }),
    deployProcessor: async (device, zipPath, sha256) => {
      calls.deployProcessor.push([device, zipPath, sha256]);
      return { version: 2 };
    },
  };
}
