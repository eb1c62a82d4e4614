// Telemetry for every registered device, sent to the dispatcher the way the IoT rule does (an
// asynchronous invocation with the device's JSON message plus device_id).
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';

/** A reading as the simulator sends it: the device's own shape plus the keys the pipeline reads. */
export type SimulatedReading = { device_id: string; timestamp: string; seq: number; eventId: string } & Record<string, unknown>;

/** Who hears of every message: the ledger. */
export interface SendTracker {
  sending(ids: ReadingIdentity[]): void;
  sent(ids: ReadingIdentity[]): void;
  refused(ids: ReadingIdentity[]): void;
}

/** A reading by identity: the id the ledger matches across both tables. */
export type ReadingIdentity = { eventId: string; deviceId: string; timestamp: string };

/** Makes a device's reading (its sample's shape) for a timestamp, sequence number and event id. */
export type ReadingFactory = (deviceId: string, timestampMs: number, seq: number, eventId: string) => SimulatedReading;

export interface SimulatorOptions {
  client: LambdaClient;
  functionName: string;
  devices: readonly string[];
  /** Readings per second. */
  rate: number;
  /** Readings to send; undefined: until stopped. */
  events?: number;
  /** Readings per message (an array when more than one, as a gateway sends them). Default 1. */
  batch?: number;
  /** Hold back while this many readings are unsettled; 0 sends at `rate` whatever happens. Default 0. */
  maxInFlight?: number;
  inFlight?: () => number;
  tracker: SendTracker;
  readingOf: ReadingFactory;
  /** Event ids are `sim-<runId>-<seq>`. */
  runId: string;
}

/** A running simulation: `done` resolves once everything is sent (or it was stopped) and answered. */
export interface Simulation {
  done: Promise<void>;
  stop(): Promise<void>;
  sentCount(): number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The identities of readings, as the ledger tracks them. */
export function identitiesOf(readings: readonly SimulatedReading[]): ReadingIdentity[] {
  return readings.map((r) => ({ eventId: r.eventId, deviceId: r.device_id, timestamp: r.timestamp }));
}

/**
 * Sends `events` readings (or until stopped) at `rate` per second, round-robin over the devices,
 * `batch` readings per message. Timestamps are unique per device (the hot table's key is device +
 * timestamp). Every reading carries its own event id from the moment it is sent, and the tracker
 * hears of each message. Holds back while `maxInFlight` readings or more are unsettled: a machine
 * too slow for `rate` slows the simulator down instead of queueing work past the processors' timeouts.
 */
export function startSimulator(options: SimulatorOptions): Simulation {
  const { client, functionName, devices, rate, events, batch = 1, maxInFlight = 0, inFlight = () => 0, tracker, readingOf, runId } = options;
  let stopped = false;
  let sent = 0;
  const lastTs = new Map<string, number>();
  const pending = new Set<Promise<void>>();
  const held = (): boolean => maxInFlight > 0 && inFlight() >= maxInFlight;
  const more = (): boolean => events === undefined || sent < events;
  const next = (): SimulatedReading => {
    const device = devices[sent % devices.length] as string;
    const ts = Math.max(Date.now(), (lastTs.get(device) ?? 0) + 1);
    lastTs.set(device, ts);
    const reading = readingOf(device, ts, sent, `sim-${runId}-${sent}`);
    sent += 1;
    return reading;
  };
  const done = (async () => {
    let started = Date.now();
    let sentAtStart = 0;
    while (!stopped && more()) {
      if (held()) {
        // Held back: pace from here on, rather than catching up in one burst afterwards.
        await sleep(20);
        started = Date.now();
        sentAtStart = sent;
        continue;
      }
      const due = sentAtStart + Math.floor(((Date.now() - started) / 1000) * rate) + 1;
      while (!stopped && sent < due && more() && !held()) {
        const readings: SimulatedReading[] = [];
        while (readings.length < batch && more()) readings.push(next());
        const ids = identitiesOf(readings);
        tracker.sending(ids);
        const p: Promise<void> = client
          .send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(batch === 1 ? readings[0] : readings)) }))
          .then(
            () => tracker.sent(ids),
            () => tracker.refused(ids),
          )
          .finally(() => pending.delete(p));
        pending.add(p);
      }
      await sleep(10);
    }
    await Promise.all(pending);
  })();
  return {
    done,
    stop: () => {
      stopped = true;
      return done;
    },
    sentCount: () => sent,
  };
}

function jitter(center: number, spread: number, random: () => number): number {
  return Math.round((center + (random() * 2 - 1) * spread) * 10) / 10;
}

/** A plausible reading for a device with no sample, by the kind its id names. */
export function genericReading(deviceId: string, timestampMs: number, seq: number, eventId: string, random: () => number = Math.random): SimulatedReading {
  const base = { device_id: deviceId, timestamp: new Date(timestampMs).toISOString(), seq, eventId };
  if (deviceId.startsWith('thermostat')) return { ...base, temperature: jitter(70, 8, random), humidity: jitter(42, 10, random) };
  if (deviceId.startsWith('pressure')) return { ...base, pressure: jitter(760, 60, random) };
  return { ...base, value: jitter(50, 50, random) };
}
