import type { TelemetryEvent } from '@twinflow/core';
import { handler } from './handler';

// A processor is a plain async function: test it by calling the handler with a TelemetryEvent.
function reading(payload: TelemetryEvent['payload']): TelemetryEvent {
  return {
    twin: 'demo',
    deviceId: 'pressure-sensor-1',
    timestamp: '2026-11-24T08:00:00.000Z',
    eventId: 'test-event-1',
    payload,
    receivedAt: '2026-11-24T08:00:00.120Z',
  };
}

describe('processor-pressure-sensor-1', () => {
  it('keeps the numeric readings of the payload', async () => {
    // Act
    const data = await handler(reading({ temperature: 71.6, status: 'ok' }));
    // Assess
    expect(data).toEqual({ device: 'pressure-sensor-1', readings: { temperature: 71.6 }, fields: 2 });
  });

  it('rejects an input that is not a reading', async () => {
    await expect(handler({ payload: {} })).rejects.toThrow(/deviceId/);
  });
});
