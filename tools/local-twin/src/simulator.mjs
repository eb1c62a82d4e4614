// Realistic telemetry for every registered device, sent to the dispatcher the way the IoT rule
// does (an asynchronous invocation with the device's JSON message plus device_id).
import { InvokeCommand } from '@aws-sdk/client-lambda';

function jitter(center, spread) {
  return Math.round((center + (Math.random() * 2 - 1) * spread) * 10) / 10;
}

/** A plausible reading for a device, by the kind its id names; `eventId` is the sender's own id. */
export function sampleReading(deviceId, timestampMs, seq, eventId) {
  const base = { device_id: deviceId, timestamp: new Date(timestampMs).toISOString(), seq, ...(eventId === undefined ? {} : { eventId }) };
  if (deviceId.startsWith('thermostat')) return { ...base, temperature: jitter(70, 8), humidity: jitter(42, 10) };
  if (deviceId.startsWith('pressure')) return { ...base, pressure: jitter(760, 60) };
  return { ...base, value: jitter(50, 50) };
}

/**
 * Sends `events` readings (or until stopped) at `rate` per second, round-robin over the devices,
 * `batch` readings per message (an array when more than one, as a gateway sends them).
 * Timestamps are unique per device (the hot table's key is device + timestamp).
 *
 * Every reading carries its own event id, `sim-<runId>-<seq>`, so the ledger knows it by identity
 * from the moment it is sent; `ledger.sending/sent/refused` hear of each message.
 *
 * Holds back while `maxInFlight` readings or more are unsettled (`inFlight()`: sent and neither
 * stored nor parked): a machine too slow for `rate` slows the simulator down instead of queueing
 * so much work that processor calls run past their timeout. `maxInFlight` 0 sends at `rate`
 * whatever happens.
 */
export function startSimulator({ client, functionName, devices, rate, events, batch = 1, maxInFlight = 0, inFlight = () => 0, ledger, runId }) {
  let stopped = false;
  let sent = 0;
  const lastTs = new Map();
  const inflight = new Set();
  const held = () => maxInFlight > 0 && inFlight() >= maxInFlight;
  const next = () => {
    const device = devices[sent % devices.length];
    const ts = Math.max(Date.now(), (lastTs.get(device) ?? 0) + 1);
    lastTs.set(device, ts);
    const reading = sampleReading(device, ts, sent, `sim-${runId}-${sent}`);
    sent += 1;
    return reading;
  };
  const identities = (readings) => readings.map((r) => ({ eventId: r.eventId, deviceId: r.device_id, timestamp: r.timestamp }));
  const done = (async () => {
    let started = Date.now();
    let sentAtStart = 0;
    while (!stopped && (events === undefined || sent < events)) {
      if (held()) {
        // Held back: pace from here on, rather than catching up in one burst afterwards.
        await new Promise((resolve) => setTimeout(resolve, 20));
        started = Date.now();
        sentAtStart = sent;
        continue;
      }
      const due = sentAtStart + Math.floor(((Date.now() - started) / 1000) * rate) + 1;
      while (!stopped && sent < due && (events === undefined || sent < events) && !held()) {
        const readings = [];
        while (readings.length < batch && (events === undefined || sent < events)) readings.push(next());
        const message = batch === 1 ? readings[0] : readings;
        const ids = identities(readings);
        ledger.sending(ids);
        const p = client
          .send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(message)) }))
          .then(() => ledger.sent(ids), () => ledger.refused(ids))
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
