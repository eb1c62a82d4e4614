import { defineProcessor } from '@twinflow/core';

/**
 * Processor of device "thermostat-1" (Lambda function demo-thermostat-1-processor).
 *
 * Input — one normalized reading (`TelemetryEvent`), e.g.
 *   {
 *     twin: 'demo',
 *     deviceId: 'thermostat-1',
 *     timestamp: '2026-11-24T08:00:00.000Z',   // ISO-8601 UTC
 *     eventId: '3f9c…',                        // stable id of this reading
 *     payload: { temperature: 71.6, humidity: 40 },   // every field the device sent, except id and time
 *     receivedAt: '2026-11-24T08:00:00.120Z',
 *   }
 *
 * Output — a JSON object. It is stored as the `data` attribute of the reading's item in the hot
 * table ({ device_id, timestamp, event_id, data, processed_at, ttl }). Throwing (or returning
 * anything that is not an object) parks the reading in the failure store with the error, from
 * where it can be replayed once the processor is fixed.
 */
export const handler = defineProcessor(async (event) => {
  const readings: Record<string, number> = {};
  for (const [name, value] of Object.entries(event.payload)) {
    if (typeof value === 'number') readings[name] = value;
  }
  return {
    device: event.deviceId,
    readings,
    fields: Object.keys(event.payload).length,
  };
});
