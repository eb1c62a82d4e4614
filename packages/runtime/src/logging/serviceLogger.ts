import { Logger as PowertoolsLogger, LogLevelThreshold, type LogItem } from '@aws-lambda-powertools/logger';
import { describeValue } from '@twinflow/core';
import type { LogFields, Logger, LogLevel } from '@twinflow/core';
import { ServiceConfigError } from '../errors';

/**
 * The parts of a Lambda `Context` the service logger reads. A real `Context` fits; so does a
 * hand-made object in tests or in the local twin.
 *
 * @example
 * ```ts
 * const context: LambdaContextLike = { awsRequestId: 'r-1', functionName: 'demo-dispatcher', memoryLimitInMB: '256' };
 * log.forInvocation(context).info('batch received');
 * ```
 */
export interface LambdaContextLike {
  /** Emitted as `function_request_id`. */
  awsRequestId?: string;
  /** Emitted as `function_name`. */
  functionName?: string;
  /** Kept by Powertools; its default formatter does not emit it. */
  functionVersion?: string;
  /** Emitted as `function_arn`. */
  invokedFunctionArn?: string;
  /** Emitted as `function_memory_size` (a string, as Lambda passes it). */
  memoryLimitInMB?: string | number;
  /** Accepted so that a real `Context` fits; not logged. */
  getRemainingTimeInMillis?: () => number;
}

/**
 * Options of {@link createServiceLogger}.
 *
 * @example
 * ```ts
 * const options: ServiceLoggerOptions = { serviceName: 'demo-dispatcher', fields: { twin: 'demo' }, level: 'warn' };
 * ```
 */
export interface ServiceLoggerOptions {
  /** Powertools' `service` key, e.g. `demo-dispatcher`. Required, not blank. */
  serviceName: string;
  /** Keys on every line, e.g. `{ twin: 'demo' }` (Powertools `persistentKeys`). */
  fields?: LogFields;
  /**
   * Lowest level written. Default: `POWERTOOLS_LOG_LEVEL`, else `LOG_LEVEL` (either case), else
   * `info`. `silent` writes nothing and turns debug sampling off. When Lambda's Advanced Logging
   * Controls set `AWS_LAMBDA_LOG_LEVEL`, Powertools lets that win.
   */
  level?: LogLevel;
  /**
   * Share (0..1) of invocations logged at `debug` whatever the level (Powertools debug-log
   * sampling, decided when the logger is created and again by each later
   * {@link ServiceLogger.forInvocation}). Default: `POWERTOOLS_LOGGER_SAMPLE_RATE`, else 0.
   */
  sampleRate?: number;
  /** Receives each finished line, one JSON object, no newline (tests). Default: Powertools' stdout/stderr. */
  write?: (line: string) => void;
}

/**
 * A {@link Logger} for a Lambda service, built on Powertools for AWS Lambda Logger: one JSON
 * object per line with `level` (upper case, e.g. `INFO`), `message`, `timestamp`, `service`,
 * `sampling_rate`, the service's fields and the call's fields.
 *
 * @example
 * ```ts
 * const log = createServiceLogger({ serviceName: 'demo-dispatcher', fields: { twin: 'demo' } });
 * export const handler = async (event: unknown, context: Context) => {
 *   const invocationLog = log.forInvocation(context);
 *   invocationLog.child({ deviceId: 'pump-1', eventId: 'e-1' }).info('reading dispatched');
 * };
 * ```
 */
export interface ServiceLogger extends Logger {
  /**
   * A logger for one invocation: every line carries the Lambda context (function_request_id,
   * cold_start, function_name, function_arn, function_memory_size, xray_trace_id when
   * _X_AMZN_TRACE_ID is set) — Powertools' addContext semantics; cold_start true only on the
   * first invocation of the process/logger. Also refreshes sampling per invocation.
   *
   * `fields` are on this invocation's lines (and its children's) only. The context replaces the
   * previous invocation's on every line of this service logger, the service logger itself included.
   * Powertools reports `cold_start: true` only where `AWS_LAMBDA_INITIALIZATION_TYPE` is
   * `on-demand` (set by Lambda); elsewhere, and with provisioned concurrency, it is `false`.
   *
   * @example
   * ```ts
   * const invocationLog = log.forInvocation(context, { batchSize: event.Records.length });
   * invocationLog.info('batch received');
   * // {"level":"INFO","message":"batch received",…,"cold_start":true,"function_name":"demo-dispatcher","function_request_id":"r-1",…,"twin":"demo","batchSize":3}
   * ```
   */
  forInvocation(context?: LambdaContextLike, fields?: LogFields): Logger;
}

