import { EnvelopeValidationError, isHealthCheck, readDispatcherInput, readEnvelope, readPersisterInput, readWrapperInput, ValidationError } from '../../../src';
import type { ServiceInput } from '../../../src';

/** A proxy whose every inspection throws. */
function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

describe('readEnvelope', () => {
  it('reads the ids and payload of an ExecuteRequest envelope', () => {
    // Prepare
    const envelope = { requestId: 'r1', timestamp: '2026-11-24T08:00:00.000Z', trigger: 'replay', source: 'cli', payload: { events: [] } };

    // Act
    const read = readEnvelope(envelope);

    // Assess
    expect(read).toEqual({ requestId: 'r1', trigger: 'replay', payload: { events: [] } });
  });

  it("defaults a missing trigger to 'telemetry'", () => {
    // Act / Assess
    expect(readEnvelope({ requestId: 'r1', payload: 1 })).toEqual({ requestId: 'r1', trigger: 'telemetry', payload: 1 });
  });

  it.each([
    ['no payload', { requestId: 'r1', trigger: 'replay' }],
    ['no requestId', { trigger: 'replay', payload: {} }],
    ['a numeric requestId', { requestId: 1, payload: {} }],
    ['a requestId with a space', { requestId: 'r 1', payload: {} }],
    ['an empty requestId', { requestId: '', payload: {} }],
    ['a 129-character requestId', { requestId: 'r'.repeat(129), payload: {} }],
    ['a numeric trigger', { requestId: 'r1', trigger: 7, payload: {} }],
    ['a trigger with a slash', { requestId: 'r1', trigger: 'a/b', payload: {} }],
    ['an extra key (a reading that carries a requestId)', { device_id: 'pump-1', requestId: 'r1', payload: 1 }],
    ['an array', [{ requestId: 'r1', payload: {} }]],
    ['a string', '{"requestId":"r1","payload":{}}'],
    ['null', null],
  ])('is undefined for %s', (_label, value) => {
    // Act / Assess
    expect(readEnvelope(value)).toBeUndefined();
  });
});

describe('isHealthCheck', () => {
  it.each([
    [{ action: 'health' }, true],
    [{ action: 'health', device_id: 'x' }, false],
    [{ action: 'health', records: [] }, false],
    [{ action: 'status' }, false],
    ['{"action":"health"}', false],
    [[{ action: 'health' }], false],
    [null, false],
  ])('%j → %p', (value, expected) => {
    // Act / Assess
    expect(isHealthCheck(value)).toBe(expected);
  });
});

describe('EnvelopeValidationError', () => {
  it('is a ValidationError parked as invalid-envelope', () => {
    // Act
    const error = new EnvelopeValidationError('payload.records: must be an array', 'payload.records');

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ name: 'EnvelopeValidationError', code: 'ENVELOPE_INVALID', reason: 'invalid-envelope', field: 'payload.records' });
  });
});

