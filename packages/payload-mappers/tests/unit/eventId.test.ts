import { createHash } from 'node:crypto';
import type { JsonValue } from '@twinflow/core';
import { computeEventId, type EventIdParts } from '../../src';
import { canonicalJson } from '../../src/eventId';

describe('canonicalJson', () => {
  it.each<[string, JsonValue, string]>([
    ['null', null, 'null'],
    ['a boolean', false, 'false'],
    ['a number', -1.5e-7, '-1.5e-7'],
    ['a string with escapes', 'a"b\\c\n', '"a\\"b\\\\c\\n"'],
    ['an empty object', {}, '{}'],
    ['an empty array', [], '[]'],
    ['sorted keys', { b: 1, a: 2, c: 3 }, '{"a":2,"b":1,"c":3}'],
    ['sorted keys at every level, array order kept', { b: 1, a: [{ d: 2, c: 3 }, 'x', [2, 1]] }, '{"a":[{"c":3,"d":2},"x",[2,1]],"b":1}'],
    ['keys sorted by code unit', { b: 1, B: 2, é: 3, '10': 4, '9': 5 }, '{"10":4,"9":5,"B":2,"b":1,"é":3}'],
    ['escaped keys', { 'a"b': 1 }, '{"a\\"b":1}'],
  ])('writes %s', (_label, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('gives the same text whatever the key order', () => {
    expect(canonicalJson({ x: { q: 1, p: [{ z: 1, y: 2 }] }, w: null })).toBe(canonicalJson({ w: null, x: { p: [{ y: 2, z: 1 }], q: 1 } }));
  });

  it('parses back to the same value as JSON.stringify, leaving out undefined like it does', () => {
    // Prepare
    const value = { b: [1, 'two', { c: null, d: true }], a: { nested: { deep: -0.5 } }, gone: undefined } as unknown as JsonValue;
    // Act
    const text = canonicalJson(value);
    // Assess
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(text).not.toContain('gone');
  });

  it('handles 100 000 levels of nesting without a RangeError', () => {
    let deep: JsonValue = 1;
    for (let i = 0; i < 100_000; i += 1) deep = { n: [deep] };
    expect(canonicalJson(deep)).toHaveLength(100_000 * '{"n":[]}'.length + 1);
  });
});

describe('computeEventId', () => {
  const parts: EventIdParts = { twin: 'demo', deviceId: 'thermostat-1', timestamp: '2026-11-24T08:00:00.000Z', payload: { t: 70, u: 'F' } };

  it('is the first 32 hex characters of SHA-256 over the canonical JSON of [twin, deviceId, timestamp, payload]', () => {
    // Prepare: the formula is a contract (stored ids must stay stable across versions)
    const expected = createHash('sha256').update('["demo","thermostat-1","2026-11-24T08:00:00.000Z",{"t":70,"u":"F"}]').digest('hex').slice(0, 32);
    // Act / Assess
    expect(computeEventId(parts)).toBe(expected);
    expect(computeEventId(parts)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is stable across key order', () => {
    expect(computeEventId({ ...parts, payload: { u: 'F', t: 70 } })).toBe(computeEventId(parts));
  });

  it.each<[string, Partial<EventIdParts>]>([
    ['twin', { twin: 'other' }],
    ['deviceId', { deviceId: 'thermostat-2' }],
    ['timestamp', { timestamp: '2026-11-24T08:00:00.001Z' }],
    ['payload value', { payload: { t: 71, u: 'F' } }],
    ['payload value type', { payload: { t: '70', u: 'F' } }],
    ['payload key', { payload: { t: 70, U: 'F' } }],
    ['extra payload field', { payload: { t: 70, u: 'F', x: null } }],
  ])('changes when the %s changes', (_label, change) => {
    expect(computeEventId({ ...parts, ...change })).not.toBe(computeEventId(parts));
  });

  it('keeps the parts apart, so text shifted between them gives another id', () => {
    expect(computeEventId({ ...parts, twin: 'demo-x', deviceId: 'y' })).not.toBe(computeEventId({ ...parts, twin: 'demo', deviceId: 'x-y' }));
    expect(computeEventId({ ...parts, twin: 'a\nb', deviceId: 'c' })).not.toBe(computeEventId({ ...parts, twin: 'a', deviceId: 'b\nc' }));
  });
});
