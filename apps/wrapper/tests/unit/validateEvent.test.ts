import { createEventValidator } from '../../src/validateEvent';
import { InvalidEventError } from '../../src/errors';

describe('createEventValidator', () => {
  const validate = createEventValidator('demo');
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
    expect(checked).toEqual({ ok: true, event });
  });

  it('fills a missing receivedAt with the receive time', () => {
    // Act
    const checked = validate({ ...event, receivedAt: undefined }, RECEIVED);

    // Assess
    expect(checked.ok && checked.event.receivedAt).toBe(RECEIVED);
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
    expect(checked.error).toBeInstanceOf(InvalidEventError);
    expect(checked.error.issues.map((issue) => issue.path)).toContain(field);
    expect(checked.error.message).toMatch(new RegExp(`^invalid telemetry event: .*${field}: `));
  });

  it('reports the ids of a rejected item only when they are well-formed', () => {
    // Act
    const badDevice = validate({ ...event, deviceId: '../x', payload: 1 }, RECEIVED);
    const badTwin = validate({ ...event, twin: 'other' }, RECEIVED);

    // Assess
    expect(badDevice).toMatchObject({ ok: false, eventId: event.eventId });
    expect(badDevice).not.toHaveProperty('deviceId');
    expect(badTwin).toMatchObject({ ok: false, deviceId: 'thermostat-1', eventId: event.eventId });
  });

  it.each([null, undefined, 'text', [event]])('rejects %p as a whole', (item) => {
    // Act
    const checked = validate(item, RECEIVED);

    // Assess
    expect(checked).toMatchObject({ ok: false, error: expect.any(InvalidEventError) });
  });
});
