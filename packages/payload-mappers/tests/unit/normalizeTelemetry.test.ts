import { InvalidTwinNameError } from '@twinflow/core';
import {
  MapperOptionsError,
  TELEMETRY_REJECT_REASONS,
  TelemetryValidationError,
  computeEventId,
  normalizeTelemetry,
  parseRawTelemetry,
  type NormalizeOptions,
  type TelemetryRejectReason,
} from '../../src';

const NOW = Date.UTC(2026, 10, 24, 8, 0, 0);
const options: NormalizeOptions = { twin: 'demo', now: () => NOW };

/** The error `act` throws (fails the test when it throws nothing). */
function thrown(act: () => unknown): unknown {
  try {
    act();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error, nothing was thrown');
}

function rejection(raw: unknown, opts: NormalizeOptions = options): TelemetryValidationError {
  const err = thrown(() => normalizeTelemetry(raw, opts));
  if (err instanceof TelemetryValidationError) return err;
  throw err;
}

function nest(levels: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i += 1) value = { n: value };
  return value;
}

describe('normalizeTelemetry', () => {
  it('normalizes a reading into a TelemetryEvent', () => {
    // Prepare
    const raw = { device_id: 'thermostat-1', timestamp: '2026-11-24T07:59:00Z', temperature: 70, unit: 'F', tags: ['a'], meta: { fw: '1.2' } };
    // Act
    const event = normalizeTelemetry(raw, options);
    // Assess
    expect(event).toEqual({
      twin: 'demo',
      deviceId: 'thermostat-1',
      timestamp: '2026-11-24T07:59:00.000Z',
      eventId: expect.stringMatching(/^[0-9a-f]{32}$/),
      payload: { temperature: 70, unit: 'F', tags: ['a'], meta: { fw: '1.2' } },
      receivedAt: '2026-11-24T08:00:00.000Z',
    });
    expect(Object.getPrototypeOf(event.payload)).toBe(Object.prototype);
    expect(raw).toHaveProperty('device_id', 'thermostat-1'); // the input is not mutated
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['an array', [{ device_id: 'a' }], 'an array'],
    ['a string', '{"device_id":"a"}', 'a string'],
    ['a number', 42, 'a number'],
    ['a boolean', true, 'a boolean'],
    ['a Date', new Date(), 'a Date'],
    ['a Map', new Map([['device_id', 'a']]), 'a Map'],
    ['a class instance', new (class Reading { device_id = 'a'; })(), 'a Reading'],
  ])('rejects a reading that is %s as not-an-object', (_label, raw, kind) => {
    const err = rejection(raw);
    expect(err.reason).toBe('not-an-object');
    expect(err.field).toBeUndefined();
    expect(err.message).toBe(`a reading must be a JSON object, got ${kind}`);
  });

  it('accepts a null-prototype object', () => {
    const raw = Object.assign(Object.create(null) as Record<string, unknown>, { device_id: 'a', v: 1 });
    expect(normalizeTelemetry(raw, options).payload).toEqual({ v: 1 });
  });

  describe('device id', () => {
    it.each(['device_id', 'deviceId', 'iotDeviceId', 'IoTDeviceId'])('is read from %s and left out of the payload', (field) => {
      const event = normalizeTelemetry({ [field]: 'pump-7', v: 1 }, options);
      expect(event.deviceId).toBe('pump-7');
      expect(event.payload).toEqual({ v: 1 });
    });

    it('accepts aliases that agree and drops every alias from the payload', () => {
      const event = normalizeTelemetry({ device_id: 'a', deviceId: 'a', IoTDeviceId: 'a', v: 1 }, options);
      expect(event.deviceId).toBe('a');
      expect(event.payload).toEqual({ v: 1 });
    });

    it.each([
      [{ device_id: 'a', deviceId: 'b' }, 'deviceId', /device_id and deviceId disagree on the device id \("a" vs "b"\)/],
      [{ deviceId: 'a', IoTDeviceId: 'b' }, 'IoTDeviceId', /deviceId and IoTDeviceId disagree/],
      [{ device_id: 'a', iotDeviceId: 'a', IoTDeviceId: 'c' }, 'IoTDeviceId', /device_id and IoTDeviceId disagree/],
    ])('rejects aliases that disagree: %j', (raw, field, message) => {
      const err = rejection(raw);
      expect(err.reason).toBe('invalid-device-id');
      expect(err.field).toBe(field);
      expect(err.message).toMatch(message);
    });

    it('treats an alias set to undefined as absent', () => {
      expect(normalizeTelemetry({ device_id: undefined, deviceId: 'a' }, options).deviceId).toBe('a');
      expect(rejection({ device_id: undefined, v: 1 }).reason).toBe('missing-device-id');
    });

    it('says which fields it looked for when there is no device id', () => {
      const err = rejection({ temperature: 1 });
      expect(err.reason).toBe('missing-device-id');
      expect(err.message).toBe('no device id: expected one of device_id, deviceId, iotDeviceId, IoTDeviceId');
    });

    it.each<[string, unknown, RegExp]>([
      ['path traversal', '../x', /"\.\.\/x" is not a valid device id: character 1 "\." \(U\+002E\) is not allowed/],
      ['a glob', 'a*', /character 2 "\*" \(U\+002A\)/],
      ['a space', 'thermo stat', /character 7 " " \(U\+0020\) is not allowed \(no whitespace\)/],
      ['a Cyrillic look-alike', 'thermost\u0430t-1', /character 9 "\u0430" \(U\+0430\) is not allowed \(only ASCII is allowed: look-alike letters are rejected\)/],
      ['uppercase', 'Thermostat', /character 1 "T" \(U\+0054\) is not allowed \(device ids are lowercase\)/],
      ['49 characters', 'a'.repeat(49), /it is 49 characters long, the limit is 48/],
      ['a leading dash', '-a', /must not start with '-'/],
      ['empty', '', /it is empty/],
      ['a number', 7, /number 7 is not a valid device id: it must be a string/],
      ['null', null, /null is not a valid device id/],
      ['an object', { id: 'a' }, /an object is not a valid device id/],
      ['a name of another function', 'x-processor:other', /character 12 ":"/],
    ])('rejects %s', (_label, deviceId, message) => {
      const err = rejection({ device_id: deviceId });
      expect(err.reason).toBe('invalid-device-id');
      expect(err.field).toBe('device_id');
      expect(err.message).toMatch(/^device_id: /);
      expect(err.message).toMatch(message);
    });

    it('accepts the longest valid id (48 characters)', () => {
      expect(normalizeTelemetry({ device_id: 'a'.repeat(48) }, options).deviceId).toHaveLength(48);
    });

    it('reads own properties only, never a polluted prototype', () => {
      // Prepare
      const proto = Object.prototype as unknown as Record<string, unknown>;
      Object.defineProperty(proto, 'deviceId', { value: 'evil', configurable: true, writable: true });
      Object.defineProperty(proto, 'ts', { value: 0, configurable: true, writable: true });
      try {
        // Act
        const event = normalizeTelemetry({ device_id: 'a' }, options);
        const err = rejection({ v: 1 });
        // Assess
        expect(event.deviceId).toBe('a');
        expect(event.timestamp).toBe('2026-11-24T08:00:00.000Z');
        expect(err.reason).toBe('missing-device-id');
      } finally {
        delete proto['deviceId'];
        delete proto['ts'];
      }
    });
  });

  describe('timestamp', () => {
    it.each<[string, Record<string, unknown>, string]>([
      ['ISO with Z and milliseconds', { timestamp: '2026-11-24T07:00:00.123Z' }, '2026-11-24T07:00:00.123Z'],
      ['ISO with +02:00 → UTC', { time: '2026-11-24T09:00:00+02:00' }, '2026-11-24T07:00:00.000Z'],
      ['ISO with -05:30 → UTC', { ts: '2026-11-24T01:30:00-05:30' }, '2026-11-24T07:00:00.000Z'],
      ['ISO with +0200', { ts: '2026-11-24T09:00:00+0200' }, '2026-11-24T07:00:00.000Z'],
      ['ISO with +02', { ts: '2026-11-24T09:00:00+02' }, '2026-11-24T07:00:00.000Z'],
      ['offset crossing midnight', { ts: '2026-11-24T01:00:00+03:00' }, '2026-11-23T22:00:00.000Z'],
      ['lowercase t and z', { ts: '2026-11-24t07:00:00z' }, '2026-11-24T07:00:00.000Z'],
      ['space separator', { ts: '2026-11-24 07:00:00Z' }, '2026-11-24T07:00:00.000Z'],
      ['no zone designator → UTC', { ts: '2026-11-24T07:00:00' }, '2026-11-24T07:00:00.000Z'],
      ['no seconds', { ts: '2026-11-24T07:00Z' }, '2026-11-24T07:00:00.000Z'],
      ['nanoseconds → milliseconds', { ts: '2026-11-24T07:00:00.123456789Z' }, '2026-11-24T07:00:00.123Z'],
      ['one fraction digit', { ts: '2026-11-24T07:00:00.5Z' }, '2026-11-24T07:00:00.500Z'],
      ['date only → midnight UTC', { ts: '2026-11-24' }, '2026-11-24T00:00:00.000Z'],
      ['29 February of a leap year', { ts: '2024-02-29T12:00:00Z' }, '2024-02-29T12:00:00.000Z'],
      ['epoch seconds', { ts: 1764000000 }, '2025-11-24T16:00:00.000Z'],
      ['fractional epoch seconds', { ts: 1764000000.123 }, '2025-11-24T16:00:00.123Z'],
      ['epoch ms', { timestamp: 1764000000123 }, '2025-11-24T16:00:00.123Z'],
      ['epoch ms just above 1e12', { ts: 1e12 + 1 }, '2001-09-09T01:46:40.001Z'],
      ['epoch seconds as a digit string', { ts: '1764000000' }, '2025-11-24T16:00:00.000Z'],
      ['epoch ms as a digit string', { ts: '1764000000123' }, '2025-11-24T16:00:00.123Z'],
      ['fractional epoch seconds as a string', { ts: '1764000000.5' }, '2025-11-24T16:00:00.500Z'],
      ['missing → receive time', {}, '2026-11-24T08:00:00.000Z'],
      ['set to undefined → receive time', { ts: undefined }, '2026-11-24T08:00:00.000Z'],
    ])('reads %s', (_label, time, expected) => {
      expect(normalizeTelemetry({ device_id: 'a', ...time }, options).timestamp).toBe(expected);
    });

    it('prefers timestamp over time over ts and keeps none of them in the payload', () => {
      const event = normalizeTelemetry({ device_id: 'a', ts: 1764000000, time: '2026-01-01T00:00:00Z', timestamp: '2026-02-02T00:00:00Z', v: 1 }, options);
      expect(event.timestamp).toBe('2026-02-02T00:00:00.000Z');
      expect(event.payload).toEqual({ v: 1 });
      expect(normalizeTelemetry({ device_id: 'a', ts: 1764000000, time: '2026-01-01T00:00:00Z' }, options).timestamp).toBe('2026-01-01T00:00:00.000Z');
    });

    it('reads exactly 1e12 as epoch seconds (year 33658), not milliseconds', () => {
      // Prepare: allow any future so the reading is accepted and its interpretation visible
      const farFuture: NormalizeOptions = { ...options, maxFutureSkewMs: 1e16 };
      // Act
      const atBoundary = normalizeTelemetry({ device_id: 'a', ts: 1e12 }, farFuture);
      // Assess
      expect(atBoundary.timestamp).toBe(new Date(1e15).toISOString());
      expect(rejection({ device_id: 'a', ts: 1e12 }).reason).toBe('timestamp-out-of-range');
    });

    it.each<[string, unknown, TelemetryRejectReason, RegExp]>([
      ['a word', 'yesterday', 'invalid-timestamp', /ts: "yesterday" is not an ISO-8601 date-time/],
      ['month 13, day 45', '2026-13-45', 'invalid-timestamp', /"2026-13-45" is not an ISO-8601/],
      ['30 February', '2026-02-30', 'invalid-timestamp', /"2026-02-30"/],
      ['29 February of a common year', '2026-02-29T00:00:00Z', 'invalid-timestamp', /"2026-02-29T00:00:00Z"/],
      ['hour 24', '2026-11-24T24:00:00Z', 'invalid-timestamp', /is not an ISO-8601/],
      ['a time without a date', '08:00:00Z', 'invalid-timestamp', /"08:00:00Z"/],
      ['an offset beyond 14 h', '2026-11-24T07:00:00+15:00', 'invalid-timestamp', /is not an ISO-8601/],
      ['a JS date string', 'Tue Nov 24 2026 08:00:00 GMT+0000', 'invalid-timestamp', /is not an ISO-8601/],
      ['a negative digit string', '-5', 'invalid-timestamp', /"-5"/],
      ['an empty string', '', 'invalid-timestamp', /"" is not an ISO-8601/],
      ['a boolean', true, 'invalid-timestamp', /expected an ISO-8601 string or an epoch number, got boolean true/],
      ['an object', { at: 1 }, 'invalid-timestamp', /got an object/],
      ['an array', [1764000000], 'invalid-timestamp', /got an array/],
      ['null', null, 'invalid-timestamp', /got null/],
      ['NaN', Number.NaN, 'invalid-timestamp', /must be a finite number, got NaN/],
      ['Infinity', Number.POSITIVE_INFINITY, 'invalid-timestamp', /got Infinity/],
      ['-Infinity', Number.NEGATIVE_INFINITY, 'invalid-timestamp', /got -Infinity/],
      ['before 2000', '1999-12-31T23:59:59Z', 'timestamp-out-of-range', /1999-12-31T23:59:59.000Z is before the earliest accepted time 2000-01-01T00:00:00.000Z/],
      ['epoch zero', 0, 'timestamp-out-of-range', /1970-01-01T00:00:00.000Z is before/],
      ['negative epoch', -5, 'timestamp-out-of-range', /is before/],
      ['more than 24 h ahead', '2026-11-25T08:00:00.001Z', 'timestamp-out-of-range', /is after the latest accepted time 2026-11-25T08:00:00.000Z \(receive time \+ 86400000 ms\)/],
      ['beyond what a Date holds', 8.64e15 + 1, 'timestamp-out-of-range', /8640000000000001 is after/],
    ])('rejects %s', (_label, ts, reason, message) => {
      const err = rejection({ device_id: 'a', ts });
      expect(err.reason).toBe(reason);
      expect(err.field).toBe('ts');
      expect(err.message).toMatch(message);
    });

    it('accepts the edges of the range and honours the range options', () => {
      expect(normalizeTelemetry({ device_id: 'a', ts: '2026-11-25T08:00:00.000Z' }, options).timestamp).toBe('2026-11-25T08:00:00.000Z');
      expect(normalizeTelemetry({ device_id: 'a', ts: '2000-01-01T00:00:00Z' }, options).timestamp).toBe('2000-01-01T00:00:00.000Z');
      expect(rejection({ device_id: 'a', ts: NOW + 1 }, { ...options, maxFutureSkewMs: 0 }).reason).toBe('timestamp-out-of-range');
      expect(normalizeTelemetry({ device_id: 'a', ts: NOW }, { ...options, maxFutureSkewMs: 0 }).timestamp).toBe('2026-11-24T08:00:00.000Z');
      expect(normalizeTelemetry({ device_id: 'a', ts: '1990-01-01' }, { ...options, minTimestampMs: 0 }).timestamp).toBe('1990-01-01T00:00:00.000Z');
    });
  });

  describe('payload', () => {
    it.each<[string, Record<string, unknown>, string, RegExp]>([
      ['a function', { f: () => 1 }, 'f', /^f: a function is not a JSON value$/],
      ['NaN', { v: Number.NaN }, 'v', /^v: NaN is not a JSON number$/],
      ['Infinity', { v: { w: Number.POSITIVE_INFINITY } }, 'v.w', /^v\.w: Infinity is not a JSON number$/],
      ['a BigInt', { v: BigInt(1) }, 'v', /a bigint is not a JSON value/],
      ['undefined at the top', { v: undefined }, 'v', /^v: undefined is not a JSON value$/],
      ['undefined in an array', { v: [1, undefined] }, 'v[1]', /^v\[1\]: undefined/],
      ['an array hole', { v: [1, , 3] }, 'v[1]', /undefined is not a JSON value/], // eslint-disable-line no-sparse-arrays
      ['a symbol', { v: Symbol('s') }, 'v', /a symbol is not a JSON value/],
      ['a Map', { v: new Map() }, 'v', /a Map is not a plain JSON object/],
      ['a Date', { v: new Date(0) }, 'v', /a Date is not a plain JSON object/],
      ['a class instance', { v: new (class Probe {})() }, 'v', /a Probe is not a plain JSON object/],
      ['an odd key', { 'a.b': { c: Number.NaN } }, '["a.b"].c', /^\["a\.b"\]\.c: NaN/],
    ])('rejects %s as invalid-payload, naming the path', (_label, fields, field, message) => {
      const err = rejection({ device_id: 'a', ...fields });
      expect(err.reason).toBe('invalid-payload');
      expect(err.field).toBe(field);
      expect(err.message).toMatch(message);
    });

    it.each([
      ['__proto__ at the top (from JSON text)', '{"device_id":"a","__proto__":{"polluted":1}}', '__proto__'],
      ['__proto__ at depth 3 (from JSON text)', '{"device_id":"a","a":{"b":{"__proto__":{"polluted":1}}}}', 'a.b.__proto__'],
      ['constructor.prototype inside an array', '{"device_id":"a","a":[{"constructor":{"prototype":{"polluted":1}}}]}', 'a[0].constructor'],
      ['prototype at the top', '{"device_id":"a","prototype":1}', 'prototype'],
    ])('rejects %s as forbidden-key without polluting any prototype', (_label, text, field) => {
      // Prepare
      const raw = parseRawTelemetry(text);
      // Act
      const err = rejection(raw);
      // Assess
      expect(err.reason).toBe('forbidden-key');
      expect(err.field).toBe(field);
      expect(err.message).toMatch(/the key "(__proto__|constructor|prototype)" is not allowed/);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
      expect(Array.prototype).not.toHaveProperty('polluted');
    });

    it('accepts nesting up to maxDepth and rejects one level more', () => {
      // The reading is level 1, so { device_id, n: nest(15) } is 16 levels deep.
      expect(() => normalizeTelemetry({ device_id: 'a', n: nest(15) }, options)).not.toThrow();
      const err = rejection({ device_id: 'a', n: nest(16) });
      expect(err.reason).toBe('payload-too-deep');
      expect(err.field).toBe(`n${'.n'.repeat(15)}`);
      expect(err.message).toMatch(/nested deeper than the limit of 16 levels$/);
      expect(rejection({ device_id: 'a', n: nest(2) }, { ...options, maxDepth: 2 }).reason).toBe('payload-too-deep');
      expect(rejection({ device_id: 'a', list: [[[[1]]]] }, { ...options, maxDepth: 4 }).field).toBe('list[0][0][0]');
    });

    it('rejects 10 000 levels of nesting with a typed error, not a RangeError', () => {
      let arrays: unknown = 1;
      for (let i = 0; i < 10_000; i += 1) arrays = [arrays];
      for (const nested of [nest(10_000), arrays]) {
        const err = rejection({ device_id: 'a', nested });
        expect(err.reason).toBe('payload-too-deep');
      }
    });

    it('rejects hostile nesting arriving as JSON text', () => {
      const text = `{"device_id":"a","x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
      expect(rejection(parseRawTelemetry(text)).reason).toBe('payload-too-deep');
    });

    it('rejects a cyclic structure as too deep', () => {
      const cyclic: Record<string, unknown> = { device_id: 'a' };
      cyclic['self'] = cyclic;
      expect(rejection(cyclic).reason).toBe('payload-too-deep');
    });

    it('rejects a 300 KB reading, naming the limit and where it was reached', () => {
      const err = rejection({ device_id: 'a', blob: 'x'.repeat(300 * 1024) });
      expect(err.reason).toBe('payload-too-large');
      expect(err.field).toBe('blob');
      expect(err.message).toBe('reading exceeds the limit of 65536 bytes of JSON (the limit is reached at blob)');
    });

    it('stops at the size limit before looking at later fields', () => {
      // Prepare: the NaN lies beyond the budget, so the walk never reaches it
      const raw = { device_id: 'a', items: Array.from({ length: 1_000_000 }, () => 1), late: Number.NaN };
      // Act
      const err = rejection(raw);
      // Assess
      expect(err.reason).toBe('payload-too-large');
      expect(err.field).toMatch(/^items\[\d+\]$/);
    });

    it.each([
      ['ASCII', 'x'],
      ['two-byte UTF-8', 'é'],
      ['four-byte UTF-8', '😀'],
      ['JSON escapes', '"\n'],
    ])('counts maxBytes as UTF-8 bytes of JSON, exactly (%s)', (_label, unit) => {
      // Prepare: a reading whose JSON is exactly `limit` bytes
      const raw = { device_id: 'a', ts: NOW, text: unit.repeat(20) };
      const limit = Buffer.byteLength(JSON.stringify(raw), 'utf8');
      // Act / Assess
      expect(normalizeTelemetry(raw, { ...options, maxBytes: limit }).payload['text']).toBe(unit.repeat(20));
      expect(rejection(raw, { ...options, maxBytes: limit - 1 }).reason).toBe('payload-too-large');
    });

    it('never echoes a large value in a message', () => {
      expect(rejection({ device_id: 'x'.repeat(10_000) }).message.length).toBeLessThan(200);
      expect(rejection({ device_id: 'a', ts: 'y'.repeat(10_000) }).message.length).toBeLessThan(200);
      expect(rejection({ device_id: 'a', ['k'.repeat(10_000)]: Number.NaN }).message.length).toBeLessThan(200);
    });
  });

  describe('eventId', () => {
    it('is the same for the same reading regardless of key order, alias or receive time', () => {
      const a = normalizeTelemetry({ device_id: 'a', ts: 1764000000, x: 1, y: { p: 1, q: [{ s: 1, r: 2 }] } }, options);
      const b = normalizeTelemetry({ y: { q: [{ r: 2, s: 1 }], p: 1 }, x: 1, time: '2025-11-24T16:00:00Z', deviceId: 'a' }, { ...options, now: () => NOW + 5000 });
      expect(a.eventId).toBe(b.eventId);
      expect(a.eventId).toBe(computeEventId({ twin: 'demo', deviceId: 'a', timestamp: a.timestamp, payload: a.payload }));
    });

    it('differs when anything identifying the reading differs', () => {
      const base = { device_id: 'a', ts: 1764000000, x: 1 };
      const ids = new Set([
        normalizeTelemetry(base, options).eventId,
        normalizeTelemetry({ ...base, x: 2 }, options).eventId,
        normalizeTelemetry({ ...base, x: '1' }, options).eventId,
        normalizeTelemetry({ ...base, y: 1 }, options).eventId,
        normalizeTelemetry({ ...base, ts: 1764000001 }, options).eventId,
        normalizeTelemetry({ ...base, device_id: 'b' }, options).eventId,
        normalizeTelemetry(base, { ...options, twin: 'other' }).eventId,
      ]);
      expect(ids.size).toBe(7);
    });

    it.each(['eventId', 'event_id'])('keeps a valid %s given by the caller and leaves it out of the payload', (field) => {
      const event = normalizeTelemetry({ device_id: 'a', [field]: 'replay:42.A_b-c', v: 1 }, options);
      expect(event.eventId).toBe('replay:42.A_b-c');
      expect(event.payload).toEqual({ v: 1 });
    });

    it('accepts eventId and event_id that agree and rejects them when they disagree', () => {
      expect(normalizeTelemetry({ device_id: 'a', eventId: 'e1', event_id: 'e1' }, options).eventId).toBe('e1');
      const err = rejection({ device_id: 'a', eventId: 'e1', event_id: 'e2' });
      expect(err.reason).toBe('invalid-payload');
      expect(err.field).toBe('event_id');
      expect(err.message).toMatch(/eventId and event_id disagree/);
    });

    it.each<[string, unknown]>([
      ['with a space', 'has space'],
      ['empty', ''],
      ['129 characters', 'e'.repeat(129)],
      ['with a slash', 'a/b'],
      ['a number', 42],
      ['null', null],
    ])('rejects a caller eventId %s (invalid-payload) instead of silently replacing it', (_label, eventId) => {
      const err = rejection({ device_id: 'a', eventId });
      expect(err.reason).toBe('invalid-payload');
      expect(err.field).toBe('eventId');
      expect(err.message).toMatch(/^eventId: .* is not a valid event id: expected 1-128 characters/);
    });

    it('accepts a 128-character caller eventId', () => {
      expect(normalizeTelemetry({ device_id: 'a', event_id: 'e'.repeat(128) }, options).eventId).toHaveLength(128);
    });
  });

  describe('options', () => {
    it('uses now() for receivedAt and for a reading without a time', () => {
      const event = normalizeTelemetry({ device_id: 'a' }, { twin: 'demo', now: () => Date.UTC(2026, 0, 2, 3, 4, 5, 6) });
      expect(event.receivedAt).toBe('2026-01-02T03:04:05.006Z');
      expect(event.timestamp).toBe(event.receivedAt);
    });

    it('defaults the clock to Date.now', () => {
      const before = Date.now();
      const event = normalizeTelemetry({ device_id: 'a' }, { twin: 'demo' });
      expect(Date.parse(event.receivedAt)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(event.receivedAt)).toBeLessThanOrEqual(Date.now());
    });

    it('validates the twin name with core', () => {
      expect(thrown(() => normalizeTelemetry({ device_id: 'a' }, { twin: 'Bad Twin' }))).toBeInstanceOf(InvalidTwinNameError);
    });

    it.each<[string, Partial<NormalizeOptions> | null, string]>([
      ['maxDepth 0', { maxDepth: 0 }, 'maxDepth'],
      ['maxDepth 1.5', { maxDepth: 1.5 }, 'maxDepth'],
      ['maxBytes 0', { maxBytes: 0 }, 'maxBytes'],
      ['maxBytes NaN', { maxBytes: Number.NaN }, 'maxBytes'],
      ['maxFutureSkewMs -1', { maxFutureSkewMs: -1 }, 'maxFutureSkewMs'],
      ['maxFutureSkewMs NaN', { maxFutureSkewMs: Number.NaN }, 'maxFutureSkewMs'],
      ['minTimestampMs Infinity', { minTimestampMs: Number.NEGATIVE_INFINITY }, 'minTimestampMs'],
      ['now not a function', { now: 5 as unknown as () => number }, 'now'],
      ['now returning NaN', { now: () => Number.NaN }, 'now'],
    ])('rejects %s with a MapperOptionsError naming the option', (_label, bad, field) => {
      const err = thrown(() => normalizeTelemetry({ device_id: 'a' }, { ...options, ...bad }));
      expect(err).toBeInstanceOf(MapperOptionsError);
      expect(err).not.toBeInstanceOf(TelemetryValidationError);
      expect((err as MapperOptionsError).field).toBe(field);
      expect((err as Error).message.startsWith(`${field}: `)).toBe(true);
    });

    it('rejects missing options', () => {
      expect(thrown(() => normalizeTelemetry({ device_id: 'a' }, undefined as unknown as NormalizeOptions))).toBeInstanceOf(MapperOptionsError);
    });
  });

  it('covers every rejection reason with its exact reason, field and message', () => {
    // Prepare: one reading per reason, through the same path the dispatcher uses
    const cases: Array<[TelemetryRejectReason, unknown, string | undefined, RegExp]> = [
      ['malformed-json', '{"device_id":', undefined, /^reading is not valid JSON \(.+\); it starts with "\{\\"device_id\\":"$/],
      ['not-an-object', '[1,2]', undefined, /^a reading must be a JSON object, got an array$/],
      ['missing-device-id', '{"v":1}', undefined, /^no device id: expected one of device_id/],
      ['invalid-device-id', '{"device_id":"../x"}', 'device_id', /^device_id: "\.\.\/x" is not a valid device id/],
      ['invalid-timestamp', '{"device_id":"a","ts":"yesterday"}', 'ts', /^ts: "yesterday" is not an ISO-8601 date-time/],
      ['timestamp-out-of-range', '{"device_id":"a","ts":"1999-01-01"}', 'ts', /^ts: 1999-01-01T00:00:00.000Z is before/],
      ['payload-too-large', `{"device_id":"a","blob":"${'x'.repeat(70_000)}"}`, undefined, /^reading is larger than the limit of 65536 bytes/],
      ['payload-too-deep', `{"device_id":"a","x":${'['.repeat(17)}${']'.repeat(17)}}`, 'x[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]', /nested deeper than the limit of 16 levels/],
      ['forbidden-key', '{"device_id":"a","x":{"y":{"__proto__":{}}}}', 'x.y.__proto__', /^x\.y\.__proto__: the key "__proto__" is not allowed$/],
      ['invalid-payload', '{"device_id":"a","eventId":"no spaces"}', 'eventId', /^eventId: "no spaces" is not a valid event id/],
    ];
    // Act
    const results = cases.map(([, text]) => thrown(() => normalizeTelemetry(parseRawTelemetry(text), options)));
    // Assess
    results.forEach((err, i) => {
      const [reason, , field, message] = cases[i] as (typeof cases)[number];
      expect(err).toBeInstanceOf(TelemetryValidationError);
      expect(err).toMatchObject({ reason, field, code: 'TELEMETRY_INVALID', name: 'TelemetryValidationError' });
      expect((err as Error).message).toMatch(message);
    });
    expect(cases.map(([reason]) => reason).sort()).toEqual([...TELEMETRY_REJECT_REASONS].sort());
  });
});
