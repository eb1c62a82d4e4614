/**
 * Property-based fuzzing of the dispatcher handler (fast-check, fixed seeds, 3,500 generated
 * inputs in three properties). Every input, however hostile, must leave the handler:
 *
 * 1. resolving, never throwing or rejecting;
 * 2. accounted: `received === dispatched + failed`, one result per reading, in input order;
 * 3. with every failed reading in the failure store exactly once (stage `dispatch`, a non-empty
 *    reason, the reading as received, or as stamped once normalized, and its table key) and no
 *    other record;
 * 4. with every dispatched reading in the wrapper's InvokeCommand payloads exactly once, and no
 *    function but the wrapper ever invoked (a device id never becomes part of a function name);
 * 5. with Object.prototype (and the Array, Function and String prototypes) untouched.
 *
 * With a wrapper that always queues (202), the payload-mappers contract also decides, reading by
 * reading, what must be dispatched (with which event) and what must be parked (with which reason):
 * the oracle below. Each run gets a fresh dispatcher, failure store and Lambda mock.
 */
import { Buffer } from 'node:buffer';
import { isDeepStrictEqual } from 'node:util';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { DEFAULT_MAX_READING_BYTES, DEVICE_ID_FIELDS } from '@twinflow/core';
import type { TelemetryEvent } from '@twinflow/core';
import { TelemetryValidationError, normalizeTelemetry, parseRawTelemetry } from '@twinflow/payload-mappers';
import { DEFAULT_WRAPPER_BATCH_SIZE, MAX_WRAPPER_PAYLOAD_BYTES } from '../../src/constants';
import { NOW, buildDispatcher, decodeRequest, devices } from './fixtures';

const lambdaMock = mockClient(LambdaClient);

const WRAPPER = 'demo-processor-wrapper';
const REGISTERED = ['thermostat-1', 'thermostat-2', 'pump-1'] as const;
const NOW_S = Math.floor(NOW / 1000);
const DAY_MS = 86_400_000;
const LIMIT = DEFAULT_MAX_READING_BYTES; // 64 KiB: the default maxReadingBytes of the twin config

// ---------------------------------------------------------------------------------------------
// Generators. Readings are built as JSON text, so `__proto__` is an own key wherever it appears
// (as JSON.parse makes it); they are then delivered as the parsed object, the text, or bytes.
// ---------------------------------------------------------------------------------------------

const json = (value: unknown): string => JSON.stringify(value) ?? 'null';
const member = (key: string, valueText: string): string => `${JSON.stringify(key)}:${valueText}`;

const registeredId = fc.constantFrom(...REGISTERED);
/** Well-formed ids (the registry's pattern) that are not registered. */
const unknownId = fc
  .oneof(
    fc.constantFrom('pump-9', 'thermostat-3', 'thermostat-10', '0', 'constructor', 'tostring', WRAPPER, 'demo-dispatcher', 'x'.repeat(48)),
    fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,47}$/),
  )
  .filter((id) => !devices.has(id));
/** Strings that are not device ids: traversal, globs, spaces, look-alikes, controls, lengths. */
const hostileId = fc.oneof(
  fc.constantFrom(
    '../x',
    'pump-1/../../etc/passwd',
    'a*',
    '*',
    'thermo stat',
    'thermost\u0430t-1', // Cyrillic а
    '\u0440ump-1', // Cyrillic р
    'pump\u20111', // non-breaking hyphen
    '\uff50ump-1', // fullwidth p
    'thermostat-1\u200b', // zero-width space
    'pump-1\u0000',
    'Thermostat-1',
    ' thermostat-1',
    'thermostat-1\n',
    '-pump-1',
    'pump_1',
    'pump.1',
    '',
    '__proto__',
    '🔥',
    'arn:aws:lambda:eu-central-1:123456789012:function:evil',
    `${WRAPPER}:$LATEST`,
    '${jndi:ldap://x}',
    'x'.repeat(49),
    'x'.repeat(1_000),
    'x'.repeat(70_000),
  ),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);
