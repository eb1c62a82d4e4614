import type { TelemetryEvent } from '../../src';

/** A valid reading of thermostat-1 in twin demo. */
export const thermostatEvent: TelemetryEvent = {
  twin: 'demo',
  deviceId: 'thermostat-1',
  timestamp: '2026-11-24T08:00:00.000Z',
  eventId: 'e1',
  payload: { temperature: 68 },
  receivedAt: '2026-11-24T08:00:01.000Z',
};
