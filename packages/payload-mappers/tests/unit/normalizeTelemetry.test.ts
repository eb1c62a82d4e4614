import { InvalidTwinNameError } from '@twinflow/core';
import { TelemetryValidationError, normalizeTelemetry, parseRawTelemetry, type NormalizeOptions, type TelemetryRejectReason } from '../../src';

const NOW = Date.UTC(2026, 10, 24, 8, 0, 0);
const options: NormalizeOptions = { twin: 'demo', now: () => NOW };

function rejection(raw: unknown, opts: NormalizeOptions = options): TelemetryValidationError {
  try {
    normalizeTelemetry(raw, opts);
  } catch (err) {
    if (err instanceof TelemetryValidationError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('normalizeTelemetry', () => {
  it('normalizes a reading', () => {
    // Act
    const event = normalizeTelemetry({ device_id: 'thermostat-1', timestamp: '2026-11-24T07:59:00Z', temperature: 70, unit: 'F' }, options);
    // Assess
    expect(event).toEqual({
      twin: 'demo',
      deviceId: 'thermostat-1',
      timestamp: '2026-11-24T07:59:00.000Z',
      eventId: expect.stringMatching(/^[0-9a-f]{32}$/),
      payload: { temperature: 70, unit: 'F' },
      receivedAt: '2026-11-24T08:00:00.000Z',
    });
  });

  it.each(['device_id', 'deviceId', 'iotDeviceId', 'IoTDeviceId'])('reads the device id from %s', (field) => {
    expect(normalizeTelemetry({ [field]: 'pump-7', v: 1 }, options).deviceId).toBe('pump-7');
  });

  it('accepts two aliases that agree and rejects two that disagree', () => {
    expect(normalizeTelemetry({ device_id: 'a', deviceId: 'a' }, options).deviceId).toBe('a');
    const err = rejection({ device_id: 'a', deviceId: 'b' });
    expect(err.reason).toBe('invalid-device-id');
    expect(err.message).toMatch(/device_id and deviceId disagree/);
  });

  it.each([
    ['ISO with Z', { timestamp: '2026-11-24T07:00:00.123Z' }, '2026-11-24T07:00:00.123Z'],
    ['ISO with offset', { time: '2026-11-24T09:00:00+02:00' }, '2026-11-24T07:00:00.000Z'],
    ['ISO without zone is UTC', { ts: '2026-11-24T07:00:00' }, '2026-11-24T07:00:00.000Z'],
    ['date only', { ts: '2026-11-24' }, '2026-11-24T00:00:00.000Z'],
    ['epoch seconds', { ts: 1764000000 }, '2025-11-24T16:00:00.000Z'],
    ['fractional epoch seconds', { ts: 1764000000.5 }, '2025-11-24T16:00:00.500Z'],
    ['epoch ms just above 1e12', { ts: 1_000_000_000_001 }, '2001-09-09T01:46:40.001Z'],
    ['epoch ms', { timestamp: 1764000000123 }, '2025-11-24T16:00:00.123Z'],
    ['epoch seconds as digits', { ts: '1764000000' }, '2025-11-24T16:00:00.000Z'],
    ['missing → receive time', {}, '2026-11-24T08:00:00.000Z'],
  ])('reads the time: %s', (_label, time, expected) => {
    expect(normalizeTelemetry({ device_id: 'a', ...time }, options).timestamp).toBe(expected);
  });

  it('treats exactly 1e12 as epoch seconds, which is out of range', () => {
    expect(rejection({ device_id: 'a', ts: 1e12 }).reason).toBe('timestamp-out-of-range');
  });

  it.each<[string, unknown, TelemetryRejectReason]>([
    ['a word', 'yesterday', 'invalid-timestamp'],
    ['month 13', '2026-13-01T00:00:00Z', 'invalid-timestamp'],
    ['30 February', '2026-02-30', 'invalid-timestamp'],
    ['hour 25', '2026-11-24T25:00:00Z', 'invalid-timestamp'],
    ['a boolean', true, 'invalid-timestamp'],
    ['an object', { at: 1 }, 'invalid-timestamp'],
    ['NaN', Number.NaN, 'invalid-timestamp'],
    ['Infinity', Number.POSITIVE_INFINITY, 'invalid-timestamp'],
    ['1999', '1999-12-31T23:59:59Z', 'timestamp-out-of-range'],
    ['next week', '2026-12-01T00:00:00Z', 'timestamp-out-of-range'],
    ['negative epoch', -5, 'timestamp-out-of-range'],
    ['year 275760+', 8.64e15 + 1, 'timestamp-out-of-range'],
  ])('rejects a time that is %s', (_label, ts, reason) => {
    const err = rejection({ device_id: 'a', ts });
    expect(err.reason).toBe(reason);
    expect(err.field).toBe('ts');
  });

  it('honours the range options', () => {
    expect(() => normalizeTelemetry({ device_id: 'a', ts: '2026-11-24T09:00:00Z' }, { ...options, maxFutureSkewMs: 0 })).toThrow(/outside/);
    expect(normalizeTelemetry({ device_id: 'a', ts: '1990-01-01' }, { ...options, minTimestampMs: 0 }).timestamp).toBe('1990-01-01T00:00:00.000Z');
  });

  it.each<[string, unknown, TelemetryRejectReason]>([
    ['null', null, 'not-an-object'],
    ['an array', [{ device_id: 'a' }], 'not-an-object'],
    ['a string', 'device_id=a', 'not-an-object'],
    ['a number', 42, 'not-an-object'],
    ['a Date', new Date(), 'not-an-object'],
    ['without a device id', { temperature: 1 }, 'missing-device-id'],
    ['path traversal id', { device_id: '../x' }, 'invalid-device-id'],
    ['glob id', { device_id: 'a*' }, 'invalid-device-id'],
    ['id with a space', { device_id: 'thermo stat' }, 'invalid-device-id'],
    ['cyrillic look-alike id', { device_id: 'thermost\u0430t-1' }, 'invalid-device-id'],
    ['uppercase id', { device_id: 'Thermostat' }, 'invalid-device-id'],
    ['49-character id', { device_id: 'a'.repeat(49) }, 'invalid-device-id'],
    ['leading dash', { device_id: '-a' }, 'invalid-device-id'],
    ['numeric id', { device_id: 7 }, 'invalid-device-id'],
    ['id naming another twin', { device_id: 'x-processor:other' }, 'invalid-device-id'],
    ['a function value', { device_id: 'a', f: () => 1 }, 'invalid-payload'],
    ['NaN value', { device_id: 'a', v: Number.NaN }, 'invalid-payload'],
    ['a BigInt', { device_id: 'a', v: BigInt(1) }, 'invalid-payload'],
    ['a Map', { device_id: 'a', v: new Map() }, 'invalid-payload'],
    ['an invalid eventId', { device_id: 'a', eventId: 'has space' }, 'invalid-payload'],
  ])('rejects a reading that is %s', (_label, raw, reason) => {
    const err = rejection(raw);
    expect(err.reason).toBe(reason);
    expect(err.code).toBe('TELEMETRY_INVALID');
  });

  it('rejects prototype-pollution keys at any depth without polluting', () => {
    // Prepare
    const top = JSON.parse('{"device_id":"a","__proto__":{"polluted":1}}') as unknown;
    const deep = JSON.parse('{"device_id":"a","a":{"b":[{"constructor":{"prototype":{"polluted":1}}}]}}') as unknown;
    // Act
    const topErr = rejection(top);
    const deepErr = rejection(deep);
    // Assess
    expect(topErr.reason).toBe('forbidden-key');
    expect(deepErr.reason).toBe('forbidden-key');
    expect(deepErr.field).toBe('payload.a.b[0].constructor');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('rejects hostile nesting with a typed error, not a stack overflow', () => {
    let nested: unknown = 1;
    for (let i = 0; i < 10_000; i += 1) nested = { n: nested };
    const err = rejection({ device_id: 'a', nested });
    expect(err.reason).toBe('payload-too-deep');
    expect(err.message).toMatch(/deeper than the limit of 16/);
  });

  it('rejects oversized readings and says the size and limit', () => {
    const err = rejection({ device_id: 'a', blob: 'x'.repeat(300 * 1024) });
    expect(err.reason).toBe('payload-too-large');
    expect(err.message).toMatch(/^reading is \d+ bytes, more than the limit of 65536 bytes$/);
    expect(normalizeTelemetry({ device_id: 'a', blob: 'x'.repeat(1000) }, { ...options, maxBytes: 2000 }).payload['blob']).toHaveLength(1000);
  });

  it('does not echo a huge value in the message', () => {
    const err = rejection({ device_id: 'x'.repeat(10_000) });
    expect(err.message.length).toBeLessThan(200);
  });

  it('gives the same reading the same eventId regardless of key order', () => {
    const a = normalizeTelemetry({ device_id: 'a', ts: 1764000000, x: 1, y: { p: 1, q: 2 } }, options);
    const b = normalizeTelemetry({ y: { q: 2, p: 1 }, x: 1, ts: 1764000000, deviceId: 'a' }, { ...options, now: () => NOW + 5000 });
    expect(a.eventId).toBe(b.eventId);
  });

  it('gives different readings different eventIds', () => {
    const base = { device_id: 'a', ts: 1764000000, x: 1 };
    const ids = new Set([
      normalizeTelemetry(base, options).eventId,
      normalizeTelemetry({ ...base, x: 2 }, options).eventId,
      normalizeTelemetry({ ...base, ts: 1764000001 }, options).eventId,
      normalizeTelemetry({ ...base, device_id: 'b' }, options).eventId,
      normalizeTelemetry(base, { ...options, twin: 'other' }).eventId,
    ]);
    expect(ids.size).toBe(5);
  });

  it('keeps a caller-assigned eventId and leaves it out of the payload', () => {
    const event = normalizeTelemetry({ device_id: 'a', event_id: 'replay:42', v: 1 }, options);
    expect(event.eventId).toBe('replay:42');
    expect(event.payload).toEqual({ v: 1 });
  });

  it('validates the twin name', () => {
    expect(() => normalizeTelemetry({ device_id: 'a' }, { twin: 'Bad Twin' })).toThrow(InvalidTwinNameError);
  });
});

describe('parseRawTelemetry', () => {
  it('parses JSON text and bytes, and passes objects through', () => {
    const obj = { device_id: 'a' };
    expect(parseRawTelemetry('{"device_id":"a"}')).toEqual(obj);
    expect(parseRawTelemetry(new TextEncoder().encode('{"device_id":"a"}'))).toEqual(obj);
    expect(parseRawTelemetry(obj)).toBe(obj);
  });

  it('rejects malformed JSON with a short preview', () => {
    let caught: unknown;
    try {
      parseRawTelemetry(`{"device_id": "a", ${'x'.repeat(500)}`);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TelemetryValidationError);
    expect((caught as TelemetryValidationError).reason).toBe('malformed-json');
    expect((caught as Error).message.length).toBeLessThan(100);
    expect((caught as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it('checks the size before parsing', () => {
    const big = `"${'x'.repeat(70_000)}"`;
    expect(() => parseRawTelemetry(big)).toThrow(/more than the limit of 65536 bytes/);
    expect(() => parseRawTelemetry(new TextEncoder().encode(big))).toThrow(/more than the limit/);
    expect(parseRawTelemetry(big, { maxBytes: 100_000 })).toHaveLength(70_000);
  });
});
