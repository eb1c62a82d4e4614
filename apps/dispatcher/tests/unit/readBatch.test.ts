import { readBatch } from '../../src/readBatch';

describe('readBatch', () => {
  it('recognizes exactly { action: "health" }', () => {
    // Act / Assess
    expect(readBatch({ action: 'health' })).toEqual({ kind: 'health' });
    expect(readBatch({ action: 'health', device_id: 'x' })).toMatchObject({ kind: 'readings', readings: [{ action: 'health', device_id: 'x' }] });
    expect(readBatch('{"action":"health"}')).toMatchObject({ kind: 'readings' });
  });

  it('keeps one reading, object or string, as a batch of one', () => {
    // Prepare
    const raw = { device_id: 'thermostat-1' };

    // Act / Assess
    expect(readBatch(raw)).toEqual({ kind: 'readings', readings: [raw], trigger: 'telemetry' });
    expect(readBatch('{"device_id":"a"}')).toEqual({ kind: 'readings', readings: ['{"device_id":"a"}'], trigger: 'telemetry' });
    expect(readBatch(null)).toEqual({ kind: 'readings', readings: [null], trigger: 'telemetry' });
  });

  it('unwraps arrays and Records, taking SQS bodies as the readings', () => {
    // Prepare
    const a = { device_id: 'a' };

    // Act
    const fromArray = readBatch([a, 'x']);
    const fromRecords = readBatch({ Records: [a, { body: '{"device_id":"b"}', messageId: '1' }, { body: 7 }] });

    // Assess
    expect(fromArray).toMatchObject({ readings: [a, 'x'] });
    expect(fromRecords).toMatchObject({ readings: [a, '{"device_id":"b"}', { body: 7 }] });
  });

  it('keeps a reading that has a Records field as a reading', () => {
    // Prepare
    const raw = { device_id: 'thermostat-1', Records: [1, 2] };

    // Act / Assess
    expect(readBatch(raw)).toMatchObject({ readings: [raw] });
  });

  it('unwraps an ExecuteRequest envelope and keeps its trigger', () => {
    // Prepare
    const envelope = { requestId: 'r', timestamp: '2026-11-24T08:00:00.000Z', trigger: 'replay', payload: { Records: [{ body: '{}' }] } };

    // Act / Assess
    expect(readBatch(envelope)).toEqual({ kind: 'readings', readings: ['{}'], trigger: 'replay' });
    // An object with extra keys is a reading, not an envelope.
    expect(readBatch({ ...envelope, device_id: 'x' })).toMatchObject({ trigger: 'telemetry', readings: [{ ...envelope, device_id: 'x' }] });
  });

  it('never throws, even on a revoked proxy', () => {
    // Prepare
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();

    // Act
    const input = readBatch(proxy);

    // Assess
    expect(input.kind).toBe('readings');
    expect(input.kind === 'readings' && input.readings[0]).toBe(proxy);
  });
});

describe('readBatch envelope ids', () => {
  it('treats an envelope with an oversized or odd trigger as one reading (parked whole), not as a batch', () => {
    const payload = [{ device_id: 'thermostat-1', ts: 1 }];
    expect(readBatch({ requestId: 'r1', trigger: 'replay', payload })).toMatchObject({ kind: 'readings', trigger: 'replay', readings: payload });
    const huge = { requestId: 'r1', trigger: 'x'.repeat(300_000), payload };
    expect(readBatch(huge)).toMatchObject({ kind: 'readings', readings: [huge] });
    const spaced = { requestId: 'r 1', trigger: 'replay', payload };
    expect(readBatch(spaced)).toMatchObject({ kind: 'readings', readings: [spaced] });
  });
});
