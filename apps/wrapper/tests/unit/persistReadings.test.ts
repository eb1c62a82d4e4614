import { CircuitOpenError } from '@twinflow/health';
import type { ExecuteRequest, JsonValue, PersistRecord } from '@twinflow/core';
import { persistReadings } from '../../src/persistReadings';
import type { PersisterInvoker } from '../../src/persistReadings';
import { telemetryEvent } from './helpers';

/** An in-process persister adapter that records the requests (the bytes sent, decoded) and throws what a script says. */
class ScriptedPersister implements PersisterInvoker {
  public readonly requests: ExecuteRequest[] = [];
  public readonly sizes: number[] = [];
  public constructor(private readonly failure: (index: number) => Error | undefined) {}
  public async invoke(payload: Uint8Array): Promise<{ statusCode: number }> {
    this.sizes.push(payload.byteLength);
    this.requests.push(JSON.parse(new TextDecoder().decode(payload)) as ExecuteRequest);
    const error = this.failure(this.requests.length - 1);
    if (error !== undefined) throw error;
    return { statusCode: 202 };
  }
}

const queued = (): undefined => undefined;
const envelope = (records: JsonValue, index: number): ExecuteRequest => ({
  requestId: `r1:persist-${index}`,
  timestamp: '2026-11-24T08:00:00.000Z',
  trigger: 'telemetry',
  source: 'demo-processor-wrapper',
  payload: { records },
});
const record = (n: number, bytes = 10): PersistRecord => ({ event: telemetryEvent('thermostat-1', n), data: { blob: 'x'.repeat(bytes) } });

describe('persistReadings', () => {
  it('hands all records off as { records: [{ event, data }] } and parks nothing on success', async () => {
    // Prepare
    const persister = new ScriptedPersister(queued);
    const records = [record(1), record(2)];

    // Act
    const parked = await persistReadings(records, { persister, request: envelope });

    // Assess
    expect(parked).toEqual([]);
    expect(persister.requests).toEqual([envelope(records.map((r) => ({ event: { ...r.event }, data: r.data })), 0)]);
    // The bytes sent are the envelope's JSON exactly: each record encoded once, spliced in.
    expect(persister.sizes).toEqual([Buffer.byteLength(JSON.stringify(envelope(records, 0)))]);
  });

  it('does not call the persister for no records', async () => {
    // Prepare
    const persister = new ScriptedPersister(queued);

    // Act
    const parked = await persistReadings([], { persister, request: envelope });

    // Assess
    expect(parked).toEqual([]);
    expect(persister.requests).toEqual([]);
  });

  it('keeps every request under maxPayloadBytes and returns the records of failed chunks with the reason', async () => {
    // Prepare
    const persister = new ScriptedPersister((index) => (index === 1 ? new CircuitOpenError('demo-persister', Date.UTC(2026, 10, 24, 8, 0, 30)) : undefined));
    const records = Array.from({ length: 12 }, (_, n) => record(n + 1, 1_000));

    // Act
    const parked = await persistReadings(records, { persister, request: envelope, maxPayloadBytes: 4_096 });

    // Assess
    expect(persister.requests.length).toBeGreaterThan(2);
    for (const size of persister.sizes) expect(size).toBeLessThan(4_096);
    expect(persister.requests.map((r) => r.requestId)).toEqual(persister.requests.map((_, i) => `r1:persist-${i}`));
    expect(parked).toHaveLength(1);
    // The adapter's typed error travels as it is: its reason and attempts are its own.
    expect(parked[0]?.error).toBeInstanceOf(CircuitOpenError);
    expect(parked[0]?.error).toMatchObject({ reason: 'circuit-open', attempts: 0 });
    const secondChunk = (persister.requests[1]?.payload as { records: Array<{ event: { eventId: string } }> }).records.map((r) => r.event.eventId);
    expect(parked[0]?.records.map((r) => r.event.eventId)).toEqual(secondChunk);
  });
});