// Moved from apps/dispatcher/tests/unit/readBatch.test.ts (readBatch → readDispatcherInput, kind 'readings' → 'items').
describe('readDispatcherInput', () => {
  it('recognizes exactly { action: "health" }', () => {
    // Act / Assess
    expect(readDispatcherInput({ action: 'health' })).toEqual({ kind: 'health' });
    expect(readDispatcherInput({ action: 'health', device_id: 'x' })).toMatchObject({ kind: 'items', items: [{ action: 'health', device_id: 'x' }] });
    expect(readDispatcherInput('{"action":"health"}')).toMatchObject({ kind: 'items' });
  });

  it('keeps one reading, object or string, as a batch of one', () => {
    // Prepare
    const raw = { device_id: 'thermostat-1' };

    // Act / Assess
    expect(readDispatcherInput(raw)).toEqual({ kind: 'items', items: [raw], trigger: 'telemetry' });
    expect(readDispatcherInput('{"device_id":"a"}')).toEqual({ kind: 'items', items: ['{"device_id":"a"}'], trigger: 'telemetry' });
    expect(readDispatcherInput(null)).toEqual({ kind: 'items', items: [null], trigger: 'telemetry' });
  });

  it('unwraps arrays and Records, taking SQS bodies as the readings', () => {
    // Prepare
    const a = { device_id: 'a' };

    // Act
    const fromArray = readDispatcherInput([a, 'x']);
    const fromRecords = readDispatcherInput({ Records: [a, { body: '{"device_id":"b"}', messageId: '1' }, { body: 7 }] });

    // Assess
    expect(fromArray).toMatchObject({ items: [a, 'x'] });
    expect(fromRecords).toMatchObject({ items: [a, '{"device_id":"b"}', { body: 7 }] });
  });

  it('keeps a reading that has a Records field as a reading', () => {
    // Prepare
    const raw = { device_id: 'thermostat-1', Records: [1, 2] };

    // Act / Assess
    expect(readDispatcherInput(raw)).toMatchObject({ items: [raw] });
  });

  it('unwraps an ExecuteRequest envelope and keeps its trigger', () => {
    // Prepare
    const envelope = { requestId: 'r', timestamp: '2026-11-24T08:00:00.000Z', trigger: 'replay', payload: { Records: [{ body: '{}' }] } };

    // Act / Assess
    // Changed: an envelope now also reports its requestId.
    expect(readDispatcherInput(envelope)).toEqual({ kind: 'items', items: ['{}'], trigger: 'replay', requestId: 'r' });
    // An object with extra keys is a reading, not an envelope.
    expect(readDispatcherInput({ ...envelope, device_id: 'x' })).toMatchObject({ trigger: 'telemetry', items: [{ ...envelope, device_id: 'x' }] });
  });

  it("defaults an envelope's missing trigger to 'telemetry'", () => {
    // Act
    const input = readDispatcherInput({ requestId: 'r1', payload: [{ device_id: 'a' }] });

    // Assess
    expect(input).toEqual({ kind: 'items', items: [{ device_id: 'a' }], trigger: 'telemetry', requestId: 'r1' });
  });

  it('takes an envelope whose payload is { action: "health" } as a health check', () => {
    // Act / Assess
    expect(readDispatcherInput({ requestId: 'r1', trigger: 'health', payload: { action: 'health' } })).toEqual({ kind: 'health' });
    expect(readDispatcherInput({ requestId: 'r1', payload: { action: 'health', device_id: 'x' } })).toMatchObject({ kind: 'items', items: [{ action: 'health', device_id: 'x' }] });
  });

  it('never throws, even on a revoked proxy', () => {
    // Prepare
    const proxy = revokedProxy();

    // Act
    const input = readDispatcherInput(proxy);

    // Assess
    expect(input.kind).toBe('items');
    expect(input.kind === 'items' && input.items[0]).toBe(proxy);
  });

  it('never throws on a value whose getter throws, keeping it whole', () => {
    // Prepare
    const hostile = {
      get Records(): unknown {
        throw new Error('boom');
      },
    };

    // Act
    const input = readDispatcherInput(hostile);

    // Assess
    expect(input).toEqual({ kind: 'items', items: [hostile], trigger: 'telemetry' });
  });
});

describe('readDispatcherInput envelope ids', () => {
  it('treats an envelope with an oversized or odd trigger as one reading (parked whole), not as a batch', () => {
    const payload = [{ device_id: 'thermostat-1', ts: 1 }];
    expect(readDispatcherInput({ requestId: 'r1', trigger: 'replay', payload })).toMatchObject({ kind: 'items', trigger: 'replay', items: payload });
    const huge = { requestId: 'r1', trigger: 'x'.repeat(300_000), payload };
    expect(readDispatcherInput(huge)).toMatchObject({ kind: 'items', items: [huge] });
    const spaced = { requestId: 'r 1', trigger: 'replay', payload };
    expect(readDispatcherInput(spaced)).toMatchObject({ kind: 'items', items: [spaced] });
  });
});

// Moved from apps/wrapper/tests/unit/parseWrapperInput.test.ts (parseWrapperInput → readWrapperInput, kind 'events' → 'items').
describe('readWrapperInput', () => {
  const event = { twin: 'demo', deviceId: 'thermostat-1', eventId: 'e1', timestamp: '2026-11-24T08:00:00.000Z', payload: {} };

  it.each([
    ['a bare health action', { action: 'health' }],
    ['a health action in an envelope', { requestId: 'r1', timestamp: '2026-11-24T08:00:00.000Z', trigger: 'health', payload: { action: 'health' } }],
  ])('recognises %s', (_label, input) => {
    // Act / Assess
    expect(readWrapperInput(input)).toEqual({ kind: 'health' });
  });

  it('takes the events, request id and trigger of an envelope', () => {
    // Act
    const input = readWrapperInput({ requestId: 'r1', timestamp: '2026-11-24T08:00:00.000Z', trigger: 'replay', payload: { events: [event] } });

    // Assess
    expect(input).toEqual({ kind: 'items', items: [event], requestId: 'r1', trigger: 'replay' });
  });

  it("defaults the trigger to 'telemetry'", () => {
    // Act / Assess
    expect(readWrapperInput({ events: [event] })).toEqual({ kind: 'items', items: [event], trigger: 'telemetry' });
    expect(readWrapperInput({ requestId: 'r1', payload: { events: [] } })).toEqual({ kind: 'items', items: [], requestId: 'r1', trigger: 'telemetry' });
  });

  it('takes a bare event (which has a payload of its own) as one item, not as an envelope', () => {
    // Act / Assess
    expect(readWrapperInput(event)).toEqual({ kind: 'items', items: [event], trigger: 'telemetry' });
  });

  it('takes an envelope around a single event as one item', () => {
    // Act / Assess
    expect(readWrapperInput({ requestId: 'r1', trigger: 'telemetry', payload: event })).toMatchObject({ kind: 'items', items: [event] });
  });

  it.each([null, 42, 'text', [1, 2], { events: 'not-a-list' }])('takes anything else (%p) as one item, to be rejected by validation', (input) => {
    // Act / Assess
    expect(readWrapperInput(input)).toEqual({ kind: 'items', items: [input], trigger: 'telemetry' });
  });

  it('copies the events array, so the input is never aliased', () => {
    // Prepare
    const events = [event];

    // Act
    const input = readWrapperInput({ events });

    // Assess
    expect(input.kind === 'items' && input.items).toEqual(events);
    expect(input.kind === 'items' && input.items).not.toBe(events);
  });

  it('never throws, even on a revoked proxy', () => {
    // Prepare
    const proxy = revokedProxy();

    // Act
    const input = readWrapperInput(proxy);

    // Assess
    expect(input.kind).toBe('items');
    expect(input.kind === 'items' && input.items[0]).toBe(proxy);
  });
});

