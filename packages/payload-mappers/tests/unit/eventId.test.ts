import { canonicalJson, computeEventId } from '../../src';

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }, 'x'], c: null })).toBe('{"a":[{"c":3,"d":2},"x"],"b":1,"c":null}');
  });
});

describe('computeEventId', () => {
  const parts = { twin: 'demo', deviceId: 'thermostat-1', timestamp: '2026-11-24T08:00:00.000Z', payload: { t: 70, u: 'F' } };

  it('is 32 hex characters and deterministic', () => {
    expect(computeEventId(parts)).toMatch(/^[0-9a-f]{32}$/);
    expect(computeEventId({ ...parts, payload: { u: 'F', t: 70 } })).toBe(computeEventId(parts));
  });

  it('separates fields so shifting text between them changes the id', () => {
    expect(computeEventId({ ...parts, twin: 'demo-x', deviceId: 'y' })).not.toBe(computeEventId({ ...parts, twin: 'demo', deviceId: 'x-y' }));
  });
});
