import { isIsoUtcMillis } from '@twinflow/core';
import { MapperOptionsError, computeEventId, createReceiveClock, normalizeTelemetry } from '../../src';

const NOW = Date.UTC(2026, 10, 24, 8, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

/** A clock the test moves by hand. */
function manualClock(start = NOW): { now: () => number; set: (ms: number) => void } {
  let current = start;
  return { now: () => current, set: (ms) => void (current = ms) };
}

describe('createReceiveClock', () => {
  it('gives 1,000 readings of one device in one millisecond 1,000 distinct, consecutive timestamps', () => {
    // Prepare
    const receiveClock = createReceiveClock({ now: () => NOW });

    // Act
    const stamps = Array.from({ length: 1_000 }, (_, i) => receiveClock.stamp({ device_id: 'pump-1', rpm: i }));

    // Assess
    const timestamps = stamps.map((stamped) => (stamped.stamped ? stamped.timestamp : ''));
    expect(new Set(timestamps).size).toBe(1_000);
    expect(timestamps[0]).toBe(iso(NOW));
    expect(timestamps[999]).toBe(iso(NOW + 999));
    expect(timestamps.every(isIsoUtcMillis)).toBe(true);
    expect(stamps.map((stamped) => (stamped.reading as Record<string, unknown>)['timestamp'])).toEqual(timestamps);
  });

  it('keeps devices apart: a burst of one device does not move another', () => {
    // Prepare
    const receiveClock = createReceiveClock({ now: () => NOW });

    // Act
    const first = [1, 2, 3].map(() => receiveClock.stamp({ device_id: 'pump-1' }));
    const other = receiveClock.stamp({ deviceId: 'thermostat-1' });
    const again = receiveClock.stamp({ device_id: 'pump-1' });

    // Assess
    expect(first.map((stamped) => stamped.stamped && stamped.timestamp)).toEqual([iso(NOW), iso(NOW + 1), iso(NOW + 2)]);
    expect(other).toMatchObject({ stamped: true, timestamp: iso(NOW) });
    expect(again).toMatchObject({ stamped: true, timestamp: iso(NOW + 3) });
  });

  it.each([
    ['timestamp', '2026-11-24T07:00:00Z'],
    ['time', 1764000000],
    ['ts', 1764000000000],
    ['ts', null],
    ['time', 'not a time'],
  ])('never changes a reading that carries %s (%p), nor spends a stamp on it', (field, value) => {
    // Prepare
    const receiveClock = createReceiveClock({ now: () => NOW });
    const raw = { device_id: 'pump-1', [field]: value, rpm: 900 };
    const copy = structuredClone(raw);

    // Act
    const stamped = receiveClock.stamp(raw);
    const next = receiveClock.stamp({ device_id: 'pump-1' });

    // Assess
    expect(stamped).toEqual({ stamped: false, reading: raw });
    expect(stamped.reading).toBe(raw);
    expect(raw).toEqual(copy);
    expect(next).toMatchObject({ timestamp: iso(NOW) });
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', '{"device_id":"pump-1"}'],
    ['an array', [{ device_id: 'pump-1' }]],
    ['no device id', { rpm: 1 }],
    ['an invalid device id', { device_id: '../x' }],
    ['an invalid first alias (it is the one normalization reads)', { device_id: 'Pump-1', deviceId: 'pump-1' }],
    ['a Date', new Date(NOW)],
  ])('leaves %s alone', (_name, raw) => {
    // Prepare
    const receiveClock = createReceiveClock({ now: () => NOW });

    // Act
    const stamped = receiveClock.stamp(raw);

    // Assess
    expect(stamped.stamped).toBe(false);
    expect(stamped.reading).toBe(raw);
    expect(receiveClock.size).toBe(0);
  });

  it('stamps a copy with the fields of the reading, so the payload and the event id of a replay are the same', () => {
    // Prepare
    const receiveClock = createReceiveClock({ now: () => NOW });
    const raw = { IoTDeviceId: 'pump-1', rpm: 900, nested: { a: [1, 2] } };

    // Act
    const stamped = receiveClock.stamp(raw);
    const event = normalizeTelemetry(stamped.reading, { twin: 'demo', now: () => NOW });
    const replayed = normalizeTelemetry(structuredClone(stamped.reading), { twin: 'demo', now: () => NOW + 86_400_000 });
    const restamped = createReceiveClock({ now: () => NOW + 5 }).stamp(stamped.reading);

    // Assess
    expect(stamped.reading).toEqual({ ...raw, timestamp: iso(NOW) });
    expect(stamped.reading).not.toBe(raw);
    expect(raw).not.toHaveProperty('timestamp');
    expect(event.payload).toEqual({ rpm: 900, nested: { a: [1, 2] } });
    expect(event.eventId).toBe(computeEventId({ twin: 'demo', deviceId: 'pump-1', timestamp: iso(NOW), payload: { rpm: 900, nested: { a: [1, 2] } } }));
    expect({ timestamp: replayed.timestamp, eventId: replayed.eventId, payload: replayed.payload }).toEqual({
      timestamp: event.timestamp,
      eventId: event.eventId,
      payload: event.payload,
    });
    expect(restamped.stamped).toBe(false);
  });

  it('keeps a __proto__ key a key (normalization rejects it) without touching prototypes', () => {
    // Prepare
    const receiveClock = createReceiveClock({ now: () => NOW });
    const raw = JSON.parse('{"device_id":"pump-1","__proto__":{"polluted":true}}') as unknown;

    // Act
    const stamped = receiveClock.stamp(raw);

    // Assess
    expect(Object.keys(stamped.reading as object)).toEqual(['device_id', '__proto__', 'timestamp']);
    expect(Object.getPrototypeOf(stamped.reading)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(() => normalizeTelemetry(stamped.reading, { twin: 'demo', now: () => NOW })).toThrow(expect.objectContaining({ reason: 'forbidden-key' }));
  });

  it('follows the clock when it moves on, and stays ahead of it after a burst', () => {
    // Prepare
    const clock = manualClock();
    const receiveClock = createReceiveClock({ now: clock.now });
    const stampAt = (ms: number): string | false => {
      clock.set(ms);
      const stamped = receiveClock.stamp({ device_id: 'pump-1' });
      return stamped.stamped && stamped.timestamp;
    };

    // Act
    const burst = [NOW, NOW, NOW, NOW].map(stampAt);
    const behind = stampAt(NOW + 2);
    const caughtUp = stampAt(NOW + 100);
    const steppedBack = stampAt(NOW + 50);
    const fraction = stampAt(NOW + 200.7);

    // Assess
    expect(burst).toEqual([iso(NOW), iso(NOW + 1), iso(NOW + 2), iso(NOW + 3)]);
    expect(behind).toBe(iso(NOW + 4));
    expect(caughtUp).toBe(iso(NOW + 100));
    expect(steppedBack).toBe(iso(NOW + 101));
    expect(fraction).toBe(iso(NOW + 200));
  });

  it('forgets devices whose last stamp is more than retainMs behind the clock', () => {
    // Prepare
    const clock = manualClock();
    const receiveClock = createReceiveClock({ now: clock.now, retainMs: 1_000 });
    for (let i = 0; i < 50; i += 1) receiveClock.stamp({ device_id: `pump-${i}` });

    // Act
    clock.set(NOW + 1_000);
    receiveClock.stamp({ device_id: 'pump-0' });
    const withinRetention = receiveClock.size;
    clock.set(NOW + 1_001);
    receiveClock.stamp({ device_id: 'thermostat-1' });

    // Assess
    expect(withinRetention).toBe(50);
    expect(receiveClock.size).toBe(2); // pump-0 (stamped at NOW + 1000) and thermostat-1
  });

  it('remembers at most maxDevices devices, forgetting the least recently stamped first', () => {
    // Prepare
    const receiveClock = createReceiveClock({ now: () => NOW, maxDevices: 3 });
    for (const device of ['a', 'b', 'c']) receiveClock.stamp({ device_id: device });
    receiveClock.stamp({ device_id: 'a' }); // a is now the most recently stamped

    // Act
    receiveClock.stamp({ device_id: 'd' });
    const a = receiveClock.stamp({ device_id: 'a' });
    const b = receiveClock.stamp({ device_id: 'b' });

    // Assess
    expect(receiveClock.size).toBe(3);
    expect(a).toMatchObject({ timestamp: iso(NOW + 2) }); // a was remembered
    expect(b).toMatchObject({ timestamp: iso(NOW) }); // b was forgotten: the one stamp the cap cannot protect
  });

  it('stays bounded under many devices', () => {
    // Prepare
    const receiveClock = createReceiveClock({ now: () => NOW, maxDevices: 100 });

    // Act
    for (let i = 0; i < 5_000; i += 1) receiveClock.stamp({ device_id: `d-${i}` });

    // Assess
    expect(receiveClock.size).toBe(100);
  });

  it.each<[string, Record<string, unknown>]>([
    ['now', { now: 42 }],
    ['retainMs', { retainMs: -1 }],
    ['retainMs', { retainMs: 1.5 }],
    ['maxDevices', { maxDevices: 0 }],
    ['maxDevices', { maxDevices: Number.POSITIVE_INFINITY }],
  ])('rejects a bad %s at construction, naming it', (field, options) => {
    // Act
    const act = () => createReceiveClock(options as never);

    // Assess
    expect(act).toThrow(MapperOptionsError);
    expect(act).toThrow(expect.objectContaining({ field, message: expect.stringMatching(new RegExp(`^${field}: `)) }));
  });

  it('rejects a clock that returns no instant when it stamps', () => {
    // Prepare
    const receiveClock = createReceiveClock({ now: () => Number.NaN });

    // Act
    const act = () => receiveClock.stamp({ device_id: 'pump-1' });

    // Assess
    expect(act).toThrow(MapperOptionsError);
  });
});
