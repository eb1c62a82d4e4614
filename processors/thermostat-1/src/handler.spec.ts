import { parseDeviceSample, type TelemetryEvent } from '@twinflow/core';
// The device's sample reading: what the local twin's simulator sends (numbers jittered around it).
import sample from '../sample.json';
import { handler } from './handler';

function reading(payload: TelemetryEvent['payload']): TelemetryEvent {
  return {
    twin: 'demo',
    deviceId: 'thermostat-1',
    timestamp: '2026-11-24T08:00:00.000Z',
    eventId: 'test-event-1',
    payload,
    receivedAt: '2026-11-24T08:00:00.120Z',
  };
}

describe('processor-thermostat-1', () => {
  it('has a sample reading the simulator can send (the payload only: no device id, time or event id)', () => {
    expect(parseDeviceSample(sample, 'sample.json')).toEqual(sample);
  });

  it('converts °F to °C (one decimal) and keeps humidity, for the sample reading', async () => {
    await expect(handler(reading(sample))).resolves.toEqual({
      temperatureC: 22,
      temperatureF: 71.6,
      comfort: 'comfortable',
      humidity: 40,
    });
  });

  it.each([
    ['10 % below', 0.9],
    ['10 % above', 1.1],
  ])("accepts the simulator's reading %s the sample", async (_case, factor) => {
    await expect(handler(reading({ ...sample, temperature: sample.temperature * factor }))).resolves.toHaveProperty('comfort');
  });

  it.each([
    [60, 15.6, 'cold'],
    [66.2, 19, 'comfortable'],
    [75.2, 24, 'comfortable'],
    [75.4, 24.1, 'hot'],
    [-40, -40, 'cold'],
  ])('%d °F is %d °C and %s', async (fahrenheit, celsius, comfort) => {
    const data = await handler(reading({ temperature: fahrenheit }));
    expect(data).toMatchObject({ temperatureC: celsius, comfort });
    expect(data).not.toHaveProperty('humidity');
  });

  it.each([[{}], [{ temperature: '70' }], [{ temperature: null }]])('rejects a reading without a numeric temperature: %j', async (payload) => {
    await expect(handler(reading(payload))).rejects.toThrow(/payload\.temperature \(°F\) must be a number/);
  });
});