const nonStringId = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1e21, [], {}, ['thermostat-1'], { id: 'thermostat-1' }),
);
const deviceIdValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: registeredId },
  { weight: 2, arbitrary: unknownId },
  { weight: 3, arbitrary: hostileId },
  { weight: 1, arbitrary: nonStringId },
);
/** Device id members: one alias, two aliases (agreeing or not), or none / a non-alias field. */
const idMembers: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...DEVICE_ID_FIELDS), deviceIdValue).map(([field, id]) => [member(field, json(id))]) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.shuffledSubarray([...DEVICE_ID_FIELDS], { minLength: 2, maxLength: 2 }), deviceIdValue, fc.option(deviceIdValue, { nil: undefined }))
      .map(([[a = 'device_id', b = 'deviceId'], id, other]) => [member(a, json(id)), member(b, json(other === undefined ? id : other))]),
  },
  { weight: 1, arbitrary: fc.constantFrom<string[]>([], ['"id":"thermostat-1"'], ['"device":"pump-1"'], ['"DEVICE_ID":"pump-1"']) },
);

/** Accepted timestamps: ISO, epoch s, epoch ms, fractional s, digit strings; up to 30 days old, 1 day ahead. */
const validTimestamp: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: NOW - 30 * DAY_MS, max: NOW + DAY_MS - 1 }).map((ms) => new Date(ms).toISOString()),
  fc.integer({ min: NOW_S - 30 * 86_400, max: NOW_S + 86_399 }),
  fc.integer({ min: NOW - 30 * DAY_MS, max: NOW + DAY_MS - 1 }),
  fc.double({ min: NOW_S - 86_400, max: NOW_S, noNaN: true }),
  fc.integer({ min: NOW_S - 30 * 86_400, max: NOW_S }).map(String),
);
/** Timestamps of every type: valid ones, edges, far future, negative, NaN-ish strings, other types. */
const timestampValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: validTimestamp },
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((date) => date.toISOString()),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom<unknown>(
    '2026-11-24T08:00:00Z',
    '2026-11-24t07:00:00z',
    '2026-11-24 07:00',
    '2026-11-24',
    '2026-11-24T08:00:00+14:00',
    '2026-11-24T08:00:00-1200',
    '2026-11-24T08:00:00+15:00',
    '2026-11-24T07:59:59.123456789Z',
    '2026-02-29T00:00:00Z',
    '2024-02-29T00:00:00Z',
    '2026-11-24T24:00:00Z',
    '2026-13-01T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '1999-12-31T23:59:59.999Z',
    '2000-01-01T00:00:00.000Z',
    '9999-12-31T23:59:59Z',
    '+275760-09-13T00:00:00.000Z',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e400',
    '0x1F',
    '',
    ' ',
    'yesterday',
    'null',
    '\u0661\u0667\u0666\u0664\u0660\u0660\u0660\u0660\u0660\u0660', // Arabic-Indic digits
    '1764000000.5',
    '-1764000000',
    '9999999999999999',
    '99999999999999999',
    1e12,
    1e12 + 1,
    999_999_999_999,
    8.64e15,
    8.64e15 + 1,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_VALUE,
    253_402_300_800,
    0,
    -0,
    null,
    true,
    {},
    [],
    [NOW_S],
    { $date: '2026-11-24T08:00:00Z' },
  ),
  fc.string({ maxLength: 30 }),
);
const timestampMembers = fc
  .array(fc.tuple(fc.constantFrom('timestamp', 'time', 'ts', 'Timestamp'), timestampValue), { maxLength: 2 })
  .map((members) => members.map(([field, value]) => member(field, json(value))));

const eventIdMembers: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string[]>([]) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom('eventId', 'event_id'), fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/)).map(([field, id]) => [member(field, json(id))]),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('eventId', 'event_id'), fc.constantFrom<unknown>('has space', '', 'x'.repeat(129), 42, null, 'replay:1/../2'))
      .map(([field, id]) => [member(field, json(id))]),
  },
);

