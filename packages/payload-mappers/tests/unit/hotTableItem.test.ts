import type { TelemetryEvent } from '@twinflow/core';
import { HotTableItemError, fromHotTableItem, toHotTableItem } from '../../src';

const event: TelemetryEvent = {
  twin: 'demo',
  deviceId: 'thermostat-1',
  timestamp: '2026-11-24T07:59:00.000Z',
  eventId: 'abc123',
  payload: { temperature: 70 },
  receivedAt: '2026-11-24T08:00:00.000Z',
};
const NOW = Date.UTC(2026, 10, 24, 8, 0, 1, 500);

describe('toHotTableItem', () => {
  it('builds the item with processed_at and ttl = now + retention', () => {
    const item = toHotTableItem(event, { temperatureC: 21.1 }, { retentionDays: 30, now: () => NOW });
    expect(item).toEqual({
      device_id: 'thermostat-1',
      timestamp: '2026-11-24T07:59:00.000Z',
      event_id: 'abc123',
      data: { temperatureC: 21.1 },
      processed_at: '2026-11-24T08:00:01.500Z',
      ttl: Math.floor(NOW / 1000) + 30 * 86_400,
    });
  });

  it.each([
    ['retentionDays 0', event, {}, 0, 'retentionDays'],
    ['retentionDays 1.5', event, {}, 1.5, 'retentionDays'],
    ['bad deviceId', { ...event, deviceId: '../x' }, {}, 30, 'deviceId'],
    ['non-UTC timestamp', { ...event, timestamp: '2026-11-24T07:59:00+01:00' }, {}, 30, 'timestamp'],
    ['empty eventId', { ...event, eventId: '' }, {}, 30, 'eventId'],
    ['array data', event, [], 30, 'data'],
  ])('rejects %s', (_label, ev, data, retentionDays, field) => {
    let caught: unknown;
    try {
      toHotTableItem(ev as TelemetryEvent, data as never, { retentionDays: retentionDays as number, now: () => NOW });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(HotTableItemError);
    expect((caught as HotTableItemError).field).toBe(field);
  });
});

describe('fromHotTableItem', () => {
  const item = toHotTableItem(event, { c: 1 }, { retentionDays: 1, now: () => NOW });

  it('round-trips and accepts ttl as a numeric string', () => {
    expect(fromHotTableItem(item)).toEqual(item);
    expect(fromHotTableItem({ ...item, ttl: String(item.ttl) }).ttl).toBe(item.ttl);
  });

  it.each([
    ['not an object', null, 'item'],
    ['missing device_id', { ...item, device_id: undefined }, 'device_id'],
    ['invalid device_id', { ...item, device_id: 'A B' }, 'device_id'],
    ['data not an object', { ...item, data: 'x' }, 'data'],
    ['negative ttl', { ...item, ttl: -1 }, 'ttl'],
    ['ttl text', { ...item, ttl: 'soon' }, 'ttl'],
  ])('rejects an item with %s', (_label, value, field) => {
    expect(() => fromHotTableItem(value)).toThrow(HotTableItemError);
    expect(() => fromHotTableItem(value)).toThrow(new RegExp(`^${field}`));
  });
});
