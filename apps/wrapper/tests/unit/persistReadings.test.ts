import type { Adapter, ExecuteRequest, ExecuteResponse, HealthStatus, JsonObject } from '@twinflow/core';
import { persistReadings } from '../../src/persistReadings';
import type { PersistRecord } from '../../src/processReading';
import { telemetryEvent } from './helpers';

/** An in-process persister that records requests and answers from a script. */
class ScriptedPersister implements Adapter {
  public readonly requests: ExecuteRequest[] = [];
  public constructor(private readonly answer: (index: number) => ExecuteResponse) {}
  public async execute(request: ExecuteRequest): Promise<ExecuteResponse> {
    this.requests.push(request);
    return this.answer(this.requests.length - 1);
  }
  public health(): HealthStatus {
    return {
      status: 'healthy',
      isHealthy: true,
      consecutiveFailures: 0,
      totalRequests: this.requests.length,
      totalFailures: 0,
      errorRate: 0,
      windowErrorRate: 0,
      circuit: 'closed',
    };
  }
}

const queued: ExecuteResponse = { success: true, message: 'Lambda function queued', data: { statusCode: 202 }, targets: [] };
const envelope = (records: JsonObject[], index: number): ExecuteRequest => ({
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
    const persister = new ScriptedPersister(() => queued);
    const records = [record(1), record(2)];

    // Act
    const parked = await persistReadings(records, { persister, request: envelope });

    // Assess
    expect(parked).toEqual([]);
    expect(persister.requests).toEqual([envelope(records.map((r) => ({ event: { ...r.event }, data: r.data })), 0)]);
  });

  it('does not call the persister for no records', async () => {
    // Prepare
    const persister = new ScriptedPersister(() => queued);

    // Act
    const parked = await persistReadings([], { persister, request: envelope });

    // Assess
    expect(parked).toEqual([]);
    expect(persister.requests).toEqual([]);
  });

  it('keeps every request under maxPayloadBytes and returns the records of failed chunks with the reason', async () => {
    // Prepare
    const persister = new ScriptedPersister((index) =>
      index === 1 ? { success: false, error: 'Circuit open for "demo-persister"', errorDetails: { type: 'CircuitOpenError', code: 'CIRCUIT_OPEN', retryable: true }, targets: [] } : queued,
    );
    const records = Array.from({ length: 12 }, (_, n) => record(n + 1, 1_000));

    // Act
    const parked = await persistReadings(records, { persister, request: envelope, maxPayloadBytes: 4_096 });

    // Assess
    expect(persister.requests.length).toBeGreaterThan(2);
    for (const request of persister.requests) expect(Buffer.byteLength(JSON.stringify(request))).toBeLessThan(4_096);
    expect(persister.requests.map((r) => r.requestId)).toEqual(persister.requests.map((_, i) => `r1:persist-${i}`));
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({ reason: 'circuit-open', attempts: 0, error: expect.objectContaining({ name: 'CircuitOpenError' }) });
    const secondChunk = (persister.requests[1]?.payload as { records: Array<{ event: { eventId: string } }> }).records.map((r) => r.event.eventId);
    expect(parked[0]?.records.map((r) => r.event.eventId)).toEqual(secondChunk);
  });
});