const forbiddenKey = fc.constantFrom('__proto__', 'constructor', 'prototype');
const objectKey = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: forbiddenKey },
  {
    weight: 1,
    arbitrary: fc.constantFrom('polluted', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'Records', 'body', 'action', 'payload', 'length', '0'),
  },
);

/** Wraps JSON text in `depth` objects or arrays. */
function nest(core: string, depth: number, kind: 'obj' | 'arr' | 'mixed'): string {
  let text = core;
  for (let level = 0; level < depth; level += 1) {
    const asArray = kind === 'arr' || (kind === 'mixed' && level % 2 === 1);
    text = asArray ? `[${text}]` : `{"n":${text}}`;
  }
  return text;
}

/** Prototype-pollution gadgets at a random depth. */
const pollutionText = fc
  .tuple(
    fc.constantFrom(
      '{"__proto__":{"polluted":"yes"}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"prototype":{"polluted":"yes"}}',
      '[{"__proto__":{"polluted":"yes"}}]',
      '{"a":1,"__proto__":{"polluted":"yes","toString":"x"}}',
    ),
    fc.integer({ min: 0, max: 20 }),
    fc.constantFrom<'obj' | 'arr' | 'mixed'>('obj', 'arr', 'mixed'),
  )
  .map(([core, depth, kind]) => nest(core, depth, kind));

/** Deep nesting around the depth limit (16 levels, the reading itself is level 1). */
const deepText = fc
  .tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom<'obj' | 'arr' | 'mixed'>('obj', 'arr', 'mixed'), fc.jsonValue({ maxDepth: 0 }))
  .map(([depth, kind, leaf]) => nest(json(leaf), depth, kind));

/** JSON text of trees whose keys include `__proto__` / `constructor` / `prototype` at any depth. */
const { tree: hostileTreeText } = fc.letrec<{ tree: string; object: string; array: string }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.jsonValue({ maxDepth: 1 }).map(json), tie('object'), tie('array')),
  object: fc.array(fc.tuple(objectKey, tie('tree')), { maxLength: 5 }).map((members) => `{${members.map(([key, value]) => member(key, value)).join(',')}}`),
  array: fc.array(tie('tree'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
}));

