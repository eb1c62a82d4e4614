/** Log levels, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Fields attached to a log line; `undefined` values are dropped. */
export type LogFields = Record<string, unknown>;

/**
 * The logging interface every twinflow package accepts (option `logger`). Any object with
 * these four methods works, e.g. an adapter around Powertools Logger or pino.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. twin, deviceId, eventId). */
  child(fields: LogFields): Logger;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Lowest level written. Default: `process.env.LOG_LEVEL` or `info`. */
  level?: LogLevel;
  /** Fields on every line, e.g. `{ service: 'demo-dispatcher' }`. Default none. */
  fields?: LogFields;
  /** Where a finished line goes. Default: `process.stdout.write(line + '\n')`. */
  write?: (line: string) => void;
  /** Clock for the `time` field. Default `Date.now`. */
  now?: () => number;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && value in RANK;
}

/**
 * Creates a structured JSON logger: one JSON object per line with `level`, `time`,
 * `message`, the base fields and the call's fields. Errors in fields are rendered as
 * `{ name, message, code }`.
 *
 * @example
 * ```ts
 * const log = createLogger({ fields: { service: 'demo-dispatcher' } });
 * log.child({ deviceId: 'thermostat-1', eventId: 'e1' }).info('reading dispatched', { attempt: 1 });
 * // {"level":"info","time":"…","message":"reading dispatched","service":"demo-dispatcher","deviceId":"thermostat-1","eventId":"e1","attempt":1}
 * ```
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const envLevel = typeof process !== 'undefined' ? process.env['LOG_LEVEL']?.toLowerCase() : undefined;
  const level: LogLevel = options.level ?? (isLogLevel(envLevel) ? envLevel : 'info');
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const base = options.fields ?? {};

  const emit = (lineLevel: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields): void => {
    if (RANK[lineLevel] < RANK[level]) return;
    const record: LogFields = { level: lineLevel, time: new Date(now()).toISOString(), message };
    for (const source of [base, fields ?? {}]) {
      for (const [key, value] of Object.entries(source)) {
        if (value !== undefined) record[key] = value instanceof Error ? renderError(value) : value;
      }
    }
    write(safeStringify(record));
  };

  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (fields) => createLogger({ level, write, now, fields: { ...base, ...fields } }),
  };
}

/**
 * A logger that discards everything (the default inside libraries' tests).
 *
 * @example
 * ```ts
 * new LambdaAdapter({ functionName: 'demo-persister', logger: silentLogger });
 * ```
 */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

function renderError(error: Error): LogFields {
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, ...(code === undefined ? {} : { code }) };
}

function safeStringify(record: LogFields): string {
  try {
    return JSON.stringify(record);
  } catch {
    return JSON.stringify({ level: record['level'], time: record['time'], message: record['message'], note: 'fields not serializable' });
  }
}
