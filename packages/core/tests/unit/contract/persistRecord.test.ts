import { dataIssues, MAX_DATA_DEPTH, readPersistRecord } from '../../../src';
import type { ContractRead, PersistRecord } from '../../../src';
import { thermostatEvent } from '../fixtures';

const OPTIONS = { twin: 'demo', receivedAt: '2026-11-24T08:00:02.000Z' };

/** `{ a: { a: … {} } }`: `levels` nested objects, the outermost included. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let level = 1; level < levels; level += 1) value = { a: value };
  return value;
}

/** The issue paths of a refused read (fails the test when the read was accepted). */
function pathsOf(read: ContractRead<PersistRecord>): string[] {
  expect(read.ok).toBe(false);
  return read.ok ? [] : read.issues.map((issue) => issue.path);
}

describe('readPersistRecord', () => {
  it('accepts { event, data } and returns exactly the contract fields', () => {
    // Prepare
    const data = { temperatureC: 20, nested: { list: [1, 'two', null, true] } };

    // Act
    const read = readPersistRecord({ event: { ...thermostatEvent, extra: 'dropped' }, data, note: 'dropped' }, OPTIONS);

    // Assess
    expect(read).toEqual({ ok: true, value: { event: thermostatEvent, data } });
    expect(read.ok && Object.keys(read.value).sort()).toEqual(['data', 'event']);
    expect(read.ok && Object.keys(read.value.event).sort()).toEqual(['deviceId', 'eventId', 'payload', 'receivedAt', 'timestamp', 'twin']);
  });

  it("fills the event's missing receivedAt from the options", () => {
    // Act
    const read = readPersistRecord({ event: { ...thermostatEvent, receivedAt: undefined }, data: {} }, OPTIONS);

    // Assess
    expect(read.ok && read.value.event.receivedAt).toBe(OPTIONS.receivedAt);
  });

  it.each<[string, object, string]>([
    ['a timestamp without milliseconds', { timestamp: '2026-11-24T08:00:00Z' }, 'event.timestamp'],
    ['an invalid device id', { deviceId: '../x' }, 'event.deviceId'],
    ['an invalid event id', { eventId: 'a b' }, 'event.eventId'],
    ['another twin', { twin: 'other' }, 'event.twin'],
    ['a payload that is not an object', { payload: [] }, 'event.payload'],
    ['NaN in the payload', { payload: { t: Number.NaN } }, 'event.payload.t'],
    ['a receivedAt that is not a string', { receivedAt: 5 }, 'event.receivedAt'],
  ])('refuses an event with %s, its issue path prefixed event.', (_label, change, path) => {
    // Act
    const read = readPersistRecord({ event: { ...thermostatEvent, ...change }, data: {} }, OPTIONS);

    // Assess
    expect(pathsOf(read)).toEqual([path]);
    expect(!read.ok && read.issues[0]?.message.startsWith(`${path}: `)).toBe(true);
  });

  it("says 'ISO-8601 UTC with milliseconds' of an event.timestamp it refuses", () => {
    // Act
    const read = readPersistRecord({ event: { ...thermostatEvent, timestamp: '2026-11-24T09:00:00.000+01:00' }, data: {} }, OPTIONS);

    // Assess
    expect(!read.ok && read.issues[0]?.message).toContain('ISO-8601 UTC with milliseconds');
  });

  it.each<[string, unknown, string, RegExp]>([
    ['NaN nested in data', { x: { y: Number.NaN } }, 'data.x.y', /^data\.x\.y: NaN is not a JSON number$/],
    ['Infinity in an array of data', { list: [0, Number.POSITIVE_INFINITY] }, 'data.list[1]', /^data\.list\[1\]: Infinity is not a JSON number$/],
    ['undefined in data', { x: undefined }, 'data.x', /^data\.x: undefined is not a JSON value$/],
    ['a Map in data', { x: new Map() }, 'data.x', /^data\.x: a Map is not a plain JSON object$/],
    ['an odd key in data', { 'a b': Number.NaN }, 'data["a b"]', /^data\["a b"\]: NaN/],
    ['data that is an array', [], 'data', /^data: must be a JSON object, got an array$/],
    ['data that is null', null, 'data', /^data: must be a JSON object, got null$/],
    ['data that is a string', 'x', 'data', /^data: must be a JSON object, got "x"$/],
    ['no data', undefined, 'data', /^data: must be a JSON object, got undefined$/],
  ])('refuses %s, naming the data path', (_label, data, path, message) => {
    // Act
    const read = readPersistRecord({ event: thermostatEvent, data }, OPTIONS);

    // Assess
    expect(pathsOf(read)).toEqual([path]);
    expect(!read.ok && read.issues[0]?.message).toMatch(message);
  });

  it(`accepts data ${MAX_DATA_DEPTH} levels deep and refuses data one level deeper`, () => {
    // Act
    const deepest = readPersistRecord({ event: thermostatEvent, data: nested(MAX_DATA_DEPTH) }, OPTIONS);
    const tooDeep = readPersistRecord({ event: thermostatEvent, data: nested(MAX_DATA_DEPTH + 1) }, OPTIONS);

    // Assess
    expect(MAX_DATA_DEPTH).toBe(31);
    expect(deepest.ok).toBe(true);
    expect(pathsOf(tooDeep)).toEqual([`data${'.a'.repeat(MAX_DATA_DEPTH)}`]);
    expect(!tooDeep.ok && tooDeep.issues[0]?.message).toContain(`nested deeper than the limit of ${MAX_DATA_DEPTH} levels`);
  });

  it('counts arrays as levels of data', () => {
    // Prepare
    let deep: unknown = [];
    for (let level = 2; level <= MAX_DATA_DEPTH; level += 1) deep = [deep];

    // Act
    const atLimit = readPersistRecord({ event: thermostatEvent, data: { a: (deep as unknown[])[0] } }, OPTIONS);
    const beyond = readPersistRecord({ event: thermostatEvent, data: { a: deep } }, OPTIONS);

    // Assess
    expect(atLimit.ok).toBe(true);
    expect(beyond.ok).toBe(false);
  });

  it('reports the issues of the event and of the data together, the event first', () => {
    // Act
    const read = readPersistRecord({ event: { ...thermostatEvent, deviceId: '../x', timestamp: 1 }, data: { x: Number.NaN } }, OPTIONS);

    // Assess
    expect(pathsOf(read)).toEqual(['event.deviceId', 'event.timestamp', 'data.x']);
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'null'],
    ['a number', 42, 'number 42'],
    ['a string', '{"event":{}}', '"{\\"event\\":{}}"'],
    ['an array', [{ event: thermostatEvent, data: {} }], 'an array'],
  ])('refuses a record that is %s as a whole, with no ids', (_label, record, got) => {
    // Act
    const read = readPersistRecord(record, OPTIONS);

    // Assess
    expect(read).toEqual({ ok: false, issues: [{ path: 'record', message: `record: must be an object { event, data }, got ${got}` }], ids: {} });
  });

  it('refuses a record whose event is missing or not an object, on event itself', () => {
    // Act
    const missing = readPersistRecord({ data: {} }, OPTIONS);
    const text = readPersistRecord({ event: 'x', data: {} }, OPTIONS);

    // Assess
    expect(pathsOf(missing)).toEqual(['event']);
    expect(!missing.ok && missing.issues[0]?.message).toBe('event: must be a TelemetryEvent object, got undefined');
    expect(pathsOf(text)).toEqual(['event']);
  });

  it.each<[string, unknown, object]>([
    ['a valid event and bad data: every id', { event: thermostatEvent, data: [] }, { deviceId: 'thermostat-1', eventId: 'e1', timestamp: '2026-11-24T08:00:00.000Z' }],
    ['a bad device id: the other ids', { event: { ...thermostatEvent, deviceId: '../x' }, data: {} }, { eventId: 'e1', timestamp: '2026-11-24T08:00:00.000Z' }],
    ['a raw timestamp: no timestamp', { event: { ...thermostatEvent, timestamp: '2026-11-24T08:00:00Z' }, data: {} }, { deviceId: 'thermostat-1', eventId: 'e1' }],
    ['another twin: every id', { event: { ...thermostatEvent, twin: 'other' }, data: {} }, { deviceId: 'thermostat-1', eventId: 'e1', timestamp: '2026-11-24T08:00:00.000Z' }],
    ['an event that is not an object: none', { event: null, data: {} }, {}],
  ])('tells the well-formed ids of a refused record with %s', (_label, record, ids) => {
    // Act
    const read = readPersistRecord(record, OPTIONS);

    // Assess
    expect(read.ok).toBe(false);
    expect(!read.ok && read.ids).toEqual(ids);
  });

  it('never throws, even on a revoked proxy as the record or the event', () => {
    // Prepare
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();

    // Act
    const record = readPersistRecord(proxy, OPTIONS);
    const event = readPersistRecord({ event: proxy, data: {} }, OPTIONS);

    // Assess
    expect(record).toEqual({ ok: false, issues: [{ path: 'record', message: expect.stringMatching(/^record: cannot be read \(.+\)$/) }], ids: {} });
    expect(event).toEqual({ ok: false, issues: [{ path: 'event', message: expect.stringMatching(/^event: cannot be read/) }], ids: {} });
  });

  it('never throws on a record whose data getter throws', () => {
    // Prepare
    const record = {
      event: thermostatEvent,
      get data(): unknown {
        throw new Error('boom');
      },
    };

    // Act
    const read = readPersistRecord(record, OPTIONS);

    // Assess
    expect(read).toEqual({ ok: false, issues: [{ path: 'record', message: 'record: cannot be read (boom)' }], ids: {} });
  });
});

describe('dataIssues', () => {
  it('is empty for a plain JSON object, including a null-prototype one', () => {
    // Prepare
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { t: 1 });

    // Act / Assess
    expect(dataIssues({ t: 1, list: [{}], s: 'é' })).toEqual([]);
    expect(dataIssues(bare)).toEqual([]);
  });

  it('reports under the path it is given', () => {
    // Act / Assess
    expect(dataIssues({ x: Number.NaN }, 'records[0].data')).toEqual([{ path: 'records[0].data.x', message: 'records[0].data.x: NaN is not a JSON number' }]);
    expect(dataIssues([], 'output')).toEqual([{ path: 'output', message: 'output: must be a JSON object, got an array' }]);
  });

  it('reports only the first problem, in document order', () => {
    // Act / Assess
    expect(dataIssues({ a: 1, b: Number.NaN, c: undefined })).toEqual([{ path: 'data.b', message: 'data.b: NaN is not a JSON number' }]);
  });
});
