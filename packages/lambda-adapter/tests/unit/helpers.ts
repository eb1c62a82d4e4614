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

/** An AWS-SDK-shaped error (name, $fault, $metadata) without depending on a model class. */
export function awsError(name: string, httpStatusCode: number, message = name): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId: 'req-1', attempts: 1, totalRetryDelay: 0 },
  });
}

/** A Node network error (e.g. ECONNRESET). */
export function networkError(code: string): Error {
  return Object.assign(new Error(`socket ${code}`), { code });
}