const payloadValueText = fc.oneof(
  { weight: 8, arbitrary: fc.jsonValue({ maxDepth: 3 }).map(json) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' }).map(json) },
  { weight: 2, arbitrary: hostileTreeText },
  { weight: 1, arbitrary: pollutionText },
  { weight: 1, arbitrary: deepText },
);
const payloadMembers = fc.array(fc.tuple(objectKey, payloadValueText), { maxLength: 5 }).map((members) => members.map(([key, value]) => member(key, value)));

/** JSON text of one reading: id, time and event-id members around generated payload members. */
const readingText: fc.Arbitrary<string> = fc
  .tuple(idMembers, timestampMembers, eventIdMembers, payloadMembers, fc.boolean())
  .map(([ids, times, eventIds, payload, payloadFirst]) => `{${(payloadFirst ? [...payload, ...ids, ...times, ...eventIds] : [...ids, ...times, ...eventIds, ...payload]).join(',')}}`);

/**
 * A plausible reading: a registered (now and then an unknown) device under any alias, an accepted
 * time or none, a clean payload. Without these most batches would hold nothing to dispatch.
 */
const plausibleReadingText = fc
  .tuple(
    fc.oneof({ weight: 5, arbitrary: registeredId }, { weight: 1, arbitrary: unknownId }),
    fc.constantFrom(...DEVICE_ID_FIELDS),
    fc.option(fc.tuple(fc.constantFrom('timestamp', 'time', 'ts'), validTimestamp), { nil: undefined }),
    fc.array(fc.tuple(fc.string({ maxLength: 12 }).filter((key) => !['__proto__', 'constructor', 'prototype'].includes(key)), fc.jsonValue({ maxDepth: 3 })), {
      maxLength: 5,
    }),
  )
  .map(([id, idField, time, payload]) => {
    const members = [member(idField, json(id)), ...payload.map(([key, value]) => member(key, json(value)))];
    if (time !== undefined) members.push(member(time[0], json(time[1])));
    return `{${members.join(',')}}`;
  });

/** A reading with a pollution gadget as a member, top level or nested. */
const pollutedReadingText = fc
  .tuple(registeredId, pollutionText, fc.constantFrom('__proto__', 'constructor', 'prototype', 'nested', 'payload'), fc.boolean())
  .map(([id, gadget, key, first]) => {
    const members = [member('device_id', json(id)), member('ts', json(NOW_S - 60)), member(key, gadget)];
    return `{${(first ? members.reverse() : members).join(',')}}`;
  });

/**
 * A valid reading of a registered device whose JSON is exactly `LIMIT + delta` bytes (1-4 byte
 * characters). Costly, so rare: a few near or over the limit per property.
 */
const bigReadingText = (deltas: number[]): fc.Arbitrary<string> =>
  fc.tuple(registeredId, fc.constantFrom(...deltas), fc.constantFrom('x', 'é', '€', '😀')).map(([id, delta, char]) => {
    const head = `{"device_id":${json(id)},"ts":${NOW_S - 60},"blob":"`;
    const tail = '"}';
    const room = LIMIT + delta - Buffer.byteLength(head + tail);
    const charBytes = Buffer.byteLength(char);
    const count = Math.floor(room / charBytes);
    return head + char.repeat(count) + 'x'.repeat(room - count * charBytes) + tail;
  });

type Form = 'object' | 'text' | 'bytes';
function deliver(text: string, form: Form): unknown {
  if (form === 'object') return JSON.parse(text) as unknown;
  if (form === 'bytes') return new Uint8Array(Buffer.from(text, 'utf8'));
  return text;
}
/** Mostly parsed objects (as the IoT rule delivers them), then JSON text, then UTF-8 bytes. */
const form = fc.constantFrom<Form>('object', 'object', 'object', 'object', 'object', 'text', 'text', 'bytes');
const deliveredReading: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(plausibleReadingText, form).map(([text, as]) => deliver(text, as)) },
  { weight: 6, arbitrary: fc.tuple(readingText, form).map(([text, as]) => deliver(text, as)) },
  { weight: 2, arbitrary: fc.tuple(pollutedReadingText, form).map(([text, as]) => deliver(text, as)) },
);
const junkReading: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.json({ maxDepth: 2 }),
  fc.constantFrom<unknown>('not json', '{broken', '', 'null', '[]', '{}', '"thermostat-1"'),
);
const bigReading = (deltas: number[]): fc.Arbitrary<unknown> =>
  fc.tuple(bigReadingText(deltas), fc.constantFrom<Form>('object', 'text')).map(([text, as]) => deliver(text, as));

/** One reading, or an array of readings (with junk, and now and then near-limit ones). */
const readingsInput: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: deliveredReading },
  { weight: 6, arbitrary: fc.array(fc.oneof({ weight: 5, arbitrary: deliveredReading }, { weight: 1, arbitrary: junkReading }), { maxLength: 25, size: 'max' }) },
  { weight: 1, arbitrary: bigReading([-40, -2, -1, 0, 1, 2, 5_000, 75_000]) },
  // More than WRAPPER_BATCH_SIZE (25) readings to dispatch: several invocations.
  { weight: 1, arbitrary: fc.array(fc.tuple(plausibleReadingText, form).map(([text, as]) => deliver(text, as)), { minLength: 26, maxLength: 60 }) },
  // Several readings at the limit in one batch: the wrapper payloads must be split under 200 KB.
  { weight: 1, arbitrary: fc.array(fc.oneof({ weight: 4, arbitrary: bigReading([-40, -1, 0]) }, { weight: 1, arbitrary: deliveredReading }), { minLength: 4, maxLength: 6 }) },
);

