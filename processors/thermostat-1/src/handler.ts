import { defineProcessor } from '@twinflow/core';

/** Comfortable indoor range, °C (inclusive). */
export const COMFORT_RANGE_C = { min: 19, max: 24 } as const;

/**
 * Processor of the hall thermostat "thermostat-1" (Lambda function demo-thermostat-1-processor).
 *
 * Input — one normalized reading, e.g.
 *   { twin: 'demo', deviceId: 'thermostat-1', timestamp: '2026-11-24T08:00:00.000Z', eventId: '…',
 *     payload: { temperature: 71.6, humidity: 40 }, receivedAt: '…' }
 *   `payload.temperature` is in °F; `payload.humidity` (%) is optional.
 *
 * Output — stored as `data` of the reading's hot-table item, e.g.
 *   { temperatureC: 22, temperatureF: 71.6, comfort: 'comfortable', humidity: 40 }
 *   `comfort` is 'cold' below 19 °C, 'hot' above 24 °C, else 'comfortable'.
 * A reading without a numeric temperature throws: the wrapper parks it in the failure store.
 */
export const handler = defineProcessor(async (event) => {
  const fahrenheit = event.payload['temperature'];
  if (typeof fahrenheit !== 'number' || !Number.isFinite(fahrenheit)) {
    throw new TypeError(`thermostat-1: payload.temperature (°F) must be a number, got ${JSON.stringify(fahrenheit) ?? 'nothing'}`);
  }
  const temperatureC = Math.round(((fahrenheit - 32) * 5) / 9 * 10) / 10;
  const comfort = temperatureC < COMFORT_RANGE_C.min ? 'cold' : temperatureC > COMFORT_RANGE_C.max ? 'hot' : 'comfortable';
  const humidity = event.payload['humidity'];
  return {
    temperatureC,
    temperatureF: fahrenheit,
    comfort,
    ...(typeof humidity === 'number' ? { humidity } : {}),
  };
});
