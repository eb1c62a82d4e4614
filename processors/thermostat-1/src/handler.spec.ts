import type { TelemetryEvent } from '@twinflow/core';
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
  it('converts °F to °C (one decimal) and keeps humidity', async () => {
    await expect(handler(reading({ temperature: 71.6, humidity: 40 }))).resolves.toEqual({
      temperatureC: 22,
      temperatureF: 71.6,
      comfort: 'comfortable',
      humidity: 40,
    });
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
