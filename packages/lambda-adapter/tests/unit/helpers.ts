import { LambdaClient } from '@aws-sdk/client-lambda';
import { silentLogger } from '@twinflow/core';
import { LambdaAdapter } from '../../src';
import type { LambdaAdapterOptions } from '../../src';
import type { InvokeCommandOutput } from '@aws-sdk/client-lambda';
import type { LogFields, Logger } from '@twinflow/core';

const encoder = new TextEncoder();

/** A response body as the SDK returns it. */
export function body(value: unknown): InvokeCommandOutput['Payload'] {
  return encoder.encode(typeof value === 'string' ? value : JSON.stringify(value)) as InvokeCommandOutput['Payload'];
}

/** A sleep that records the requested delays and returns at once. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms) => {
      delays.push(ms);
    },
  };
}

/** A clock that only moves when told to. */
export function fakeClock(start = Date.UTC(2026, 10, 24, 8, 0, 0)): { now: () => number; advance: (ms: number) => void } {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: LogFields;
}

/** A logger that keeps every line. */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger: Logger & { lines: LogLine[] } = {
    lines,
    debug: (message, fields = {}) => void lines.push({ level: 'debug', message, fields }),
    info: (message, fields = {}) => void lines.push({ level: 'info', message, fields }),
    warn: (message, fields = {}) => void lines.push({ level: 'warn', message, fields }),
    error: (message, fields = {}) => void lines.push({ level: 'error', message, fields }),
    child: () => logger,
  };
  return logger;
}

export { awsError, networkError } from '@twinflow/testing/awsErrors';

/** The function every adapter test invokes. */
export const TEST_FUNCTION = 'demo-thermostat-1-processor';

/**
 * An adapter for tests: a fresh client (mocked by aws-sdk-client-mock), no logs, recorded sleeps,
 * a fixed random (so backoff delays are exact) and, when given, a fake clock.
 */
export function createTestAdapter(
  deps: { sleep: (ms: number) => Promise<void>; clock?: { now: () => number } },
  options: Partial<LambdaAdapterOptions> = {},
): LambdaAdapter {
  return new LambdaAdapter({
    functionName: TEST_FUNCTION,
    client: new LambdaClient({ region: 'eu-central-1', maxAttempts: 1 }),
    logger: silentLogger,
    sleep: deps.sleep,
    random: () => 0.5,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...options,
  });
}
