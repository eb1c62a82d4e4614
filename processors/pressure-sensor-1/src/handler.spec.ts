import { parseDeviceSample, type TelemetryEvent } from '@twinflow/core';
// The device's sample reading: what the local twin's simulator sends (numbers jittered around it).
import sample from '../sample.json';
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
  it('has a sample reading the simulator can send (the payload only: no device id, time or event id)', () => {
    expect(parseDeviceSample(sample, 'sample.json')).toEqual(sample);
  });

  it('accepts the sample reading: below the threshold, no alarm', async () => {
    await expect(handler(reading(sample))).resolves.toMatchObject({ pressureKpa: 760, pressureBar: 7.6, alarm: false });
  });

  it('raises the alarm strictly above the threshold', async () => {
    await expect(handler(reading({ pressure: 812.5 }))).resolves.toEqual({ pressureKpa: 812.5, pressureBar: 8.125, alarm: true, thresholdKpa: 800 });
    await expect(handler(reading({ pressure: ALARM_THRESHOLD_KPA }))).resolves.toMatchObject({ alarm: false });
    await expect(handler(reading({ pressure: 0 }))).resolves.toMatchObject({ alarm: false, pressureBar: 0 });
  });

  it.each([[{}], [{ pressure: -1 }], [{ pressure: 'high' }]])('rejects %j', async (payload) => {
    await expect(handler(reading(payload))).rejects.toThrow(/payload\.pressure \(kPa\) must be a non-negative number/);
  });
});
