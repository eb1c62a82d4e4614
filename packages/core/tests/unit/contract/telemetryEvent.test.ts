import { InvalidEventError, isIsoUtcMillis, parseIsoTimestamp, readingIds, readTelemetryEvent, ValidationError } from '../../../src';
import type { ContractRead, TelemetryEvent } from '../../../src';

/** A proxy whose every inspection throws. */
function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** The issues of a refused read (fails the test when the read was accepted). */
function issuesOf(read: ContractRead<TelemetryEvent>): Array<{ path: string; message: string }> {
  expect(read.ok).toBe(false);
  return read.ok ? [] : read.issues;
}

// Moved from apps/wrapper/tests/unit/validateEvent.test.ts
// (createEventValidator(twin)(item, receivedAt) → readTelemetryEvent(item, { twin, receivedAt }); { event } → { value };
// { error: InvalidEventError, deviceId?, eventId? } → { issues, ids }, with new InvalidEventError(issues) carrying the issues).
describe('readTelemetryEvent', () => {
  const validate = (item: unknown, receivedAt: string): ContractRead<TelemetryEvent> => readTelemetryEvent(item, { twin: 'demo', receivedAt });
  const RECEIVED = '2026-11-24T08:00:01.000Z';
  const event = {
    twin: 'demo',
    deviceId: 'thermostat-1',
    eventId: '0123456789abcdef0123456789abcdef',
    timestamp: '2026-11-24T08:00:00.000Z',
    payload: { temperature: 21.5, tags: ['a'], nested: { ok: true, none: null } },
    receivedAt: '2026-11-24T08:00:00.500Z',
  };

  it('accepts a TelemetryEvent of the twin and keeps only its fields', () => {
    // Act
    const checked = validate({ ...event, extra: 'dropped' }, RECEIVED);

    // Assess
    expect(checked).toEqual({ ok: true, value: event });
  });

  it('fills a missing receivedAt with the receive time', () => {
    // Act
    const checked = validate({ ...event, receivedAt: undefined }, RECEIVED);

    // Assess
    expect(checked.ok && checked.value.receivedAt).toBe(RECEIVED);
  });

  it('keeps the receivedAt an event carries', () => {
    // Act
    const checked = validate(event, RECEIVED);

    // Assess
    expect(checked.ok && checked.value.receivedAt).toBe(event.receivedAt);
  });

  it.each([
    ['deviceId', { deviceId: '../x' }],
    ['deviceId', { deviceId: 'Thermostat' }],
    ['deviceId', { deviceId: 42 }],
    ['twin', { twin: 'other' }],
    ['eventId', { eventId: '' }],
    ['eventId', { eventId: 'has space' }],
    ['timestamp', { timestamp: 'soon' }],
    ['timestamp', { timestamp: 1_700_000_000 }],
    ['payload', { payload: [1] }],
    ['payload', { payload: null }],
    ['payload', { payload: 'hot' }],
  ])('rejects an invalid %s (%p) with InvalidEventError naming the field', (field, change) => {
    // Act
    const checked = validate({ ...event, ...change }, RECEIVED);

    // Assess
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const error = new InvalidEventError(checked.issues);
    expect(error).toBeInstanceOf(InvalidEventError);
    expect(error.issues).toEqual(checked.issues);
    expect(error.issues.map((issue) => issue.path)).toContain(field);
    expect(error.message).toMatch(new RegExp(`^invalid telemetry event: .*${field}: `));
  });

  it('reports the ids of a rejected item only when they are well-formed', () => {
    // Act
    const badDevice = validate({ ...event, deviceId: '../x', payload: 1 }, RECEIVED);
    const badTwin = validate({ ...event, twin: 'other' }, RECEIVED);

    // Assess
    expect(badDevice).toMatchObject({ ok: false, ids: { eventId: event.eventId } });
    expect(!badDevice.ok && badDevice.ids).not.toHaveProperty('deviceId');
    expect(badTwin).toMatchObject({ ok: false, ids: { deviceId: 'thermostat-1', eventId: event.eventId } });
  });

  it.each([null, undefined, 'text', [event]])('rejects %p as a whole', (item) => {
    // Act
    const checked = validate(item, RECEIVED);

    // Assess
    // Changed: a refusal returns its issues (one, on the whole event) and no ids instead of an InvalidEventError.
    expect(checked).toMatchObject({ ok: false, issues: [{ path: 'event', message: expect.stringMatching(/^event: must be a TelemetryEvent object, got /) }], ids: {} });
    expect(new InvalidEventError(issuesOf(checked))).toMatchObject({ field: 'event' });
  });
});