/** `{ Records: [...] }`: SQS-style `body` text (JSON or not), raw records, and readings with a Records field. */
const sqsRecord: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: plausibleReadingText.map((body) => ({ messageId: 'm-1', body })) },
  { weight: 3, arbitrary: readingText.map((body) => ({ messageId: 'm-1', body })) },
  { weight: 1, arbitrary: pollutedReadingText.map((body) => ({ messageId: 'm-2', body })) },
  { weight: 1, arbitrary: fc.tuple(readingText, fc.nat()).map(([text, cut]) => ({ body: text.slice(0, cut % (text.length + 1)) })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((body) => ({ body })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((body) => ({ body })) },
  { weight: 2, arbitrary: deliveredReading },
  { weight: 1, arbitrary: junkReading },
);
const recordsInput = fc
  .tuple(
    fc.array(sqsRecord, { maxLength: 15, size: 'medium' }),
    fc.constantFrom<Record<string, unknown>>({}, {}, {}, { device_id: 'thermostat-1' }, { deviceId: 'pump-9' }, { source: 'aws:sqs' }, { action: 'health' }),
  )
  .map(([Records, extra]) => ({ ...extra, Records }));

/** Triggers of ExecuteRequest envelopes (a replay), some of which make the envelope a reading. */
const trigger = fc.oneof(
  fc.constantFrom('replay', 'telemetry', 'x', '', ' ', '../x', 'thermost\u0430t', '\u0000', 'x'.repeat(300)),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const envelopeInput = fc
  .tuple(
    fc.record({ requestId: fc.oneof(fc.uuid(), fc.string({ maxLength: 20 })), trigger, payload: fc.oneof(readingsInput, recordsInput, junkReading) }),
    fc.record({ timestamp: fc.oneof(fc.constant(new Date(NOW).toISOString()), fc.string({ maxLength: 10 })), source: fc.string({ maxLength: 20 }) }, { requiredKeys: [] }),
    // Mostly envelopes; an extra key makes the whole object one reading.
    fc.constantFrom<Record<string, unknown>>({}, {}, {}, {}, { device_id: 'thermostat-1' }, { Records: [] }),
  )
  .map(([core, optional, extra]): Record<string, unknown> => ({ ...core, ...optional, ...extra }));

/** Arbitrary JSON: values, raw text, hostile-key trees, objects with random keys. */
const arbitraryInput: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 4 }) },
  { weight: 3, arbitrary: hostileTreeText.map((text) => JSON.parse(text) as unknown) },
  { weight: 1, arbitrary: hostileTreeText },
  { weight: 2, arbitrary: fc.array(fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileTreeText.map((text) => JSON.parse(text) as unknown), hostileTreeText), { maxLength: 10 }) },
  { weight: 2, arbitrary: fc.tuple(idMembers, payloadMembers).map(([ids, payload]) => JSON.parse(`{${[...payload, ...ids].join(',')}}`) as unknown) },
  { weight: 1, arbitrary: deepText.map((text) => JSON.parse(text) as unknown) },
  { weight: 1, arbitrary: fc.constant<unknown>({ action: 'health' }) },
);

