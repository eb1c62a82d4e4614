import { parseWrapperInput } from '../../src/parseWrapperInput';

describe('parseWrapperInput', () => {
  const event = { twin: 'demo', deviceId: 'thermostat-1', eventId: 'e1', timestamp: '2026-11-24T08:00:00.000Z', payload: {} };

  it.each([
    ['a bare health action', { action: 'health' }],
    ['a health action in an envelope', { requestId: 'r1', timestamp: '2026-11-24T08:00:00.000Z', trigger: 'health', payload: { action: 'health' } }],
  ])('recognises %s', (_label, input) => {
    // Act / Assess
    expect(parseWrapperInput(input)).toEqual({ kind: 'health' });
  });

  it('takes the events, request id and trigger of an envelope', () => {
    // Act
    const input = parseWrapperInput({ requestId: 'r1', timestamp: '2026-11-24T08:00:00.000Z', trigger: 'replay', payload: { events: [event] } });

    // Assess
    expect(input).toEqual({ kind: 'events', items: [event], requestId: 'r1', trigger: 'replay' });
  });

  it("defaults the trigger to 'telemetry'", () => {
    // Act / Assess
    expect(parseWrapperInput({ events: [event] })).toEqual({ kind: 'events', items: [event], trigger: 'telemetry' });
    expect(parseWrapperInput({ requestId: 'r1', payload: { events: [] } })).toEqual({ kind: 'events', items: [], requestId: 'r1', trigger: 'telemetry' });
  });

  it('takes a bare event (which has a payload of its own) as one item, not as an envelope', () => {
    // Act / Assess
    expect(parseWrapperInput(event)).toEqual({ kind: 'events', items: [event], trigger: 'telemetry' });
  });

  it('takes an envelope around a single event as one item', () => {
    // Act / Assess
    expect(parseWrapperInput({ requestId: 'r1', trigger: 'telemetry', payload: event })).toMatchObject({ kind: 'events', items: [event] });
  });

  it.each([null, 42, 'text', [1, 2], { events: 'not-a-list' }])('takes anything else (%p) as one item, to be rejected by validation', (input) => {
    // Act / Assess
    expect(parseWrapperInput(input)).toEqual({ kind: 'events', items: [input], trigger: 'telemetry' });
  });
});
