import { LambdaClient } from '@aws-sdk/client-lambda';
import type { InvokeCommandInput } from '@aws-sdk/client-lambda';
import { createDeviceLookup, createLogger, parseDeviceRegistry, parseTwinConfig } from '@twinflow/core';
import type { ExecuteRequest, TelemetryEvent } from '@twinflow/core';
import { MemoryMetrics } from '@twinflow/lambda-adapter';
import { MemoryFailureStore } from '@twinflow/runtime';
import type { FailureStore } from '@twinflow/runtime';
import { createDispatcher } from '../../src/createDispatcher';
import { readDispatcherEnv } from '../../src/dispatcherEnv';
import type { DispatcherDeps, DispatcherHandler, DispatcherResult } from '../../src/types';

/** Fixed receive clock: 2026-11-24T08:00:00.000Z. */
export const NOW = Date.UTC(2026, 10, 24, 8, 0, 0);

/** The test registry (the repository ships an empty one). */
export const devices = createDeviceLookup(parseDeviceRegistry([{ id: 'thermostat-1' }, { id: 'thermostat-2' }, { id: 'pump-1' }]));

/** A valid raw reading of a registered device, measured `seconds` after NOW - 1 h. */
export function reading(seconds = 0, deviceId = 'thermostat-1', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { device_id: deviceId, ts: Math.floor(NOW / 1000) - 3600 + seconds, temperature: 20 + seconds / 10, ...extra };
}

/** Captured JSON log lines. */
export function captureLogs(): { lines: Array<Record<string, unknown>>; logger: ReturnType<typeof createLogger> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'debug', now: () => NOW, write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { lines, logger };
}

/** Delays the adapter asked for; resolves at once. */
export function instantSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

/**
 * A dispatcher over the test registry, a memory failure store, in-memory metrics and an instant
 * sleep. `dispatch` expects a dispatch result; `handler` is the raw handler (it may also answer a
 * health report).
 */
export function buildDispatcher(
  vars: NodeJS.ProcessEnv = {},
  overrides: Partial<DispatcherDeps> = {},
): {
  dispatch: (event: unknown) => Promise<DispatcherResult>;
  handler: DispatcherHandler;
  failures: MemoryFailureStore;
  lines: Array<Record<string, unknown>>;
  delays: number[];
  metrics: MemoryMetrics;
} {
  const failures = new MemoryFailureStore();
  const metrics = new MemoryMetrics();
  const { lines, logger } = captureLogs();
  const { sleep, delays } = instantSleep();
  const env = readDispatcherEnv({ TWIN_NAME: 'demo', FAILURE_STORE: 'memory', ...vars }, parseTwinConfig({ twinName: 'demo', region: 'eu-central-1' }));
  const handler = createDispatcher({
    env,
    devices,
    failureStore: failures as FailureStore,
    lambdaClient: new LambdaClient({ region: 'eu-central-1' }),
    logger,
    metrics,
    now: () => NOW,
    sleep,
    random: () => 0.5,
    ...overrides,
  });
  const dispatch = async (event: unknown): Promise<DispatcherResult> => {
    const result = await handler(event, { awsRequestId: 'req-1' });
    if (!('received' in result)) throw new Error('expected a dispatch result, got a health report');
    return result;
  };
  return { dispatch, handler, failures, lines, delays, metrics };
}

/** The ExecuteRequest a recorded InvokeCommand carried. */
export function decodeRequest(input: InvokeCommandInput | undefined): ExecuteRequest & { payload: { events: TelemetryEvent[] } } {
  if (input === undefined) throw new Error('expected an InvokeCommand, none was sent');
  return JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)) as ExecuteRequest & { payload: { events: TelemetryEvent[] } };
}
