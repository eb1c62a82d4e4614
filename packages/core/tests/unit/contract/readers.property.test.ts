/**
 * Property test of the two event readers (fast-check, fixed seed): whatever a hop is handed,
 * the persister's record reader accepts an event exactly when the wrapper's event reader does
 * (given valid data), and what they accept holds the one timestamp rule.
 *
 * `toHotTableItem` (@twinflow/payload-mappers) is not imported: payload-mappers depends on core,
 * so a core test importing it is a circular dependency that core:lint refuses. Its own acceptance
 * is checked instead through the core readers it is built on.
 */
import fc from 'fast-check';
import { dataIssues, DEVICE_ID_PATTERN, EVENT_ID_PATTERN, isIsoUtcMillis, readPersistRecord, readTelemetryEvent } from '../../../src';

const SEED = 20_261_124;
const NUM_RUNS = 1_000;

/** Valid values get 4 in 5 of the draws, so about a quarter of the generated events are fully valid. */
function mostly<T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: invalid, weight: 1 });
}

const instant = fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });

const twin = mostly(fc.constant('demo'), fc.constantFrom('other', 'Demo', '1demo', '', 'a'.repeat(25), 42, null, undefined));

const deviceId = mostly(
  fc.stringMatching(DEVICE_ID_PATTERN),
  fc.oneof(fc.constantFrom('../x', 'Thermostat', '-x', 'a'.repeat(49), 'thermost\u0430t', 'abc\n', '', 7, null, undefined), fc.string()),
);

const timestamp = mostly(
  instant.map((date) => date.toISOString()),
  fc.oneof(
    // No milliseconds.
    instant.map((date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z')),
    // An offset (the same instant, written with another zone).
    fc.tuple(instant, fc.integer({ min: -14, max: 14 })).map(([date, hours]) => {
      const local = new Date(date.getTime() + hours * 3_600_000).toISOString().slice(0, 23);
      const zone = `${hours < 0 ? '-' : '+'}${String(Math.abs(hours)).padStart(2, '0')}:00`;
      return `${local}${zone}`;
    }),
    // Impossible dates and times in the stored form.
    fc.constantFrom(
      '2026-02-30T08:00:00.000Z',
      '2025-02-29T08:00:00.000Z',
      '2026-04-31T08:00:00.000Z',
      '2026-13-01T08:00:00.000Z',
      '2026-00-10T08:00:00.000Z',
      '2026-11-24T24:00:00.000Z',
      '2026-11-24T08:60:00.000Z',
      '2026-11-24T08:00:60.000Z',
    ),
    // Other near misses.
    instant.map((date) => date.toISOString().replace('T', ' ')),
    instant.map((date) => date.toISOString().replace('Z', 'z')),
    instant.map((date) => date.toISOString().slice(0, 23)),
    instant.map((date) => date.toISOString().replace('Z', '000Z')),
    // Numbers: epoch milliseconds and seconds, and the non-finite ones.
    instant.map((date) => date.getTime()),
    instant.map((date) => Math.floor(date.getTime() / 1000)),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY),
    fc.string(),
    fc.constantFrom(null, undefined),
  ),
);

const eventId = mostly(fc.stringMatching(EVENT_ID_PATTERN), fc.oneof(fc.constantFrom('', 'has space', 'x'.repeat(129), 'a/b', 1, null, undefined), fc.string()));

const jsonObject = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 });
/** A value JSON cannot hold, alone or nested in arrays and objects. */
const notJson = fc.oneof(
  fc.constantFrom(Number.NaN, Number.NEGATIVE_INFINITY, undefined, () => 1, new Date(0), new Map<string, number>()),
  fc.constantFrom(Number.NaN, undefined).map((value) => ({ deep: [1, { value }] })),
);
const payload = mostly(
  jsonObject,
  fc.oneof(
    fc.tuple(jsonObject, fc.string({ maxLength: 8 }), notJson).map(([object, key, bad]) => ({ ...object, [key]: bad })),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
    fc.constantFrom(null, 'hot', 7, undefined),
  ),
);

/** `undefined`: the field is left out. */
const receivedAt = mostly(fc.oneof(fc.constant(undefined), instant.map((date) => date.toISOString()), fc.string()), fc.constantFrom(5, null, {}));

