import type { TelemetryEvent } from '@twinflow/core';
import { ALARM_THRESHOLD_KPA, handler } from './handler';

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
  it('raises the alarm strictly above the threshold', async () => {
    await expect(handler(reading({ pressure: 812.5 }))).resolves.toEqual({ pressureKpa: 812.5, pressureBar: 8.125, alarm: true, thresholdKpa: 800 });
    await expect(handler(reading({ pressure: ALARM_THRESHOLD_KPA }))).resolves.toMatchObject({ alarm: false });
    await expect(handler(reading({ pressure: 0 }))).resolves.toMatchObject({ alarm: false, pressureBar: 0 });
  });

  it.each([[{}], [{ pressure: -1 }], [{ pressure: 'high' }]])('rejects %j', async (payload) => {
    await expect(handler(reading(payload))).rejects.toThrow(/payload\.pressure \(kPa\) must be a non-negative number/);
  });
});
