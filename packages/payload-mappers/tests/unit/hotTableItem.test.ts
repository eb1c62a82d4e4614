import type { HotTableItem, JsonObject, TelemetryEvent } from '@twinflow/core';
import { HotTableItemError, MapperOptionsError, computeEventId, fromHotTableItem, toHotTableItem, type HotTableItemOptions } from '../../src';

const event: TelemetryEvent = {
  twin: 'demo',
  deviceId: 'thermostat-1',
  timestamp: '2026-11-24T07:59:00.000Z',
  eventId: '0123456789abcdef0123456789abcdef',
  payload: { temperature: 70 },
  receivedAt: '2026-11-24T08:00:00.000Z',
};
// 1 764 000 001.999 s: the fraction must be floored, not rounded
const NOW = Date.UTC(2025, 10, 24, 16, 0, 1, 999);
const options: HotTableItemOptions = { retentionDays: 30, now: () => NOW };

function thrown(act: () => unknown): Error {
  try {
    act();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

function nestData(levels: number): JsonObject {
  let value: JsonObject = { leaf: 1 };
  for (let i = 1; i < levels; i += 1) value = { n: value };
  return value;
}

describe('toHotTableItem', () => {
  it('builds the item with processed_at = now and ttl = floor(now / 1000) + retentionDays days', () => {
    // Act
    const item = toHotTableItem(event, { temperatureC: 21.1 }, options);
    // Assess
    expect(item).toEqual({
      device_id: 'thermostat-1',
      timestamp: '2026-11-24T07:59:00.000Z',
      event_id: '0123456789abcdef0123456789abcdef',
      content_hash: computeEventId({ twin: 'demo', deviceId: 'thermostat-1', timestamp: '2026-11-24T07:59:00.000Z', payload: { temperature: 70 } }),
      data: { temperatureC: 21.1 },
      processed_at: '2025-11-24T16:00:01.999Z',
      ttl: 1_764_000_001 + 30 * 86_400,
    });
  });

  it.each([
    [1, 1_764_000_001 + 86_400],
    [3650, 1_764_000_001 + 3650 * 86_400],
  ])('accepts retentionDays %i (ttl %i)', (retentionDays, ttl) => {
    expect(toHotTableItem(event, {}, { retentionDays, now: () => NOW }).ttl).toBe(ttl);
  });

  it('defaults the clock to Date.now', () => {
    const before = Math.floor(Date.now() / 1000);
    const item = toHotTableItem(event, {}, { retentionDays: 1 });
    expect(item.ttl - 86_400).toBeGreaterThanOrEqual(before);
    expect(item.ttl - 86_400).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it.each<[string, unknown, string]>([
    ['retentionDays 0', { retentionDays: 0 }, 'retentionDays'],
    ['retentionDays 3651', { retentionDays: 3651 }, 'retentionDays'],
    ['retentionDays 1.5', { retentionDays: 1.5 }, 'retentionDays'],
    ['retentionDays "30"', { retentionDays: '30' }, 'retentionDays'],
    ['no options', undefined, 'retentionDays'],
    ['now returning a string', { retentionDays: 1, now: () => 'soon' }, 'now'],
  ])('rejects %s with a MapperOptionsError naming the option', (_label, badOptions, field) => {
    const err = thrown(() => toHotTableItem(event, {}, badOptions as HotTableItemOptions));
    expect(err).toBeInstanceOf(MapperOptionsError);
    expect(err).toMatchObject({ field, code: 'MAPPER_OPTIONS_INVALID' });
    expect(err.message.startsWith(`${field}: `)).toBe(true);
  });

  it.each<[string, unknown, unknown, string, RegExp]>([
    ['an event that is not an object', null, {}, 'event', /^event: must be a TelemetryEvent object, got null/],
    ['a bad deviceId', { ...event, deviceId: '../x' }, {}, 'deviceId', /^deviceId: "\.\.\/x" is not a valid device id/],
    ['a timestamp with an offset', { ...event, timestamp: '2026-11-24T07:59:00+01:00' }, {}, 'timestamp', /is not ISO-8601 UTC with milliseconds/],
    ['a timestamp without milliseconds', { ...event, timestamp: '2026-11-24T07:59:00Z' }, {}, 'timestamp', /^timestamp: /],
    ['an impossible timestamp', { ...event, timestamp: '2026-02-30T07:59:00.000Z' }, {}, 'timestamp', /^timestamp: "2026-02-30/],
    ['an epoch timestamp', { ...event, timestamp: 1764000000 }, {}, 'timestamp', /^timestamp: number 1764000000/],
    ['an empty eventId', { ...event, eventId: '' }, {}, 'eventId', /^eventId: "" is not a valid event id/],
    ['an eventId with a space', { ...event, eventId: 'a b' }, {}, 'eventId', /^eventId: /],
    ['a missing twin', { ...event, twin: undefined }, {}, 'twin', /^twin: undefined is not a valid twin name$/],
    ['a twin with capitals', { ...event, twin: 'Demo' }, {}, 'twin', /^twin: "Demo" is not a valid twin name$/],
    ['an array payload', { ...event, payload: [70] }, {}, 'payload', /^payload: must be a JSON object, got an array/],
    ['a payload with NaN', { ...event, payload: { t: Number.NaN } }, {}, 'payload.t', /^payload\.t: NaN is not a JSON number$/],
    ['array data', event, [], 'data', /^data: must be a JSON object, got an array/],
    ['null data', event, null, 'data', /^data: must be a JSON object, got null/],
    ['data with NaN', event, { x: { y: Number.NaN } }, 'data.x.y', /^data\.x\.y: NaN is not a JSON number$/],
    ['data with undefined', event, { x: undefined }, 'data.x', /^data\.x: undefined is not a JSON value$/],
    ['data with a Date', event, { at: new Date(0) }, 'data.at', /a Date is not a plain JSON object/],
    ['data deeper than DynamoDB allows', event, nestData(32), `data${'.n'.repeat(31)}`, /nested deeper than the limit of 31 levels/],
  ])('rejects %s with a HotTableItemError naming the field', (_label, ev, data, field, message) => {
    const err = thrown(() => toHotTableItem(ev as TelemetryEvent, data as JsonObject, options));
    expect(err).toBeInstanceOf(HotTableItemError);
    expect(err).toMatchObject({ field, code: 'HOT_TABLE_ITEM_INVALID' });
    expect(err.message).toMatch(message);
  });

  it('accepts data exactly as deep as DynamoDB allows (31 nested maps)', () => {
    expect(toHotTableItem(event, nestData(31), options).data).toEqual(nestData(31));
  });

  it('hashes the reading into content_hash: the event id of a reading without a sender id', () => {
    // Prepare
    const computed = { ...event, eventId: computeEventId(event) };
    const sent = { ...event, eventId: 'sender:1' };
    const other = { ...event, payload: { temperature: 71 } };

    // Act
    const item = toHotTableItem(computed, {}, options);

    // Assess
    expect(item.content_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(item.content_hash).toBe(item.event_id);
    expect(toHotTableItem(sent, {}, options).content_hash).toBe(item.content_hash);
    expect(toHotTableItem(other, {}, options).content_hash).not.toBe(item.content_hash);
  });

  it('gives the same content_hash whatever the key order of the payload', () => {
    // Act
    const first = toHotTableItem({ ...event, payload: { a: 1, b: { c: 2, d: 3 } } }, {}, options);
    const second = toHotTableItem({ ...event, payload: { b: { d: 3, c: 2 }, a: 1 } }, {}, options);

    // Assess
    expect(second.content_hash).toBe(first.content_hash);
  });

  it('accepts the keys of a caller-assigned event id', () => {
    expect(toHotTableItem({ ...event, eventId: 'replay:42' }, {}, options).event_id).toBe('replay:42');
  });
});

describe('fromHotTableItem', () => {
  const item: HotTableItem = toHotTableItem(event, { c: 1, nested: { list: [1, 2] } }, { retentionDays: 1, now: () => NOW });

  it('round-trips an item written by toHotTableItem', () => {
    expect(fromHotTableItem(JSON.parse(JSON.stringify(item)))).toEqual(item);
  });

  it('accepts ttl as a numeric string and returns it as a number', () => {
    expect(fromHotTableItem({ ...item, ttl: String(item.ttl) }).ttl).toBe(item.ttl);
  });

  it('returns only the contract fields', () => {
    expect(Object.keys(fromHotTableItem({ ...item, extra: 'x', __typename: 'Item' })).sort()).toEqual(
      ['content_hash', 'data', 'device_id', 'event_id', 'processed_at', 'timestamp', 'ttl'],
    );
  });

  it('accepts an item written before content_hash existed, and returns none', () => {
    // Prepare
    const { content_hash: _hash, ...old } = item;

    // Act
    const read = fromHotTableItem(old);

    // Assess
    expect(read).toEqual(old);
    expect(read).not.toHaveProperty('content_hash');
  });

  it.each<[string, unknown, string, RegExp]>([
    ['not an object', null, 'item', /^item: must be an object, got null$/],
    ['an array', [item], 'item', /^item: must be an object, got an array$/],
    ['a missing device_id', { ...item, device_id: undefined }, 'device_id', /^device_id: undefined is not a valid device id$/],
    ['an invalid device_id', { ...item, device_id: 'A B' }, 'device_id', /^device_id: "A B" is not a valid device id$/],
    ['a missing timestamp', { ...item, timestamp: undefined }, 'timestamp', /^timestamp: undefined is not ISO-8601 UTC/],
    ['a non-UTC timestamp', { ...item, timestamp: '2026-11-24T08:59:00.000+01:00' }, 'timestamp', /^timestamp: /],
    ['a missing event_id', { ...item, event_id: undefined }, 'event_id', /^event_id: undefined is not a valid event id/],
    ['a content_hash that is not hex', { ...item, content_hash: 'XYZ' }, 'content_hash', /^content_hash: "XYZ" is not 32 lowercase hex characters$/],
    ['a numeric content_hash', { ...item, content_hash: 7 }, 'content_hash', /^content_hash: number 7 is not/],
    ['data that is a string', { ...item, data: 'x' }, 'data', /^data: must be an object, got "x"$/],
    ['data that is missing', { ...item, data: undefined }, 'data', /^data: must be an object/],
    ['a bad processed_at', { ...item, processed_at: 'yesterday' }, 'processed_at', /^processed_at: "yesterday" is not ISO-8601/],
    ['a missing ttl', { ...item, ttl: undefined }, 'ttl', /^ttl: must be epoch seconds .*got undefined$/],
    ['a negative ttl', { ...item, ttl: -1 }, 'ttl', /got number -1$/],
    ['a zero ttl', { ...item, ttl: 0 }, 'ttl', /got number 0$/],
    ['a fractional ttl', { ...item, ttl: 1.5 }, 'ttl', /got number 1.5$/],
    ['a textual ttl', { ...item, ttl: 'soon' }, 'ttl', /got "soon"$/],
    ['a ttl string with a sign', { ...item, ttl: '-5' }, 'ttl', /got "-5"$/],
  ])('rejects an item with %s, naming the field', (_label, value, field, message) => {
    const err = thrown(() => fromHotTableItem(value));
    expect(err).toBeInstanceOf(HotTableItemError);
    expect(err).toMatchObject({ field, code: 'HOT_TABLE_ITEM_INVALID' });
    expect(err.message).toMatch(message);
  });
});
