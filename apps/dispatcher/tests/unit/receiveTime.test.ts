import { InvokeCommand, LambdaClient, ServiceException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createDeviceLookup, parseDeviceRegistry } from '@twinflow/core';
import type { FailureRecord, TelemetryEvent } from '@twinflow/core';
import { buildDispatcher, decodeRequest, NOW } from './fixtures';

const lambdaMock = mockClient(LambdaClient);
const unavailable = () => new ServiceException({ message: 'unavailable', $metadata: { httpStatusCode: 500 } });
const iso = (ms: number): string => new Date(ms).toISOString();

/** Every event the wrapper was sent, in order (also those of invocations that failed). */
function sentEvents(): TelemetryEvent[] {
  return lambdaMock.commandCalls(InvokeCommand).flatMap((call) => decodeRequest(call.args[0].input).payload.events);
}

/** The parts of an event a replay must reproduce (`receivedAt` is the replay's own). */
const identity = (event: TelemetryEvent | undefined) => ({ deviceId: event?.deviceId, timestamp: event?.timestamp, eventId: event?.eventId, payload: event?.payload });

describe('createDispatcher: the receive time of a reading without one', () => {
  beforeEach(() => {
    lambdaMock.reset();
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
  });

  it('stamps a reading without a time once, with the receive time, and names the key in the result', async () => {
    // Prepare
    const { dispatch } = buildDispatcher();
    const raw = { device_id: 'thermostat-1', temperature: 70 };

    // Act
    const result = await dispatch(raw);

    // Assess
    const [event] = sentEvents();
    expect(event).toMatchObject({ deviceId: 'thermostat-1', timestamp: iso(NOW), payload: { temperature: 70 }, receivedAt: iso(NOW) });
    expect(result.results).toEqual([{ index: 0, status: 'dispatched', deviceId: 'thermostat-1', eventId: event?.eventId, timestamp: iso(NOW) }]);
    expect(raw).toEqual({ device_id: 'thermostat-1', temperature: 70 }); // the input is not changed
  });

  it('keeps a reading that carries its time as received, and names its key', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejects(unavailable());
    const { dispatch, failures } = buildDispatcher();
    const raw = { device_id: 'thermostat-1', ts: Math.floor(NOW / 1000) - 60, temperature: 70 };

    // Act
    const result = await dispatch(raw);

    // Assess
    expect(failures.records[0]?.original).toBe(raw);
    expect(failures.records[0]?.timestamp).toBe(iso(NOW - 60_000));
    expect(result.results[0]).toMatchObject({ status: 'failed', timestamp: iso(NOW - 60_000) });
  });

  it('parks a stamped reading whose hand-off failed so that a replay, in another container and later, yields the same event', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejects(unavailable());
    const first = buildDispatcher();
    const raw = { device_id: 'thermostat-1', temperature: 70 };
    const parkedResult = await first.dispatch(raw);
    const [record] = first.failures.records;
    const sentFirst = sentEvents()[0];
    lambdaMock.reset();
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    const later = buildDispatcher({}, { now: () => NOW + 3_600_000 });

    // Act
    const replayed = await later.dispatch(record?.original);

    // Assess
    expect(record).toMatchObject({ stage: 'dispatch', reason: 'retries-exhausted', deviceId: 'thermostat-1', eventId: sentFirst?.eventId, timestamp: iso(NOW) });
    expect(record?.original).toEqual({ ...raw, timestamp: iso(NOW) });
    expect(parkedResult.results[0]).toMatchObject({ status: 'failed', eventId: sentFirst?.eventId, timestamp: iso(NOW) });
    const [event] = sentEvents();
    expect(identity(event)).toEqual(identity(sentFirst));
    expect(event?.receivedAt).toBe(iso(NOW + 3_600_000));
    expect(replayed.results).toEqual([{ index: 0, status: 'dispatched', deviceId: 'thermostat-1', eventId: sentFirst?.eventId, timestamp: iso(NOW) }]);
  });

  it('yields the same event both times when the parked record is redelivered twice to the same container', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejectsOnce(unavailable()).rejectsOnce(unavailable()).rejectsOnce(unavailable()).rejectsOnce(unavailable()).resolves({ StatusCode: 202 });
    const { dispatch, failures } = buildDispatcher();
    await dispatch({ device_id: 'thermostat-1', temperature: 70 });
    const parked = failures.records[0] as FailureRecord;
    const sentBefore = sentEvents();

    // Act
    await dispatch(parked.original);
    await dispatch(parked.original);

    // Assess
    const sentFirst = sentBefore[0];
    const events = sentEvents().slice(sentBefore.length);
    expect(events).toHaveLength(2);
    expect(events.map(identity)).toEqual([identity(sentFirst), identity(sentFirst)]);
    expect(failures.records).toHaveLength(1);
  });

  it('parks a stamped reading of an unknown device, JSON text included, so that it replays to the same event once the device is registered', async () => {
    // Prepare
    const { dispatch, failures } = buildDispatcher();
    const text = '{"device_id":"pump-9","rpm":900}';
    const result = await dispatch([text, { deviceId: 'pump-9', rpm: 901 }]);
    const registered = createDeviceLookup(parseDeviceRegistry([{ id: 'pump-9' }]));
    const later = buildDispatcher({}, { devices: registered, now: () => NOW + 60_000 });

    // Act
    const replayed = await later.dispatch(failures.records.map((record) => record.original));

    // Assess
    expect(failures.records.map((record) => record.original)).toEqual([
      { device_id: 'pump-9', rpm: 900, timestamp: iso(NOW) },
      { deviceId: 'pump-9', rpm: 901, timestamp: iso(NOW + 1) },
    ]);
    expect(failures.records.map((record) => [record.reason, record.timestamp])).toEqual([
      ['unknown-device', iso(NOW)],
      ['unknown-device', iso(NOW + 1)],
    ]);
    expect(replayed.results.map((r) => [r.status, r.eventId, r.timestamp])).toEqual(result.results.map((r) => ['dispatched', r.eventId, r.timestamp]));
    expect(sentEvents().map((event) => event.eventId)).toEqual(failures.records.map((record) => record.eventId));
  });

  it('gives many readings of one device in one frozen millisecond distinct timestamps, all dispatched, in one invocation and across invocations', async () => {
    // Prepare
    const { dispatch } = buildDispatcher({ WRAPPER_BATCH_SIZE: '25' });
    const batch = Array.from({ length: 1_000 }, () => ({ device_id: 'thermostat-1', temperature: 20 }));
    const other = { device_id: 'pump-1', rpm: 1 };

    // Act
    const first = await dispatch([...batch, other]);
    const second = await dispatch({ device_id: 'thermostat-1', temperature: 20 });

    // Assess
    expect(first).toMatchObject({ received: 1_001, dispatched: 1_001, failed: 0 });
    const timestamps = first.results.slice(0, 1_000).map((r) => r.timestamp);
    expect(new Set(timestamps).size).toBe(1_000);
    expect(timestamps[0]).toBe(iso(NOW));
    expect(timestamps[999]).toBe(iso(NOW + 999));
    expect(new Set(first.results.map((r) => r.eventId)).size).toBe(1_001);
    expect(first.results[1_000]?.timestamp).toBe(iso(NOW)); // another device is not moved
    expect(second.results[0]?.timestamp).toBe(iso(NOW + 1_000));
    const sent = sentEvents();
    expect(sent).toHaveLength(1_002);
    expect(new Set(sent.map((event) => `${event.deviceId} ${event.timestamp}`)).size).toBe(1_002);
  });

  it('stamps nothing that normalization rejects: such a reading is parked as received, without a key', async () => {
    // Prepare
    const { dispatch, failures } = buildDispatcher();
    let nested: unknown = 1;
    for (let level = 0; level < 20; level += 1) nested = { n: nested };
    const tooDeep = { device_id: 'thermostat-1', nested };
    const badAlias = { device_id: 'thermostat-1', deviceId: 'pump-1' };

    // Act
    const result = await dispatch([tooDeep, badAlias]);

    // Assess
    expect(result.results.map((r) => r.reason)).toEqual(['payload-too-deep', 'invalid-device-id']);
    expect(failures.records[0]?.original).toBe(tooDeep);
    expect(failures.records[1]?.original).toBe(badAlias);
    for (const record of failures.records) expect(record).not.toHaveProperty('timestamp');
    for (const outcome of result.results) expect(outcome).not.toHaveProperty('timestamp');
  });
});