describe('readTelemetryEvent issues', () => {
  const event = { twin: 'demo', deviceId: 'thermostat-1', eventId: 'e1', timestamp: '2026-11-24T08:00:00.000Z', payload: { t: 70 }, receivedAt: '2026-11-24T08:00:01.000Z' };

  it('reports every offending field, each message starting with its path', () => {
    // Act
    const issues = issuesOf(readTelemetryEvent({ twin: 'Demo', deviceId: '-x', eventId: 'a b', timestamp: 'now', payload: [], receivedAt: 1 }));

    // Assess
    expect(issues.map((issue) => issue.path)).toEqual(['deviceId', 'timestamp', 'eventId', 'twin', 'payload', 'receivedAt']);
    for (const issue of issues) expect(issue.message.startsWith(`${issue.path}: `)).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['NaN', { t: Number.NaN }, 'payload.t'],
    ['Infinity deep in an array', { list: [1, { x: Number.POSITIVE_INFINITY }] }, 'payload.list[1].x'],
    ['undefined', { t: undefined }, 'payload.t'],
    ['a Date', { at: new Date(0) }, 'payload.at'],
    ['a function', { f: () => 1 }, 'payload.f'],
  ])('refuses a payload holding %s, naming where', (_label, payload, path) => {
    // Act
    const issues = issuesOf(readTelemetryEvent({ ...event, payload }));

    // Assess
    expect(issues).toEqual([{ path, message: expect.stringMatching(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: `)) }]);
  });

  it('refuses an event without receivedAt when the reader has no default', () => {
    // Act
    const issues = issuesOf(readTelemetryEvent({ ...event, receivedAt: undefined }));

    // Assess
    expect(issues).toEqual([{ path: 'receivedAt', message: 'receivedAt: must be a string, got undefined' }]);
  });

  it('prefixes every path with the path option', () => {
    // Act
    const fields = issuesOf(readTelemetryEvent({ ...event, deviceId: '../x', payload: { t: Number.NaN } }, { path: 'event' }));
    const whole = issuesOf(readTelemetryEvent(7, { path: 'record.event' }));

    // Assess
    expect(fields.map((issue) => issue.path)).toEqual(['event.deviceId', 'event.payload.t']);
    expect(fields[0]?.message).toMatch(/^event\.deviceId: "\.\.\/x" is not a valid device id/);
    expect(whole).toEqual([{ path: 'record.event', message: 'record.event: must be a TelemetryEvent object, got number 7' }]);
  });

  it('returns a fresh object, not the input', () => {
    // Act
    const read = readTelemetryEvent(event);

    // Assess
    expect(read.ok && read.value).toEqual(event);
    expect(read.ok && read.value).not.toBe(event);
  });
});

describe('InvalidEventError', () => {
  it('carries its issues, names its one field and is parked as invalid-event', () => {
    // Prepare
    const issues = [{ path: 'deviceId', message: 'deviceId: "../x" is not a valid device id' }];

    // Act
    const error = new InvalidEventError(issues);

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ name: 'InvalidEventError', code: 'INVALID_EVENT', reason: 'invalid-event', field: 'deviceId', issues });
    expect(error.message).toBe('invalid telemetry event: deviceId: "../x" is not a valid device id');
  });

  it('names no field when several are at fault, and joins their messages', () => {
    // Act
    const error = new InvalidEventError([
      { path: 'deviceId', message: 'deviceId: bad' },
      { path: 'timestamp', message: 'timestamp: bad' },
    ]);

    // Assess
    expect(error.field).toBeUndefined();
    expect(error.message).toBe('invalid telemetry event: deviceId: bad; timestamp: bad');
  });
});

describe('the one timestamp rule', () => {
  const event = { twin: 'demo', deviceId: 'thermostat-1', eventId: 'e1', timestamp: '2026-11-24T08:00:00.000Z', payload: { t: 70 }, receivedAt: '2026-11-24T08:00:01.000Z' };

  it.each([
    ['no milliseconds', '2026-11-24T08:00:00Z'],
    ['an offset', '2026-11-24T09:00:00.000+01:00'],
    ['a +00:00 offset', '2026-11-24T08:00:00.000+00:00'],
    ['no zone', '2026-11-24T08:00:00.000'],
    ['a lowercase z', '2026-11-24T08:00:00.000z'],
    ['a space for T', '2026-11-24 08:00:00.000Z'],
    ['microseconds', '2026-11-24T08:00:00.000000Z'],
    ['a date only', '2026-11-24'],
    ['an impossible date (February 30)', '2026-02-30T08:00:00.000Z'],
    ['February 29 of a common year', '2025-02-29T08:00:00.000Z'],
    ['month 13', '2026-13-01T08:00:00.000Z'],
    ['hour 24', '2026-11-24T24:00:00.000Z'],
    ['second 60', '2026-11-24T08:00:60.000Z'],
    ['an expanded year', '+012026-11-24T08:00:00.000Z'],
    ['words', 'yesterday'],
    ['epoch milliseconds', 1_763_971_200_000],
    ['epoch seconds', 1_763_971_200],
    ['epoch milliseconds as text', '1763971200000'],
    ['a Date', new Date('2026-11-24T08:00:00.000Z')],
    ['null', null],
  ])('refuses %s (%p) on timestamp, saying "ISO-8601 UTC with milliseconds"', (_label, timestamp) => {
    // Act
    const read = readTelemetryEvent({ ...event, timestamp }, { twin: 'demo' });

    // Assess
    expect(issuesOf(read)).toEqual([{ path: 'timestamp', message: expect.stringContaining('ISO-8601 UTC with milliseconds') }]);
    expect(issuesOf(read)[0]?.message).toMatch(/^timestamp: /);
  });

  it('keeps the device and event ids of an event refused for its timestamp, but not the timestamp', () => {
    // Act
    const read = readTelemetryEvent({ ...event, timestamp: '2026-11-24T08:00:00Z' });

    // Assess
    expect(read).toEqual({ ok: false, issues: [expect.objectContaining({ path: 'timestamp' })], ids: { deviceId: 'thermostat-1', eventId: 'e1' } });
  });

  it('keeps a stored-form timestamp in the ids of an event refused for another field', () => {
    // Act
    const read = readTelemetryEvent({ ...event, payload: null });

    // Assess
    expect(!read.ok && read.ids).toEqual({ deviceId: 'thermostat-1', eventId: 'e1', timestamp: event.timestamp });
  });

  it.each(['2026-11-24T08:00:00.000Z', '2024-02-29T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z'])(
    'accepts %s as is',
    (timestamp) => {
      // Act
      const read = readTelemetryEvent({ ...event, timestamp });

      // Assess
      expect(read.ok && read.value.timestamp).toBe(timestamp);
      expect(isIsoUtcMillis(timestamp)).toBe(true);
      expect(new Date(parseIsoTimestamp(timestamp) as number).toISOString()).toBe(timestamp);
    },
  );

  it.each([
    ['2026-11-24T09:00:00+01:00', Date.UTC(2026, 10, 24, 8)],
    ['2026-11-24T03:30:00-0430', Date.UTC(2026, 10, 24, 8)],
    ['2026-11-24', Date.UTC(2026, 10, 24)],
    ['2026-11-24T08:00:00.5Z', Date.UTC(2026, 10, 24, 8, 0, 0, 500)],
    ['0050-01-01T00:00:00Z', -60_589_296_000_000],
    ['2026-02-30', undefined],
    ['2026-11-24T08:00:00+15:00', undefined],
    ['2026-W48', undefined],
  ])('parseIsoTimestamp(%j) is %p', (text, expected) => {
    // Act / Assess
    expect(parseIsoTimestamp(text)).toBe(expected);
  });
});

describe('readingIds', () => {
  it.each<[string, unknown, object]>([
    ['every well-formed id', { deviceId: 'thermostat-1', eventId: 'e1', timestamp: '2026-11-24T08:00:00.000Z', twin: 'x' }, { deviceId: 'thermostat-1', eventId: 'e1', timestamp: '2026-11-24T08:00:00.000Z' }],
    ['an invalid device id left out', { deviceId: '../x', eventId: 'e1' }, { eventId: 'e1' }],
    ['an invalid event id left out', { deviceId: 'thermostat-1', eventId: 'a b' }, { deviceId: 'thermostat-1' }],
    ['a raw timestamp left out', { deviceId: 'thermostat-1', timestamp: '2026-11-24T08:00:00Z' }, { deviceId: 'thermostat-1' }],
    ['raw field names ignored', { device_id: 'thermostat-1', ts: 1 }, {}],
    // The cases of runtime's former eventTimestampOf (a failure record's timestamp), which readingIds replaced.
    ['an epoch timestamp left out', { timestamp: 1764000000 }, {}],
    ['an impossible date left out', { timestamp: '2026-02-30T08:00:00.000Z' }, {}],
    ['an inherited timestamp left out', Object.create({ timestamp: '2026-11-24T08:00:00.000Z' }) as unknown, {}],
    ['nothing of a string', 'thermostat-1', {}],
    ['nothing of an array', [{ deviceId: 'thermostat-1' }], {}],
    ['nothing of null', null, {}],
  ])('tells %s', (_label, value, expected) => {
    // Act / Assess
    expect(readingIds(value)).toEqual(expected);
  });

  it('never throws, even on a revoked proxy or a throwing getter', () => {
    // Prepare
    const hostile = {
      get deviceId(): unknown {
        throw new Error('boom');
      },
    };

    // Act / Assess
    expect(readingIds(revokedProxy())).toEqual({});
    expect(readingIds(hostile)).toEqual({});
  });
});

describe('the twin option', () => {
  const event = { twin: 'demo', deviceId: 'thermostat-1', eventId: 'e1', timestamp: '2026-11-24T08:00:00.000Z', payload: {}, receivedAt: '2026-11-24T08:00:01.000Z' };

  it("refuses another twin's event, naming both twins", () => {
    // Act
    const issues = issuesOf(readTelemetryEvent({ ...event, twin: 'other' }, { twin: 'demo' }));

    // Assess
    expect(issues).toEqual([{ path: 'twin', message: 'twin: "other" is not this service\'s twin "demo"' }]);
  });

  it.each(['demo', 'other', 'a', 'x-1', 'a'.repeat(24)])('accepts any valid twin name (%s) without the option', (twin) => {
    // Act
    const read = readTelemetryEvent({ ...event, twin });

    // Assess
    expect(read.ok && read.value.twin).toBe(twin);
  });

  it.each([['Demo'], ['1demo'], ['de mo'], [''], ['a'.repeat(25)], [42], [undefined]])('refuses an invalid twin name (%p) with or without the option', (twin) => {
    // Act
    const without = readTelemetryEvent({ ...event, twin });
    const withOption = readTelemetryEvent({ ...event, twin }, { twin: 'demo' });

    // Assess
    expect(issuesOf(without)).toEqual([{ path: 'twin', message: expect.stringMatching(/is not a valid twin name$/) }]);
    expect(issuesOf(withOption)).toEqual([{ path: 'twin', message: expect.stringMatching(/is not a valid twin name$/) }]);
  });
});

describe('hostile values', () => {
  it('never throws on a revoked proxy: the event cannot be read', () => {
    // Prepare
    const proxy = revokedProxy();

    // Act
    const read = readTelemetryEvent(proxy, { twin: 'demo', receivedAt: '2026-11-24T08:00:01.000Z' });

    // Assess
    expect(read).toEqual({ ok: false, issues: [{ path: 'event', message: expect.stringMatching(/^event: cannot be read \(.+\)$/) }], ids: {} });
  });

  it('never throws on a throwing getter', () => {
    // Prepare
    const hostile = {
      twin: 'demo',
      get deviceId(): unknown {
        throw new Error('boom');
      },
    };

    // Act
    const read = readTelemetryEvent(hostile, { path: 'event' });

    // Assess
    expect(read).toEqual({ ok: false, issues: [{ path: 'event', message: 'event: cannot be read (boom)' }], ids: {} });
  });

  it('never throws on a revoked proxy as the payload', () => {
    // Act
    const read = readTelemetryEvent({ twin: 'demo', deviceId: 'thermostat-1', eventId: 'e1', timestamp: '2026-11-24T08:00:00.000Z', payload: revokedProxy(), receivedAt: 'r' });

    // Assess
    expect(read).toEqual({ ok: false, issues: [{ path: 'event', message: expect.stringMatching(/^event: cannot be read/) }], ids: {} });
  });
});
