import 'aws-sdk-client-mock-jest';
import { InvokeCommand, LambdaClient, ResourceNotFoundException, TooManyRequestsException } from '@aws-sdk/client-lambda';
import type { InvokeCommandInput, InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createLogger } from '@twinflow/core';
import type { JsonObject, TelemetryEvent } from '@twinflow/core';
import type { HealthReport } from '@twinflow/health';
import { MemoryMetrics } from '@twinflow/lambda-adapter';
import { MemoryFailureStore } from '@twinflow/runtime';
import type { FailureStore } from '@twinflow/runtime';
import { createWrapper } from '../../src/createWrapper';
import type { WrapperDeps, WrapperHandler, WrapperResult } from '../../src/types';
import type { WrapperEnv } from '../../src/wrapperEnv';

export const lambdaMock = mockClient(LambdaClient);
export const PERSISTER = 'demo-persister';
export const NOW = Date.UTC(2026, 10, 24, 8, 0, 0);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The processor function of `deviceId` in twin demo. */
export const processorOf = (deviceId: string): string => `demo-${deviceId}-processor`;

/** A valid TelemetryEvent of twin demo. */
export function telemetryEvent(deviceId: string, n = 1, payload: JsonObject = { temperature: 20 + n }): TelemetryEvent {
  return {
    twin: 'demo',
    deviceId,
    timestamp: new Date(NOW - n * 1000).toISOString(),
    eventId: `${deviceId}-e${n}`,
    payload,
    receivedAt: new Date(NOW).toISOString(),
  };
}

/** A response body as the SDK returns it. */
export function body(value: unknown): InvokeCommandOutput['Payload'] {
  return encoder.encode(JSON.stringify(value)) as InvokeCommandOutput['Payload'];
}

/** A successful RequestResponse invocation returning `value`. */
export const ok = (value: unknown): Partial<InvokeCommandOutput> => ({ StatusCode: 200, ExecutedVersion: '$LATEST', Payload: body(value) });
/** A processor that threw. */
export const functionError = (errorType: string, errorMessage: string): Partial<InvokeCommandOutput> => ({
  StatusCode: 200,
  FunctionError: 'Unhandled',
  Payload: body({ errorType, errorMessage, trace: [] }),
});
export const queued: Partial<InvokeCommandOutput> = { StatusCode: 202 };
export const throttled = (): Error =>
  new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 }, Reason: 'ConcurrentInvocationLimitExceeded' });
export const notFound = (name: string): Error =>
  new ResourceNotFoundException({ message: `Function not found: ${name}`, $metadata: { httpStatusCode: 404 } });

/** Every InvokeCommand input sent, in order. */
export const invokeInputs = (): InvokeCommandInput[] => lambdaMock.commandCalls(InvokeCommand).map((call) => call.args[0].input);
/** The inputs sent to one function. */
export const callsTo = (functionName: string): InvokeCommandInput[] => invokeInputs().filter((input) => input.FunctionName === functionName);
/** A request's payload, parsed. */
export const payloadOf = (input: InvokeCommandInput | undefined): unknown =>
  input?.Payload === undefined ? undefined : JSON.parse(decoder.decode(input.Payload as Uint8Array));

/** The wrapper's env with test-friendly values. */
export function testEnv(overrides: Partial<WrapperEnv> = {}): WrapperEnv {
  return {
    twin: 'demo',
    stage: 'dev',
    region: 'eu-central-1',
    failureStore: 'memory',
    persisterFunction: PERSISTER,
    processorTimeoutMs: 1_000,
    processorConcurrency: 4,
    // One reading per processor invocation; wrapper.batch.test.ts covers batches.
    processorBatchSize: 1,
    ...overrides,
  };
}

/** A parsed log line. */
export type LogLine = Record<string, unknown>;

export interface TestWrapper {
  wrapper: WrapperHandler;
  store: MemoryFailureStore;
  lines: LogLine[];
  /** Sleeps the adapters asked for (returned at once). */
  delays: number[];
  /** What the adapters recorded. */
  metrics: MemoryMetrics;
  /** Runs a batch and returns the wrapper result. */
  run: (event: unknown, context?: Parameters<WrapperHandler>[1]) => Promise<WrapperResult>;
  /** Runs `{ action: 'health' }`. */
  health: () => Promise<HealthReport>;
}

/** A wrapper over the mocked Lambda client, an in-memory failure store, a recording logger, in-memory metrics and instant sleeps. */
export function createTestWrapper(options: { env?: Partial<WrapperEnv>; failureStore?: FailureStore; now?: () => number } = {}): TestWrapper {
  const store = new MemoryFailureStore();
  const lines: LogLine[] = [];
  const delays: number[] = [];
  const metrics = new MemoryMetrics();
  const deps: WrapperDeps = {
    env: testEnv(options.env),
    failureStore: options.failureStore ?? store,
    lambdaClient: new LambdaClient({ region: 'eu-central-1', maxAttempts: 1 }),
    logger: createLogger({ level: 'debug', write: (line) => void lines.push(JSON.parse(line) as LogLine), now: () => NOW }),
    metrics,
    now: options.now ?? (() => NOW),
    sleep: async (ms) => void delays.push(ms),
  };
  const wrapper = createWrapper(deps);
  return {
    wrapper,
    store,
    lines,
    delays,
    metrics,
    run: async (event, context) => (await wrapper(event, context)) as WrapperResult,
    health: async () => (await wrapper({ action: 'health' })) as HealthReport,
  };
}