const fields = fc.record({ twin, deviceId, timestamp, eventId, payload, receivedAt, extra: fc.option(fc.jsonValue({ maxDepth: 1 }), { nil: undefined }) });

/** An event as a hop may be handed it: its fields (each valid or not, each possibly missing), or no object at all. */
const candidate: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 20, arbitrary: fields.map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined))) },
  { weight: 2, arbitrary: fields },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom(null, undefined, 'event', 42), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 })) },
);

const data = fc.oneof(
  { weight: 5, arbitrary: jsonObject },
  { weight: 1, arbitrary: fc.tuple(jsonObject, fc.string({ maxLength: 8 }), notJson).map(([object, key, bad]) => ({ ...object, [key]: bad })) },
  { weight: 1, arbitrary: fc.constantFrom([], null, 'x', undefined) },
);

/** The reader's default receive time: sometimes none, so an event without one is refused. */
const defaultReceivedAt = fc.option(instant.map((date) => date.toISOString()), { nil: undefined });

describe('readTelemetryEvent and readPersistRecord (property)', () => {
  it('accept the same events, and every accepted timestamp is ISO-8601 UTC with milliseconds', () => {
    // Prepare
    let accepted = 0;
    let refused = 0;
    let refusedForData = 0;

    // Act / Assess
    fc.assert(
      fc.property(candidate, data, defaultReceivedAt, (value, dataValue, received) => {
        const options = { twin: 'demo', receivedAt: received };
        const event = readTelemetryEvent(value, options);
        const record = readPersistRecord({ event: value, data: dataValue }, options);
        const ofData = dataIssues(dataValue);

        if (ofData.length === 0) expect(record.ok).toBe(event.ok);
        else expect(record.ok).toBe(false);

        if (record.ok) {
          expect(event.ok && record.value.event).toEqual(event.ok && event.value);
          expect(record.value.data).toBe(dataValue);
        } else {
          // The event's issues, moved under `event.`, then the data's.
          const fromEvent = event.ok ? [] : event.issues.map((issue) => (issue.path === 'event' ? issue : { path: `event.${issue.path}`, message: `event.${issue.message}` }));
          expect(record.issues).toEqual([...fromEvent, ...ofData]);
        }

        if (event.ok) {
          accepted += 1;
          expect(isIsoUtcMillis(event.value.timestamp)).toBe(true);
          expect(new Date(Date.parse(event.value.timestamp)).toISOString()).toBe(event.value.timestamp);
          // What toHotTableItem checks of an event (any twin, receivedAt not stored) and of its data.
          expect(readTelemetryEvent(event.value, { receivedAt: '' }).ok).toBe(true);
          if (ofData.length === 0) expect(record.ok).toBe(true);
        } else {
          refused += 1;
          expect(event.issues.length).toBeGreaterThan(0);
          expect(event.ids.timestamp === undefined || isIsoUtcMillis(event.ids.timestamp)).toBe(true);
        }
        if (event.ok && ofData.length > 0) refusedForData += 1;
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );

    // Assess: the generator reached every outcome, so the property is not vacuous.
    expect(accepted).toBeGreaterThan(NUM_RUNS / 10);
    expect(refused).toBeGreaterThan(NUM_RUNS / 10);
    expect(refusedForData).toBeGreaterThan(0);
  });

  it('refuse every timestamp that is not in the stored form, on timestamp', () => {
    // Prepare
    const base = { twin: 'demo', deviceId: 'thermostat-1', eventId: 'e1', payload: {}, receivedAt: '2026-11-24T08:00:01.000Z' };

    // Act / Assess
    fc.assert(
      fc.property(timestamp, (value) => {
        const read = readTelemetryEvent({ ...base, timestamp: value }, { twin: 'demo' });
        const record = readPersistRecord({ event: { ...base, timestamp: value }, data: {} }, { twin: 'demo' });
        expect(read.ok).toBe(isIsoUtcMillis(value));
        expect(record.ok).toBe(read.ok);
        if (!read.ok) {
          expect(read.issues).toEqual([{ path: 'timestamp', message: expect.stringContaining('ISO-8601 UTC with milliseconds') }]);
          expect(read.ids).toEqual({ deviceId: 'thermostat-1', eventId: 'e1' });
          expect(!record.ok && record.issues.map((issue) => issue.path)).toEqual(['event.timestamp']);
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });
});
