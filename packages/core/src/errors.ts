/**
 * Options accepted by every twinflow error.
 */
export interface TwinflowErrorOptions {
  /** The underlying error this one wraps, kept for diagnosis. */
  cause?: unknown;
  /**
   * The failure-store reason of a reading this error parks (`unknown-device`, `timeout`, …).
   * Default `internal-error`; each twinflow error class sets its own.
   */
  reason?: string;
  /** Whether the same work may succeed later. Default `false`. */
  retryable?: boolean;
  /** Attempts made before this error ended the work (0: refused before any attempt). Default unset. */
  attempts?: number;
}

/**
 * Base class of every error twinflow throws. Catch this to handle any twinflow failure;
 * check `code` (stable, machine-readable) or `instanceof` a subclass for a specific one.
 *
 * @example
 * ```ts
 * try {
 *   assertDeviceId(input);
 * } catch (err) {
 *   if (err instanceof TwinflowError) console.error(err.code, err.message);
 * }
 * ```
 */
export class TwinflowError extends Error {
  /** Stable machine-readable code, e.g. `INVALID_DEVICE_ID`. */
  public readonly code: string;
  /**
   * The failure-store reason of a reading this error parks: what `npm run failures -- list
   * --reason …` filters on and dashboards count. Each class sets its own (see {@link failureOf}).
   */
  public readonly reason: string;
  /** Whether the same work may succeed later (a replay, a retry). */
  public readonly retryable: boolean;
  /** Attempts made before this error ended the work, when the thrower counted them (0: none was made). */
  declare public readonly attempts?: number;

  public constructor(message: string, code = 'TWINFLOW_ERROR', options: TwinflowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // Every twinflow subclass spells out its `name` (a class field, set after this): bundles
    // minify class names, so `new.target.name` would not survive them; it stays the fallback for a
    // subclass that does not (another team's, say).
    this.name = new.target === TwinflowError ? 'TwinflowError' : new.target.name;
    this.code = code;
    this.reason = options.reason ?? 'internal-error';
    this.retryable = options.retryable ?? false;
    if (options.attempts !== undefined) this.attempts = options.attempts;
  }

  /** A plain, JSON-safe description of the error (for logs and failure-store records). */
  public toJSON(): { name: string; code: string; message: string; cause?: string } {
    const cause = this.cause instanceof Error ? this.cause.message : this.cause === undefined ? undefined : String(this.cause);
    return { name: this.name, code: this.code, message: this.message, ...(cause === undefined ? {} : { cause }) };
  }
}

/**
 * A device id does not match {@link DEVICE_ID_PATTERN}; it is rejected before it can become part of any name.
 *
 * @example
 * ```ts
 * new InvalidDeviceIdError('../x'); // message: Invalid device id "../x": ...
 * ```
 */
export class InvalidDeviceIdError extends TwinflowError {
  public override readonly name: string = 'InvalidDeviceIdError';
  /** The rejected value, as received (may be any type). */
  public readonly deviceId: unknown;

  public constructor(deviceId: unknown, options: TwinflowErrorOptions = {}) {
    super(
      `Invalid device id ${describeValue(deviceId)}: expected 1-48 characters of lowercase letters, digits and '-', starting with a letter or digit`,
      'INVALID_DEVICE_ID',
      { reason: 'invalid-device-id', ...options },
    );
    this.deviceId = deviceId;
  }
}

/**
 * A twin name does not match {@link TWIN_NAME_PATTERN}.
 *
 * @example
 * ```ts
 * new InvalidTwinNameError('Demo Twin');
 * ```
 */
export class InvalidTwinNameError extends TwinflowError {
  public override readonly name: string = 'InvalidTwinNameError';
  /** The rejected value, as received. */
  public readonly twinName: unknown;

  public constructor(twinName: unknown, options: TwinflowErrorOptions = {}) {
    super(
      `Invalid twin name ${describeValue(twinName)}: expected 1-24 characters of lowercase letters, digits and '-', starting with a letter`,
      'INVALID_TWIN_NAME',
      options,
    );
    this.twinName = twinName;
  }
}

/**
 * A stage name does not match {@link STAGE_PATTERN} (or is reserved).
 *
 * @example
 * ```ts
 * new InvalidStageError('prod-eu'); // stages are letters and digits only
 * ```
 */
export class InvalidStageError extends TwinflowError {
  public override readonly name: string = 'InvalidStageError';
  /** The rejected value, as received. */
  public readonly stage: unknown;

  public constructor(stage: unknown, reason = "expected 1-16 lowercase letters and digits, starting with a letter", options: TwinflowErrorOptions = {}) {
    super(`Invalid stage ${describeValue(stage)}: ${reason}`, 'INVALID_STAGE', options);
    this.stage = stage;
  }
}

/** Options of {@link NameTooLongError}. */
export interface NameTooLongErrorOptions extends TwinflowErrorOptions {
  /** The stage the name was derived for, when known: the message then names it. */
  stage?: string;
}

/**
 * A name derived for a twin, stage and device is longer than AWS allows for that kind of resource.
 * The message names the resource kind, the name, the stage (when known), its length, the limit and
 * the AWS service that sets it.
 *
 * @example
 * ```ts
 * try { checkDeploymentNames({ twin, stage, region, devices }); }
 * catch (err) { if (err instanceof NameTooLongError) console.error(err.kind, err.limit, err.stage); }
 * ```
 */
