// Realistic telemetry for every registered device, sent to the dispatcher the way the IoT rule
// does (an asynchronous invocation with the device's JSON message plus device_id).
import { InvokeCommand } from '@aws-sdk/client-lambda';

function jitter(center, spread) {
  return Math.round((center + (Math.random() * 2 - 1) * spread) * 10) / 10;
}

/** A plausible reading for a device, by the kind its id names. */
export function sampleReading(deviceId, timestampMs, seq) {
  const base = { device_id: deviceId, timestamp: new Date(timestampMs).toISOString(), seq };
  if (deviceId.startsWith('thermostat')) return { ...base, temperature: jitter(70, 8), humidity: jitter(42, 10) };
  if (deviceId.startsWith('pressure')) return { ...base, pressure: jitter(760, 60) };
  return { ...base, value: jitter(50, 50) };
}

/**
 * Sends `events` readings (or until stopped) at `rate` per second, round-robin over the devices.
 * Timestamps are unique per device (the hot table's key is device + timestamp).
 */
export function startSimulator({ client, functionName, devices, rate, events, onSent, onSendError }) {
  let stopped = false;
  let sent = 0;
  const lastTs = new Map();
  const inflight = new Set();
  const done = (async () => {
    const started = Date.now();
    while (!stopped && (events === undefined || sent < events)) {
      const due = Math.floor(((Date.now() - started) / 1000) * rate) + 1;
      while (!stopped && sent < due && (events === undefined || sent < events)) {
        const device = devices[sent % devices.length];
        const ts = Math.max(Date.now(), (lastTs.get(device) ?? 0) + 1);
        lastTs.set(device, ts);
        const reading = sampleReading(device, ts, sent);
        sent += 1;
        const p = client
          .send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(reading)) }))
          .then(() => onSent(reading), (err) => onSendError(reading, err))
          .finally(() => inflight.delete(p));
        inflight.add(p);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await Promise.all(inflight);
  })();
  return {
    done,
    stop: () => {
      stopped = true;
      return done;
    },
  };
}
