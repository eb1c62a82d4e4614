import { describeValue, ValidationError } from '../errors';
import type { TwinflowErrorOptions } from '../errors';
import { isDeviceId, TWIN_NAME_PATTERN } from '../naming';
import type { JsonObject } from '../types/json';
import type { TelemetryEvent } from '../types/telemetry';
import { findJsonIssue, isPlainObject } from './json';
import { EVENT_ID_PATTERN } from './protocol';
import { ISO_UTC_MILLIS_HINT, isIsoUtcMillis } from './timestamp';

/** One field of an input that breaks its contract. */
export interface ContractIssue {
  /** Dotted path of the field, e.g. `timestamp`, `payload.t`, `event.deviceId`; `''` for the value itself. */
  path: string;
  /** What is wrong, starting with the path: `timestamp: "2026-11-24T08:00:00Z" is not ISO-8601 UTC with milliseconds …`. */
  message: string;
}

/** What a failed read could still tell about the reading, each only when well-formed (safe for names, logs and keys). */
export interface ReadingIds {
  deviceId?: string;
  eventId?: string;
  /** The hot-table RANGE key, when the value carried one in the stored form. */
  timestamp?: string;
}

/** The outcome of a contract reader: the value in its contract form, or every issue found and the ids that could be read. */
export type ContractRead<T> = { ok: true; value: T } | { ok: false; issues: ContractIssue[]; ids: ReadingIds };

/** Options of {@link readTelemetryEvent}. */
export interface ReadEventOptions {
  /** The twin the reader serves: an event of any other twin is refused. Default: any valid twin name. */
  twin?: string;
  /** `receivedAt` of an event that carries none (the hop's receive time). Default: the event must carry it. */
  receivedAt?: string;
  /** Prefix of the issues' paths, e.g. `event` inside a persist record. Default none. */
  path?: string;
}

/**
 * A `TelemetryEvent` that breaks the contract. Parked with reason `invalid-event`; its device
 * id never becomes part of a function name.
 *
 * @example
 * ```ts
 * new InvalidEventError([{ path: 'deviceId', message: 'deviceId: "../x" is not a valid device id' }]);
 * ```
 */
export class InvalidEventError extends ValidationError {
  public override readonly name: string = 'InvalidEventError';
  /** One entry per offending field. */
  public readonly issues: readonly ContractIssue[];

  public constructor(issues: readonly ContractIssue[], options: TwinflowErrorOptions = {}) {
    super(`invalid telemetry event: ${issues.map((issue) => issue.message).join('; ')}`, issues.length === 1 ? issues[0]?.path : undefined, 'INVALID_EVENT', {
      reason: 'invalid-event',
      ...options,
    });
    this.issues = issues;
  }
}

const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * The one reader of `TelemetryEvent`s: the wrapper's input items, the `event` of a persist
 * record, `defineProcessor`'s input and `toHotTableItem`'s event all pass through it, so every hop
 * accepts exactly the same events. Rules: `twin` a valid twin name (this reader's `twin` when
 * given), `deviceId` a valid device id, `timestamp` ISO-8601 UTC with milliseconds (the one
 * timestamp rule: what the hot table stores, nothing is normalized after the dispatcher),
 * `eventId` 1-128 of `[A-Za-z0-9._:-]`, `payload` a plain JSON object, `receivedAt` a string
 * (or the reader's default). Fields outside `TelemetryEvent` are dropped. Never throws.
 *
 * @example
 * ```ts
 * const read = readTelemetryEvent(item, { twin: 'demo', receivedAt: new Date().toISOString() });
 * if (!read.ok) park(new InvalidEventError(read.issues), read.ids);
 * ```
 */
export function readTelemetryEvent(value: unknown, options: ReadEventOptions = {}): ContractRead<TelemetryEvent> {
  const prefix = options.path === undefined || options.path === '' ? '' : `${options.path}.`;
  const issue = (field: string, message: string): ContractIssue => ({ path: `${prefix}${field}`, message: `${prefix}${field}: ${message}` });
  try {
    if (!isPlainObject(value)) {
      const path = options.path || 'event';
      return { ok: false, issues: [{ path, message: `${path}: must be a TelemetryEvent object, got ${describeValue(value)}` }], ids: {} };
    }
    const { twin, deviceId, timestamp, eventId, payload } = value;
    const receivedAt = value['receivedAt'] === undefined ? options.receivedAt : value['receivedAt'];
    const issues: ContractIssue[] = [];
    if (!isDeviceId(deviceId)) issues.push(issue('deviceId', `${describeValue(deviceId)} is not a valid device id`));
    if (!isIsoUtcMillis(timestamp)) issues.push(issue('timestamp', `${describeValue(timestamp)} is not ${ISO_UTC_MILLIS_HINT}`));
    if (typeof eventId !== 'string' || !EVENT_ID_PATTERN.test(eventId)) {
      issues.push(issue('eventId', `${describeValue(eventId)} is not a valid event id (${EVENT_ID_PATTERN.source})`));
    }
    if (typeof twin !== 'string' || !TWIN_NAME_PATTERN.test(twin)) issues.push(issue('twin', `${describeValue(twin)} is not a valid twin name`));
    else if (options.twin !== undefined && twin !== options.twin) issues.push(issue('twin', `${describeValue(twin)} is not this service's twin "${options.twin}"`));
    if (!isPlainObject(payload)) {
      issues.push(issue('payload', `must be a JSON object, got ${describeValue(payload)}`));
    } else {
      const found = findJsonIssue(payload, { maxBytes: NO_LIMIT, maxDepth: NO_LIMIT, rootPath: `${prefix}payload` });
      if (found !== undefined) issues.push({ path: found.path, message: `${found.path}: ${found.problem}` });
    }
    if (typeof receivedAt !== 'string') issues.push(issue('receivedAt', `must be a string, got ${describeValue(receivedAt)}`));
    if (issues.length > 0) return { ok: false, issues, ids: idsOf(value) };
    const event: TelemetryEvent = {
      twin: twin as string,
      deviceId: deviceId as string,
      timestamp: timestamp as string,
      eventId: eventId as string,
      payload: payload as JsonObject,
      receivedAt: receivedAt as string,
    };
    return { ok: true, value: event };
  } catch (error) {
    // A hostile value (throwing getter, revoked proxy) is an invalid event, never a crash.
    const path = options.path || 'event';
    return { ok: false, issues: [{ path, message: `${path}: cannot be read (${error instanceof Error ? error.message : String(error)})` }], ids: {} };
  }
}

/**
 * The ids a value that may be anything still tells, each only when it is well-formed: a valid
 * device id, a well-formed event id, a stored-form timestamp. Never throws.
 *
 * @example
 * ```ts
 * readingIds({ deviceId: '../x', eventId: 'e1' }); // { eventId: 'e1' }
 * ```
 */
export function readingIds(value: unknown): ReadingIds {
  try {
    return isPlainObject(value) ? idsOf(value) : {};
  } catch {
    return {};
  }
}

function idsOf(fields: Record<string, unknown>): ReadingIds {
  const ids: ReadingIds = {};
  if (isDeviceId(fields['deviceId'])) ids.deviceId = fields['deviceId'];
  const eventId = fields['eventId'];
  if (typeof eventId === 'string' && EVENT_ID_PATTERN.test(eventId)) ids.eventId = eventId;
  if (isIsoUtcMillis(fields['timestamp'])) ids.timestamp = fields['timestamp'];
  return ids;
}
