import { ConfigError } from '../errors';
import { assertDeviceId } from '../naming';
import { describeKind, findJsonIssue, isPlainObject } from '../contract/json';
import { DEVICE_ID_FIELDS, EVENT_ID_FIELDS, TIMESTAMP_FIELDS } from '../contract/protocol';
import type { JsonObject } from '../types/json';
import { DEFAULT_MAX_READING_BYTES } from './twinConfig';
import { readJsonFile } from './readJsonFile';

/**
 * Where a device's sample reading lives, relative to the workspace root: beside its processor's
 * handler, written by `nx g processor`, imported by the handler's spec, read by the local twin's
 * simulator.
 *
 * @example
 * ```ts
 * deviceSamplePath('thermostat-1'); // 'processors/thermostat-1/sample.json'
 * ```
 * @throws InvalidDeviceIdError before an invalid id becomes part of the path
 */
export function deviceSamplePath(deviceId: string): string {
  assertDeviceId(deviceId);
  return `processors/${deviceId}/sample.json`;
}

/** Deepest nesting of a sample; the sample object itself is level 1 (the dispatcher's default reading depth). */
export const MAX_SAMPLE_DEPTH = 16;

/** Fields a reading's identity travels in: set per reading, never part of a sample. */
const IDENTITY_FIELDS: readonly string[] = [...DEVICE_ID_FIELDS, ...TIMESTAMP_FIELDS, ...EVENT_ID_FIELDS];
/** Keys that naive consumers would let pollute prototypes (rejected in readings at any depth too). */
const FORBIDDEN_SAMPLE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Validates a device's sample reading: a non-empty JSON object holding the fields the device
 * sends (its payload, as the processor sees it in `event.payload`), without the identity fields
 * (`device_id` and its aliases, `timestamp` | `time` | `ts`, `eventId` | `event_id`: those are set
 * per reading), at most {@link DEFAULT_MAX_READING_BYTES} bytes of JSON and
 * {@link MAX_SAMPLE_DEPTH} levels deep.
 *
 * @param file - label used in error messages. Default `sample.json`.
 * @throws ConfigError naming the file and the offending field
 * @example
 * ```ts
 * parseDeviceSample({ temperature: 71.6, humidity: 40 }, 'processors/thermostat-1/sample.json');
 * ```
 */
export function parseDeviceSample(value: unknown, file = 'sample.json'): JsonObject {
  if (!isPlainObject(value)) {
    throw sampleError(file, '(root)', `must be a JSON object of the device's fields, e.g. {"temperature": 21.5}, got ${describeKind(value)}`);
  }
  const keys = Object.keys(value);
  if (keys.length === 0) throw sampleError(file, '(root)', 'must hold at least one field of the device, e.g. {"temperature": 21.5}');
  const identity = keys.find((key) => IDENTITY_FIELDS.includes(key));
  if (identity !== undefined) {
    throw sampleError(file, identity, 'is set per reading (device id, time or event id): leave it out of the sample, which holds the payload only');
  }
  const issue = findJsonIssue(value, { maxBytes: DEFAULT_MAX_READING_BYTES, maxDepth: MAX_SAMPLE_DEPTH, forbiddenKeys: FORBIDDEN_SAMPLE_KEYS });
  if (issue !== undefined) throw sampleError(file, issue.path === '' ? '(root)' : issue.path, issue.problem);
  return value as JsonObject;
}

/**
 * Reads and validates a device's sample reading file (see {@link parseDeviceSample}).
 *
 * @throws ConfigError naming the file when it is missing, not JSON, or not a valid sample
 * @example
 * ```ts
 * const sample = loadDeviceSample(path.join(root, deviceSamplePath('thermostat-1')));
 * // { temperature: 71.6, humidity: 40 }
 * ```
 */
export function loadDeviceSample(file: string): JsonObject {
  return parseDeviceSample(readJsonFile(file), file);
}

function sampleError(file: string, path: string, message: string): ConfigError {
  return new ConfigError(file, `invalid sample reading — ${path}: ${message}`, [{ path, message }]);
}
