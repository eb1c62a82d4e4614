import {
  DEFAULT_TRIGGER,
  DEVICE_ID_FIELDS,
  EVENT_ID_PATTERN,
  PROCESSOR_BATCH_PROTOCOL,
  readDispatcherInput,
  readPersisterInput,
  readWrapperInput,
  REPLAY_TARGETS,
} from '../../../src';
import type { FailureStage, ReplayRole, ServiceInput } from '../../../src';
import { thermostatEvent } from '../fixtures';

const REPLAY = 'replay';
const rawReading = { device_id: 'thermostat-1', ts: 1_763_971_200, temperature: 68 };
const persistRecord = { event: thermostatEvent, data: { temperatureC: 20 } };

describe('REPLAY_TARGETS', () => {
  it.each<[FailureStage, ReplayRole, unknown, unknown]>([
    ['dispatch', 'dispatcher', rawReading, rawReading],
    ['process', 'wrapper', thermostatEvent, { events: [thermostatEvent] }],
    ['persist', 'persister', persistRecord, { records: [persistRecord] }],
  ])('replays a %s failure to the %s', (stage, role, original, payload) => {
    // Act
    const target = REPLAY_TARGETS[stage];

    // Assess
    expect(target.role).toBe(role);
    expect(target.payload(original)).toEqual(payload);
  });

  it('sends a dispatch failure as is, the very value parked', () => {
    // Act / Assess
    expect(REPLAY_TARGETS.dispatch.payload(rawReading)).toBe(rawReading);
    expect(REPLAY_TARGETS.dispatch.payload('{"device_id":"a"}')).toBe('{"device_id":"a"}');
  });

  it('has a target for every failure stage, and no other', () => {
    // Act / Assess
    expect(Object.keys(REPLAY_TARGETS).sort()).toEqual(['dispatch', 'persist', 'process']);
  });

  it.each<[FailureStage, unknown, (input: unknown) => ServiceInput]>([
    ['dispatch', rawReading, readDispatcherInput],
    ['process', thermostatEvent, readWrapperInput],
    ['persist', persistRecord, readPersisterInput],
  ])("gives a %s failure in the input its service reads back as exactly that one item, bare or in a replay's envelope", (stage, original, read) => {
    // Prepare
    const payload = REPLAY_TARGETS[stage].payload(original);

    // Act
    const bare = read(payload);
    const replayed = read({ requestId: 'replay-1', trigger: REPLAY, payload });

    // Assess
    expect(bare).toEqual({ kind: 'items', items: [original], trigger: DEFAULT_TRIGGER });
    expect(replayed).toEqual({ kind: 'items', items: [original], trigger: REPLAY, requestId: 'replay-1' });
  });
});

describe('protocol constants', () => {
  it('names the protocol, the default trigger and the device id fields', () => {
    // Act / Assess
    expect(PROCESSOR_BATCH_PROTOCOL).toBe('twinflow.processor-batch/1');
    expect(DEFAULT_TRIGGER).toBe('telemetry');
    expect(DEVICE_ID_FIELDS).toEqual(['device_id', 'deviceId', 'iotDeviceId', 'IoTDeviceId']);
  });

  it.each(['e1', 'replay:42', 'a.b_c-d', 'x'.repeat(128), '0123456789abcdef0123456789abcdef'])('EVENT_ID_PATTERN accepts %j', (id) => {
    // Act / Assess
    expect(EVENT_ID_PATTERN.test(id)).toBe(true);
  });

  it.each(['', 'has space', 'x'.repeat(129), 'a/b', 'é', 'line\n', 'a*'])('EVENT_ID_PATTERN refuses %j', (id) => {
    // Act / Assess
    expect(EVENT_ID_PATTERN.test(id)).toBe(false);
  });
});
