import { readRecords } from '../../src/readRecords';

describe('readRecords', () => {
  it('reads the records of an ExecuteRequest and its request id', () => {
    // Act
    const input = readRecords({ requestId: 'r1', timestamp: 't', trigger: 'telemetry', payload: { records: [1, 2] } });

    // Assess
    expect(input).toEqual({ kind: 'records', records: [1, 2], requestId: 'r1' });
  });

  it('reads the bare { records }', () => {
    // Act / Assess
    expect(readRecords({ records: [] })).toEqual({ kind: 'records', records: [] });
  });

  it('recognizes exactly { action: "health" }', () => {
    // Act / Assess
    expect(readRecords({ action: 'health' })).toEqual({ kind: 'health' });
    expect(readRecords({ action: 'health', records: [] })).toEqual({ kind: 'records', records: [] });
  });

  it.each([null, 42, 'x', [], {}, { payload: { records: {} } }])('marks %p as invalid, naming the problem', (value) => {
    // Act
    const input = readRecords(value);

    // Assess
    expect(input.kind).toBe('invalid');
    expect(input.kind === 'invalid' && input.error.name).toBe('EnvelopeValidationError');
  });

  it('never throws, even on a revoked proxy', () => {
    // Prepare
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();

    // Act / Assess
    expect(readRecords(proxy).kind).toBe('invalid');
  });
});