export class NameTooLongError extends TwinflowError {
  public override readonly name: string = 'NameTooLongError';
  /** Resource kind, e.g. `function`, `role`, `stack` (a key of `AWS_NAME_LIMITS`). */
  public readonly kind: string;
  /** The derived name. */
  public readonly resourceName: string;
  /** AWS's limit for the kind, in characters. */
  public readonly limit: number;
  /** The stage the name was derived for, when known. */
  public readonly stage?: string;

  public constructor(kind: string, resourceName: string, limit: number, service: string, options: NameTooLongErrorOptions = {}) {
    const { stage, ...rest } = options;
    super(
      `${kind} name "${resourceName}"${stage === undefined ? '' : ` (stage "${stage}")`} is ${resourceName.length} characters; ` +
        `${service} allows at most ${limit} (${resourceName.length - limit} too many: use a shorter device id, twin name or stage)`,
      'NAME_TOO_LONG',
      rest,
    );
    this.kind = kind;
    this.resourceName = resourceName;
    this.limit = limit;
    if (stage !== undefined) this.stage = stage;
  }
}

/**
 * A configuration file is missing, unreadable, not JSON, or does not match its schema.
 * The message names the file and, for schema errors, every offending field.
 *
 * @example
 * ```ts
 * try { loadTwinConfig('config/twin.json'); }
 * catch (err) { if (err instanceof ConfigError) console.error(err.file, err.issues); }
 * ```
 */
export class ConfigError extends TwinflowError {
  public override readonly name: string = 'ConfigError';
  /** Path of the file at fault (or a label such as `<inline>` for in-memory input). */
  public readonly file: string;
  /** One entry per offending field: its dotted path and what is wrong. */
  public readonly issues: ReadonlyArray<{ path: string; message: string }>;

  public constructor(
    file: string,
    message: string,
    issues: ReadonlyArray<{ path: string; message: string }> = [],
    options: TwinflowErrorOptions = {},
  ) {
    super(`${file}: ${message}`, 'CONFIG_INVALID', options);
    this.file = file;
    this.issues = issues;
  }
}

/**
 * A processor returned something that cannot be stored as the reading's `data`
 * (it must be a plain JSON object).
 *
 * @example
 * ```ts
 * new ProcessorOutputError('processor output must be a JSON object, got array');
 * ```
 */
export class ProcessorOutputError extends TwinflowError {
  public override readonly name: string = 'ProcessorOutputError';
  public constructor(message: string, options: TwinflowErrorOptions = {}) {
    super(message, 'PROCESSOR_OUTPUT_INVALID', { reason: 'invalid-output', ...options });
  }
}

/**
 * An input did not match its contract (wrong type, missing field, out of range).
 * Packages throw subclasses of this for their own edges.
 *
 * @example
 * ```ts
 * throw new ValidationError('timestamp: must be an ISO-8601 string or epoch number', 'timestamp');
 * ```
 */
export class ValidationError extends TwinflowError {
  public override readonly name: string = 'ValidationError';
  /** Dotted path of the offending field, when one field is at fault. */
  public readonly field?: string;

  public constructor(message: string, field?: string, code = 'VALIDATION_FAILED', options: TwinflowErrorOptions = {}) {
    super(message, code, options);
    if (field !== undefined) this.field = field;
  }
}

/**
 * Short, safe rendering of any value for error messages: never dumps a huge payload nor a
 * function's source.
 *
 * @example
 * ```ts
 * describeValue('x'.repeat(100)); // "xxxx…" (64 characters and an ellipsis)
 * describeValue([1, 2]);          // 'an array'
 * describeValue(undefined);       // 'undefined'
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** How a failed piece of work is parked: its reason, whether a replay may succeed, the attempts made. */
export interface Failure {
  reason: string;
  retryable: boolean;
  /** Attempts the error reports, else `fallbackAttempts` (default 1). */
  attempts: number;
}

/**
 * The failure an error stands for, read from the error itself: a twinflow error carries its
 * `reason`, `retryable` and (when counted) `attempts`; anything else is `internal-error`, not
 * retryable. No lookup table: each error class knows its reason.
 *
 * @example
 * ```ts
 * failureOf(new UnknownDeviceError('pump-9'));     // { reason: 'unknown-device', retryable: false, attempts: 1 }
 * failureOf(new TypeError('boom'), 0);             // { reason: 'internal-error', retryable: false, attempts: 0 }
 * ```
 */
export function failureOf(error: unknown, fallbackAttempts = 1): Failure {
  if (error instanceof TwinflowError) return { reason: error.reason, retryable: error.retryable, attempts: error.attempts ?? fallbackAttempts };
  return { reason: 'internal-error', retryable: false, attempts: fallbackAttempts };
}

/**
 * A well-formed device id that is not in the device registry (`config/config_iot_devices.json`).
 *
 * @example
 * ```ts
 * if (!registry.has(id)) throw new UnknownDeviceError(id);
 * ```
 */
export class UnknownDeviceError extends TwinflowError {
  public override readonly name: string = 'UnknownDeviceError';
  /** The device id that is not registered. */
  public readonly deviceId: string;

  public constructor(deviceId: string, options: TwinflowErrorOptions = {}) {
    super(`Unknown device "${deviceId}": it is not in the device registry (run \`nx g processor ${deviceId}\` to add it)`, 'UNKNOWN_DEVICE', { reason: 'unknown-device', ...options });
    this.deviceId = deviceId;
  }
}