type Method = 'debug' | 'info' | 'warn' | 'error';
type PowertoolsOptions = NonNullable<ConstructorParameters<typeof PowertoolsLogger>[0]>;
type PowertoolsContext = Parameters<PowertoolsLogger['addContext']>[0];
type PowertoolsLevel = keyof typeof LogLevelThreshold;

const METHOD_THRESHOLD: Record<Method, number> = {
  debug: LogLevelThreshold.DEBUG,
  info: LogLevelThreshold.INFO,
  warn: LogLevelThreshold.WARN,
  error: LogLevelThreshold.ERROR,
};

/**
 * Powertools' `ReservedKeys`: keys it writes itself and drops, with a warning line per call, when
 * a caller passes them. The service logger renames them instead.
 */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['level', 'message', 'sampling_rate', 'service', 'timestamp']);

/** Prefix given to a field that is named like a key Powertools reserves (`level` → `field_level`). */
const RESERVED_KEY_PREFIX = 'field_';

const CORE_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/**
 * Creates a service's logger: Powertools for AWS Lambda Logger behind twinflow's {@link Logger}.
 * Options are validated here, once.
 *
 * - Fields passed per call become top-level keys of the line (Powertools extra keys). Powertools
 *   drops `undefined`, `null` and `''` values and renders an `Error` as
 *   `{ name, location, message, stack }`.
 * - A field named like a key Powertools reserves (`level`, `message`, `sampling_rate`, `service`,
 *   `timestamp`) is written as `field_<name>` rather than dropped with a warning line.
 * - `child(fields)` is a thin wrapper that merges `fields` into each call's keys (Powertools'
 *   `createChild` builds a whole Logger, ~50 µs, and is too heavy for a child per reading).
 *
 * @throws ServiceConfigError naming the option or variable (`serviceName`, `level`, `sampleRate`,
 *   `POWERTOOLS_LOG_LEVEL`, `LOG_LEVEL`, `POWERTOOLS_LOGGER_SAMPLE_RATE`) when it is invalid
 * @example
 * ```ts
 * const log = createServiceLogger({ serviceName: 'demo-dispatcher', fields: { twin: 'demo' } });
 * log.info('dispatcher ready');
 * // {"level":"INFO","message":"dispatcher ready","timestamp":"…","service":"demo-dispatcher","sampling_rate":0,"twin":"demo"}
 * ```
 */
export function createServiceLogger(options: ServiceLoggerOptions): ServiceLogger {
  const { serviceName, fields, write } = options;
  if (typeof serviceName !== 'string' || serviceName.trim() === '') {
    throw new ServiceConfigError('serviceName', `must be a non-blank string, got ${describeValue(serviceName)}`);
  }
  if (write !== undefined && typeof write !== 'function') {
    throw new ServiceConfigError('write', `must be a function, got ${describeValue(write)}`);
  }
  const logLevel = resolveLevel(options.level, process.env);
  const sampleRateValue = logLevel === 'SILENT' ? 0 : resolveSampleRate(options.sampleRate, process.env);

  const persistentKeys = extraKeys(fields, undefined);
  const powertoolsOptions: PowertoolsOptions = {
    serviceName,
    logLevel,
    // undefined: Powertools reads POWERTOOLS_LOGGER_SAMPLE_RATE (validated above) itself
    sampleRateValue,
    // in the constructor, so that Powertools' own first lines (e.g. on sampling) carry them too
    persistentKeys,
  };
  const powertools = write === undefined ? new PowertoolsLogger(powertoolsOptions) : createWritingLogger(powertoolsOptions, write);

  const root = wrap(powertools, undefined);
  return {
    ...root,
    forInvocation: (context, invocationFields) => {
      powertools.addContext(toPowertoolsContext(context ?? {}));
      powertools.refreshSampleRateCalculation();
      return wrap(powertools, invocationFields);
    },
  };
}

/** A core Logger writing through `powertools`, adding `bound` (not yet cleaned) to each line. */
function wrap(powertools: PowertoolsLogger, bound: LogFields | undefined): Logger {
  const emit = (method: Method, message: string, fields: LogFields | undefined): void => {
    // `level` follows sampling per invocation; checking first skips building suppressed lines
    if (METHOD_THRESHOLD[method] < powertools.level) return;
    const keys = extraKeys(bound, fields);
    if (keys === undefined) powertools[method](message);
    else powertools[method](message, keys);
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (fields) => wrap(powertools, bound === undefined ? fields : { ...bound, ...fields }),
  };
}

