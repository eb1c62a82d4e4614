import { defineProcessor } from '@twinflow/core';

/** Line pressure above which the alarm is raised, kPa. */
export const ALARM_THRESHOLD_KPA = 800;

/**
 * Processor of the line pressure sensor "pressure-sensor-1" (Lambda function demo-pressure-sensor-1-processor).
 *
 * Input — one normalized reading, e.g.
 *   { twin: 'demo', deviceId: 'pressure-sensor-1', timestamp: '…', eventId: '…',
 *     payload: { pressure: 812.5 }, receivedAt: '…' }      // pressure in kPa
 *
 * Output — stored as `data` of the reading's hot-table item, e.g.
 *   { pressureKpa: 812.5, pressureBar: 8.125, alarm: true, thresholdKpa: 800 }
 *   `alarm` is true when the pressure is strictly above the threshold.
 * A reading without a numeric, non-negative pressure throws: the wrapper parks it in the failure store.
 */
export const handler = defineProcessor(async (event) => {
  const pressure = event.payload['pressure'];
  if (typeof pressure !== 'number' || !Number.isFinite(pressure) || pressure < 0) {
    throw new RangeError(`pressure-sensor-1: payload.pressure (kPa) must be a non-negative number, got ${JSON.stringify(pressure) ?? 'nothing'}`);
  }
  return {
    pressureKpa: pressure,
    pressureBar: Math.round(pressure * 10) / 1000,
    alarm: pressure > ALARM_THRESHOLD_KPA,
    thresholdKpa: ALARM_THRESHOLD_KPA,
  };
});
