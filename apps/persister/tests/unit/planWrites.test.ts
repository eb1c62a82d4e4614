import { computeEventId } from '@twinflow/payload-mappers';
import { planWrites } from '../../src/planWrites';
import { NOW, record } from './fixtures';

describe('planWrites', () => {
  const options = { retentionDays: 30, now: () => NOW };

  it('builds one item per record with processed_at and ttl from the clock', () => {
    // Act
    const plan = planWrites([record(0), record(1)], options);

    // Assess
    expect(plan.items.map((p) => [p.index, p.item.event_id, p.item.ttl, p.item.processed_at])).toEqual([
      [0, 'event-0', Math.floor(NOW / 1000) + 30 * 86_400, new Date(NOW).toISOString()],
      [1, 'event-1', Math.floor(NOW / 1000) + 30 * 86_400, new Date(NOW).toISOString()],
    ]);
    expect(plan.duplicates).toEqual([]);
    expect(plan.failures).toEqual([]);
  });

  it('tells in-batch duplicates (same event id) from conflicts (different event id)', () => {
    // Act
    const plan = planWrites([record(0), record(0), record(0, { eventId: 'other' })], options);

    // Assess
    expect(plan.items.map((p) => p.index)).toEqual([0]);
    expect(plan.duplicates.map((p) => p.index)).toEqual([1]);
    expect(plan.failures).toMatchObject([{ index: 2, reason: 'key-conflict', ids: { deviceId: 'thermostat-1', eventId: 'other' } }]);
  });

  it('tells a repeat with the same event id but another payload as a key-conflict (event id reused)', () => {
    // Act
    const plan = planWrites([record(0), record(0, { payload: { t: 99 } })], options);

    // Assess
    expect(plan.items.map((p) => p.index)).toEqual([0]);
    expect(plan.duplicates).toEqual([]);
    expect(plan.failures).toMatchObject([{ index: 1, reason: 'key-conflict', ids: { eventId: 'event-0' } }]);
    expect(String((plan.failures[0]?.error as Error).message)).toContain('event id reused for another reading');
  });

  it('gives every item the content hash of its reading', () => {
    // Act
    const plan = planWrites([record(0), record(1)], options);

    // Assess
    expect(plan.items.map((p) => p.item.content_hash)).toEqual([computeEventId(record(0).event), computeEventId(record(1).event)]);
  });

  it('keeps devices apart: the same timestamp on two devices is two keys', () => {
    // Act
    const plan = planWrites([record(0), record(0, { deviceId: 'thermostat-2' })], options);

    // Assess
    expect(plan.items).toHaveLength(2);
  });

  it.each([
    ['null', null],
    ['an array', [1]],
    ['no event', { data: {} }],
    ['an invalid device id', { event: { ...record(0).event, deviceId: '../x' }, data: {} }],
    ['no event id', { event: { ...record(0).event, eventId: '' }, data: {} }],
    ['data that is not an object', { event: record(0).event, data: 'hot' }],
  ])('rejects %s as invalid-item without throwing', (_name, rec) => {
    // Act
    const plan = planWrites([rec], options);

    // Assess
    expect(plan.items).toEqual([]);
    expect(plan.failures).toMatchObject([{ index: 0, reason: 'invalid-item' }]);
    expect(plan.failures[0]?.original).toBe(rec);
  });

  it("refuses a record of another twin than the persister's as invalid-item", () => {
    // Act
    const plan = planWrites([record(0, { twin: 'plant' }), record(1)], { ...options, twin: 'demo' });

    // Assess
    expect(plan.items.map((p) => p.index)).toEqual([1]);
    expect(plan.failures).toMatchObject([{ index: 0, reason: 'invalid-item', ids: { deviceId: 'thermostat-1', eventId: 'event-0' } }]);
    expect(String((plan.failures[0]?.error as Error).message)).toContain('event.twin');
  });

  it('rejects a bad retentionDays per record instead of throwing', () => {
    // Act
    const plan = planWrites([record(0)], { retentionDays: 0, now: () => NOW });

    // Assess
    expect(plan.items).toEqual([]);
    expect(plan.failures).toHaveLength(1);
  });
});