/** `first` then `second` as one object without `undefined` values and with reserved keys renamed; `undefined` if empty. */
function extraKeys(first: LogFields | undefined, second: LogFields | undefined): LogFields | undefined {
  let keys: LogFields | undefined;
  for (const source of [first, second]) {
    if (source === undefined) continue;
    for (const key of Object.keys(source)) {
      const value = source[key];
      const name = RESERVED_KEYS.has(key) ? `${RESERVED_KEY_PREFIX}${key}` : key;
      if (value === undefined) {
        if (keys !== undefined) delete keys[name];
        continue;
      }
      keys ??= {};
      keys[name] = value;
    }
  }
  return keys;
}

/** The Lambda context in the shape Powertools' `addContext` stores. */
function toPowertoolsContext(context: LambdaContextLike): PowertoolsContext {
  const memory = context.memoryLimitInMB;
  // Powertools drops '' from the line; addContext computes coldStart itself and ignores this one
  return {
    awsRequestId: context.awsRequestId ?? '',
    functionName: context.functionName ?? '',
    functionVersion: context.functionVersion ?? '',
    invokedFunctionArn: context.invokedFunctionArn ?? '',
    memoryLimitInMB: memory === undefined ? '' : String(memory),
    coldStart: false,
  };
}

/** A Powertools Logger whose lines (and its children's) go to `write`, compact, one JSON object each. */
function createWritingLogger(options: PowertoolsOptions, write: (line: string) => void): PowertoolsLogger {
  // A class per service logger, so that `write` is in scope while Powertools' constructor
  // already prints (its buffered init warnings): subclass fields are not set up yet then.
  class WritingLogger extends PowertoolsLogger {
    protected override printLog(_logLevel: number, log: LogItem): void {
      log.prepareForPrint();
      write(JSON.stringify(log.getAttributes(), this.getJsonReplacer()));
    }

    protected override createLogger(childOptions?: PowertoolsOptions): PowertoolsLogger {
      return new WritingLogger(childOptions);
    }
  }
  return new WritingLogger(options);
}

/** `level`, else the first non-blank of POWERTOOLS_LOG_LEVEL and LOG_LEVEL (any case), else INFO. */
function resolveLevel(level: LogLevel | undefined, env: NodeJS.ProcessEnv): PowertoolsLevel {
  if (level !== undefined) {
    if (!CORE_LEVELS.includes(level)) {
      throw new ServiceConfigError('level', `must be one of ${CORE_LEVELS.map((name) => `"${name}"`).join(', ')}, got ${describeValue(level)}`);
    }
    return toPowertoolsLevel(level) ?? 'INFO';
  }
  for (const variable of ['POWERTOOLS_LOG_LEVEL', 'LOG_LEVEL'] as const) {
    const value = env[variable]?.trim();
    if (value === undefined || value === '') continue;
    const parsed = toPowertoolsLevel(value);
    if (parsed === undefined) {
      const names = Object.keys(LogLevelThreshold).map((name) => name.toLowerCase());
      throw new ServiceConfigError(variable, `must be one of ${names.join(', ')} (any case), got ${describeValue(value)}`);
    }
    return parsed;
  }
  return 'INFO';
}

function toPowertoolsLevel(value: string): PowertoolsLevel | undefined {
  const upper = value.toUpperCase();
  return isPowertoolsLevel(upper) ? upper : undefined;
}

function isPowertoolsLevel(value: string): value is PowertoolsLevel {
  return Object.prototype.hasOwnProperty.call(LogLevelThreshold, value);
}

/** Validates `sampleRate`, or POWERTOOLS_LOGGER_SAMPLE_RATE when it is not given (left to Powertools to read). */
function resolveSampleRate(sampleRate: number | undefined, env: NodeJS.ProcessEnv): number | undefined {
  if (sampleRate !== undefined) {
    if (!isRate(sampleRate)) throw new ServiceConfigError('sampleRate', `must be a number from 0 to 1, got ${describeValue(sampleRate)}`);
    return sampleRate;
  }
  const variable = 'POWERTOOLS_LOGGER_SAMPLE_RATE';
  const raw = env[variable]?.trim();
  if (raw !== undefined && raw !== '' && !isRate(Number(raw))) {
    throw new ServiceConfigError(variable, `must be a number from 0 to 1, got ${describeValue(raw)}`);
  }
  return undefined;
}

function isRate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}