/** Batches of every shape: Records, envelopes, raw JSON text of a batch, pollution gadgets. */
const batchInput: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: recordsInput },
  { weight: 3, arbitrary: envelopeInput },
  { weight: 1, arbitrary: fc.oneof(readingsInput, recordsInput).map((batch) => JSON.stringify(batch) ?? 'null') },
  { weight: 2, arbitrary: fc.array(pollutedReadingText.map((text) => JSON.parse(text) as unknown), { minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: pollutionText.map((text) => JSON.parse(text) as unknown) },
);

// ---------------------------------------------------------------------------------------------
// Oracles, written from the documented contracts (readBatch's doc comment, payload-mappers).
// ---------------------------------------------------------------------------------------------

const ENVELOPE_KEYS = ['requestId', 'timestamp', 'trigger', 'source', 'payload'];
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

type ExpectedInput = { kind: 'health' } | { kind: 'readings'; readings: unknown[]; trigger: string };

/** What the input unwraps to: `{ action: 'health' }`, an envelope, an array, `{ Records }`, or one reading. */
function expectedInput(event: unknown): ExpectedInput {
  if (isObject(event) && event['action'] === 'health' && Object.keys(event).length === 1) return { kind: 'health' };
  const isEnvelope =
    isObject(event) &&
    typeof event['requestId'] === 'string' &&
    /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(event['requestId']) &&
    typeof event['trigger'] === 'string' &&
    /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(event['trigger']) &&
    Object.hasOwn(event, 'payload') &&
    Object.keys(event).every((key) => ENVELOPE_KEYS.includes(key));
  if (isEnvelope) return { kind: 'readings', readings: unwrap(event['payload']), trigger: event['trigger'] as string };
  return { kind: 'readings', readings: unwrap(event), trigger: 'telemetry' };
}

function unwrap(value: unknown): unknown[] {
  if (Array.isArray(value)) return [...value];
  if (isObject(value) && Array.isArray(value['Records']) && DEVICE_ID_FIELDS.every((field) => value[field] === undefined)) {
    return (value['Records'] as unknown[]).map((record) => (isObject(record) && typeof record['body'] === 'string' ? record['body'] : record));
  }
  return [value];
}

/** `kept`: what the failure record must keep (the reading as received, or as stamped once normalized). */
type Verdict = { kept: unknown } & ({ ok: true; event: TelemetryEvent } | { ok: false; reason: string; deviceId?: string; timestamp?: string });

const DEVICE_ID = /^[a-z0-9][a-z0-9-]{0,47}$/;
const ownValue = (value: Record<string, unknown>, key: string): unknown => (Object.hasOwn(value, key) ? value[key] : undefined);

/**
 * The receive-time contract of one dispatcher container (checkReading's doc comment): an object
 * reading whose first device-id alias holds a device id and that has no `timestamp` | `time` | `ts`
 * gets `timestamp` = that device's next millisecond, NOW, NOW + 1, … with the frozen clock, in input
 * order; any other reading is left as it is.
 */
function receiveTimeOracle(): (raw: unknown) => unknown {
  const last = new Map<string, number>();
  return (raw) => {
    if (!isObject(raw)) return raw;
    const alias = DEVICE_ID_FIELDS.find((field) => ownValue(raw, field) !== undefined);
    const deviceId = alias === undefined ? undefined : raw[alias];
    if (typeof deviceId !== 'string' || !DEVICE_ID.test(deviceId)) return raw;
    if (['timestamp', 'time', 'ts'].some((field) => ownValue(raw, field) !== undefined)) return raw;
    const ms = Math.max(NOW, (last.get(deviceId) ?? Number.NEGATIVE_INFINITY) + 1);
    last.set(deviceId, ms);
    return { ...raw, timestamp: new Date(ms).toISOString() };
  };
}

/** What must happen to one reading when the wrapper always queues. */
function verdictOf(original: unknown, stamp: (raw: unknown) => unknown): Verdict {
  let event: TelemetryEvent;
  let stamped: unknown;
  try {
    const raw = parseRawTelemetry(original, { maxBytes: LIMIT });
    stamped = stamp(raw);
    event = normalizeTelemetry(stamped, { twin: 'demo', maxBytes: LIMIT, now: () => NOW });
    if (stamped === raw) stamped = original;
  } catch (error) {
    return { kept: original, ok: false, reason: error instanceof TelemetryValidationError ? error.reason : 'internal-error' };
  }
  if (devices.has(event.deviceId)) return { kept: stamped, ok: true, event };
  return { kept: stamped, ok: false, reason: 'unknown-device', deviceId: event.deviceId, timestamp: event.timestamp };
}

const PROTOTYPES: ReadonlyArray<[string, object]> = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
];
const before = new Map(
  PROTOTYPES.map(([name, proto]) => {
    const descriptors = Object.getOwnPropertyDescriptors(proto) as Record<PropertyKey, PropertyDescriptor>;
    return [name, { keys: new Set(Reflect.ownKeys(descriptors)), descriptors }];
  }),
);

const sameDescriptor = (a: PropertyDescriptor, b: PropertyDescriptor | undefined): boolean =>
  b !== undefined && Object.is(a.value, b.value) && a.get === b.get && a.set === b.set && a.writable === b.writable && a.enumerable === b.enumerable;