// Moved from apps/persister/tests/unit/readRecords.test.ts (readRecords → readPersisterInput, { kind: 'records', records } → { kind: 'items', items, trigger }).
describe('readPersisterInput', () => {
  it('reads the records of an ExecuteRequest and its request id', () => {
    // Act
    const input = readPersisterInput({ requestId: 'r1', timestamp: 't', trigger: 'telemetry', payload: { records: [1, 2] } });

    // Assess
    // Changed: the input now also reports the envelope's trigger.
    expect(input).toEqual({ kind: 'items', items: [1, 2], trigger: 'telemetry', requestId: 'r1' });
  });

  it("keeps an envelope's trigger", () => {
    // Act / Assess
    expect(readPersisterInput({ requestId: 'r1', trigger: 'replay', payload: { records: [] } })).toEqual({ kind: 'items', items: [], trigger: 'replay', requestId: 'r1' });
  });

  it('reads the bare { records }', () => {
    // Act / Assess
    // Changed: the bare form now reports trigger 'telemetry'.
    expect(readPersisterInput({ records: [] })).toEqual({ kind: 'items', items: [], trigger: 'telemetry' });
  });

  it('recognizes exactly { action: "health" }', () => {
    // Act / Assess
    expect(readPersisterInput({ action: 'health' })).toEqual({ kind: 'health' });
    // Changed: the bare form now reports trigger 'telemetry'.
    expect(readPersisterInput({ action: 'health', records: [] })).toEqual({ kind: 'items', items: [], trigger: 'telemetry' });
  });

  it('takes an envelope whose payload is { action: "health" } as a health check', () => {
    // Act / Assess
    expect(readPersisterInput({ requestId: 'r1', trigger: 'health', payload: { action: 'health' } })).toEqual({ kind: 'health' });
  });

  it.each([null, 42, 'x', [], {}, { payload: { records: {} } }])('marks %p as invalid, naming the problem', (value) => {
    // Act
    const input = readPersisterInput(value);

    // Assess
    expect(input.kind).toBe('invalid');
    expect(input.kind === 'invalid' && input.error.name).toBe('EnvelopeValidationError');
  });

  it.each<[string, unknown, string, string | undefined]>([
    ['null', null, 'request: must be an object, got null', undefined],
    ['an array', [], 'request: must be an object, got an array', undefined],
    ['a number', 42, 'request: must be an object, got number', undefined],
    ['an object without records', {}, 'payload.records: must be an array', 'payload.records'],
    ['an envelope whose records are not an array', { requestId: 'r1', payload: { records: {} } }, 'payload.records: must be an array', 'payload.records'],
  ])('says what is wrong with %s', (_label, value, message, field) => {
    // Act
    const input = readPersisterInput(value);

    // Assess
    expect(input.kind === 'invalid' && input.error).toBeInstanceOf(EnvelopeValidationError);
    expect(input.kind === 'invalid' && input.error.message).toContain(message);
    expect(input.kind === 'invalid' && input.error.field).toBe(field);
  });

  it('never throws, even on a revoked proxy', () => {
    // Prepare
    const proxy = revokedProxy();

    // Act
    const input: ServiceInput = readPersisterInput(proxy);

    // Assess
    expect(input.kind).toBe('invalid');
    expect(input.kind === 'invalid' && input.error.message).toBe('request: cannot be read');
    expect(input.kind === 'invalid' && input.error.cause).toBeInstanceOf(TypeError);
  });
});
