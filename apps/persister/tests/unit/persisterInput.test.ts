import { readPersisterInput } from '@twinflow/core';

// The persister reads its input with core's contract reader (createPersister's `read`).
describe('readPersisterInput (the persister input)', () => {
  it('reads the records of an ExecuteRequest and its request id', () => {
    // Act
    const input = readPersisterInput({ requestId: 'r1', timestamp: 't', trigger: 'telemetry', payload: { records: [1, 2] } });

    // Assess
    expect(input).toEqual({ kind: 'items', items: [1, 2], trigger: 'telemetry', requestId: 'r1' });
  });

  it('reads the bare { records }', () => {
    // Act / Assess
    expect(readPersisterInput({ records: [] })).toEqual({ kind: 'items', items: [], trigger: 'telemetry' });
  });

  it('recognizes exactly { action: "health" }', () => {
    // Act / Assess
    expect(readPersisterInput({ action: 'health' })).toEqual({ kind: 'health' });
    expect(readPersisterInput({ action: 'health', records: [] })).toEqual({ kind: 'items', items: [], trigger: 'telemetry' });
  });

  it.each([null, 42, 'x', [], {}, { payload: { records: {} } }])('marks %p as invalid, naming the problem', (value) => {
    // Act
    const input = readPersisterInput(value);

    // Assess
    expect(input.kind).toBe('invalid');
    expect(input.kind === 'invalid' && input.error.name).toBe('EnvelopeValidationError');
  });

  it('never throws, even on a revoked proxy', () => {
    // Prepare
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();

    // Act / Assess
    expect(readPersisterInput(proxy).kind).toBe('invalid');
  });
});