/**
 * Properties of the built-in prototypes added, changed or removed since the file loaded. They are
 * put back at once, so one polluting input cannot fail every later run (and mislead shrinking).
 */
function takePollution(): string[] {
  const changed: string[] = [];
  for (const [name, proto] of PROTOTYPES) {
    const { keys, descriptors } = before.get(name) ?? { keys: new Set<PropertyKey>(), descriptors: {} as Record<PropertyKey, PropertyDescriptor> };
    for (const key of Reflect.ownKeys(proto)) {
      if (keys.has(key)) continue;
      changed.push(`${name}.${String(key)} added`);
      Reflect.deleteProperty(proto, key);
    }
    for (const key of keys) {
      const descriptor = descriptors[key as string] as PropertyDescriptor;
      if (sameDescriptor(descriptor, Object.getOwnPropertyDescriptor(proto, key))) continue;
      changed.push(`${name}.${String(key)} changed`);
      Reflect.defineProperty(proto, key, descriptor);
    }
  }
  return changed;
}

function fail(message: string): never {
  throw new Error(message);
}

// ---------------------------------------------------------------------------------------------
// The predicate: one run, a fresh dispatcher, store and mock.
// ---------------------------------------------------------------------------------------------

async function dispatchAndCheck(event: unknown): Promise<void> {
  try {
    await dispatchAndCheckAccounting(event);
  } finally {
    // (5) No prototype pollution; checked (and undone) even when another check failed first.
    const inherited = ({} as Record<string, unknown>)['polluted'];
    const pollution = takePollution();
    if (pollution.length > 0 || inherited !== undefined) fail(`prototype pollution: ${pollution.join(', ')}; ({}).polluted = ${String(inherited)}`);
  }
}

async function dispatchAndCheckAccounting(event: unknown): Promise<void> {
  lambdaMock.reset();
  lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
  const { handler, failures } = buildDispatcher();
  const expected = expectedInput(event);

  // (1) Never throws or rejects.
  const outcome = await handler(event, { awsRequestId: 'req-1' });

  // (4, all inputs) Only InvokeCommands, only of the wrapper, only Event invocations.
  const invokes = lambdaMock.commandCalls(InvokeCommand).map((call) => call.args[0].input);
  expect(lambdaMock.calls()).toHaveLength(invokes.length);
  for (const input of invokes) {
    expect(input.FunctionName).toBe(WRAPPER);
    expect(input.InvocationType).toBe('Event');
  }

  if (expected.kind === 'health') {
    expect(outcome).not.toHaveProperty('received');
    expect(invokes).toHaveLength(0);
    expect(failures.records).toHaveLength(0);
  } else {
    if (!('received' in outcome)) fail('expected a dispatch result, got a health report');
    const result = outcome;
    const { readings } = expected;
    const stamp = receiveTimeOracle();
    const verdicts = readings.map((reading) => verdictOf(reading, stamp));

    // (2) Accounting, one result per reading in input order.
    expect(result.received).toBe(result.dispatched + result.failed);
    expect(result.results).toHaveLength(result.received);
    expect(result.received).toBe(readings.length);
    result.results.forEach((outcomeOf, index) => {
      expect(outcomeOf.index).toBe(index);
      const verdict = verdicts[index] as Verdict;
      // With a wrapper that always queues, the mappers' contract decides the status and reason.
      expect({ index, status: outcomeOf.status, reason: outcomeOf.reason }).toEqual({
        index,
        status: verdict.ok ? 'dispatched' : 'failed',
        reason: verdict.ok ? undefined : verdict.reason,
      });
    });

    // (3) Every failed reading in the store exactly once, with stage, reason and original.
    expect(failures.records).toHaveLength(result.failed);
    const unused = new Set(failures.records.keys());
    for (const outcomeOf of result.results) {
      if (outcomeOf.status !== 'failed') continue;
      const original = readings[outcomeOf.index];
      const { kept } = verdicts[outcomeOf.index] as Verdict;
      // As received: the very value; as stamped: a new object equal to the reading plus `timestamp`.
      const keeps = (value: unknown): boolean => (Object.is(kept, original) ? Object.is(value, original) : isDeepStrictEqual(value, kept));
      const at = failures.records.findIndex((record, k) => unused.has(k) && keeps(record.original) && record.reason === outcomeOf.reason);
      if (at < 0) fail(`failed reading #${outcomeOf.index} (${String(outcomeOf.reason)}) has no failure record with its original`);
      unused.delete(at);
      const record = failures.records[at];
      expect(record?.stage).toBe('dispatch');
      expect(typeof record?.reason === 'string' && record.reason.length > 0).toBe(true);
      expect(record?.twin).toBe('demo');
      const verdict = verdicts[outcomeOf.index] as Verdict;
      if (!verdict.ok && verdict.deviceId !== undefined) expect(record?.deviceId).toBe(verdict.deviceId);
      if (!verdict.ok) expect({ result: outcomeOf.timestamp, record: record?.timestamp }).toEqual({ result: verdict.timestamp, record: verdict.timestamp });
    }
    expect(unused.size).toBe(0);

    // (4) Every dispatched reading in the wrapper payloads exactly once, as its normalized event.
    const requests = invokes.map((input) => {
      expect((input.Payload as Uint8Array).byteLength).toBeLessThanOrEqual(MAX_WRAPPER_PAYLOAD_BYTES);
      return decodeRequest(input);
    });
    expect(new Set(requests.map((request) => request.requestId)).size).toBe(requests.length);
    for (const request of requests) {
      expect(request).toMatchObject({ trigger: expected.trigger, source: 'demo-dispatcher', timestamp: new Date(NOW).toISOString() });
      expect(request.requestId).toMatch(/^req-1:\d+$/);
      expect(request.payload.events.length).toBeGreaterThan(0);
      expect(request.payload.events.length).toBeLessThanOrEqual(DEFAULT_WRAPPER_BATCH_SIZE);
    }
    const sent = new Map<string, number>();
    let sentCount = 0;
    for (const sentEvent of requests.flatMap((request) => request.payload.events)) {
      const key = json(sentEvent);
      sent.set(key, (sent.get(key) ?? 0) + 1);
      sentCount += 1;
    }
    expect(sentCount).toBe(result.dispatched);
    for (const outcomeOf of result.results) {
      if (outcomeOf.status !== 'dispatched') continue;
      const verdict = verdicts[outcomeOf.index] as Verdict;
      if (!verdict.ok) fail(`reading #${outcomeOf.index} was dispatched although it is invalid`);
      expect({ deviceId: outcomeOf.deviceId, eventId: outcomeOf.eventId, timestamp: outcomeOf.timestamp }).toEqual({
        deviceId: verdict.event.deviceId,
        eventId: verdict.event.eventId,
        timestamp: verdict.event.timestamp,
      });
      expect(REGISTERED).toContain(verdict.event.deviceId);
      const key = json(verdict.event);
      const left = sent.get(key) ?? 0;
      if (left === 0) fail(`dispatched reading #${outcomeOf.index} is missing from the wrapper payloads (or sent fewer times than dispatched)`);
      sent.set(key, left - 1);
    }
  }
}

describe('dispatcher under generated hostile input (fast-check)', () => {
  afterAll(() => {
    lambdaMock.restore();
    expect(takePollution()).toEqual([]);
  });

  it('accounts for 1,500 generated readings and arrays of readings (seed 42)', async () => {
    await fc.assert(fc.asyncProperty(readingsInput, dispatchAndCheck), { numRuns: 1_500, seed: 42 });
  });

  it('accounts for 1,000 arbitrary JSON values, JSON texts and hostile-key trees (seed 7)', async () => {
    await fc.assert(fc.asyncProperty(arbitraryInput, dispatchAndCheck), { numRuns: 1_000, seed: 7 });
  });

  it('accounts for 1,000 Records batches, envelopes, batch texts and pollution gadgets (seed 2026)', async () => {
    await fc.assert(fc.asyncProperty(batchInput, dispatchAndCheck), { numRuns: 1_000, seed: 2026 });
  });
});
