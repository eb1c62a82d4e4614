import { InvalidStageError, UnknownDeviceError, type FailureRecord } from '@twinflow/core';
import { computeEventId } from '@twinflow/payload-mappers';
import { FailureMessageError, createFailureMessageReader, createFailureRecord, type FailureMessageProblem } from '../../src';

const NOW = Date.UTC(2026, 10, 24, 8, 0, 0);
const AT = '2026-11-24T07:00:00.000Z';
const dev = createFailureMessageReader({ twin: 'demo', region: 'eu-central-1', now: () => NOW });
const prod = createFailureMessageReader({ twin: 'demo', stage: 'prod', region: 'eu-central-1', now: () => NOW });
const readers = { dev, prod };

const event = (deviceId = 'thermostat-1', eventId = 'e-1') => ({ twin: 'demo', deviceId, timestamp: AT, eventId, payload: { temperature: 70 }, receivedAt: AT });

function record(overrides: Partial<FailureRecord> = {}): FailureRecord {
  return {
    ...createFailureRecord({ twin: 'demo', stage: 'process', error: new Error('processor crashed'), original: event(), reason: 'function-error', now: () => NOW }),
    deviceId: 'thermostat-1',
    eventId: 'e-1',
    timestamp: AT,
    ...overrides,
  };
}

function destination(functionName: string, requestPayload: unknown, overrides: { condition?: string; region?: string } = {}) {
  return {
    version: '1.0',
    timestamp: '2026-11-24T07:01:00.000Z',
    requestContext: {
      requestId: 'c0ffee00-0000-4000-8000-000000000001',
      functionArn: `arn:aws:lambda:${overrides.region ?? 'eu-central-1'}:123456789012:function:${functionName}:$LATEST`,
      condition: overrides.condition ?? 'RetriesExhausted',
      approximateInvokeCount: 3,
    },
    requestPayload,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: 'Error', errorMessage: 'table unavailable' },
  };
}

function iotMessage(topic: string, original: unknown) {
  return {
    ruleName: 'demo_telemetry',
    topic,
    cloudwatchTraceId: 'trace-1',
    clientId: 'thermostat-1',
    base64OriginalPayload: Buffer.from(JSON.stringify(original)).toString('base64'),
    failures: [{ failedAction: 'LambdaAction', failedResource: 'demo-dispatcher', errorMessage: 'Rate exceeded' }],
  };
}

function problemOf(reader: typeof dev, body: string): FailureMessageProblem | undefined {
  const result = reader.safeRead(body);
  return result.success ? undefined : result.error.problem;
}

describe('createFailureMessageReader — twinflow failure records', () => {
  it.each([
    ['dispatch', 'demo-dispatcher', 'dispatcher', (o: unknown) => o],
    ['process', 'demo-processor-wrapper', 'wrapper', (o: unknown) => ({ events: [o] })],
    ['persist', 'demo-persister', 'persister', (o: unknown) => ({ records: [o] })],
  ] as const)('replays a %s record to %s with the stage payload', (stage, functionName, role, payloadOf) => {
    // Prepare
    const original = stage === 'persist' ? { event: event(), data: { temperatureF: 70 } } : stage === 'dispatch' ? { device_id: 'thermostat-1', timestamp: AT, t: 1 } : event();
    const body = JSON.stringify(record({ stage, original }));

    // Act
    const message = dev.read(body);

    // Assess
    expect(message).toMatchObject({ kind: 'twinflow-record', reason: 'function-error', message: 'processor crashed', attempts: 1, failedAt: '2026-11-24T08:00:00.000Z' });
    expect(message.target).toEqual({ functionName, role });
    expect(message.payload).toEqual(payloadOf(original));
    expect(message.deviceIds).toEqual(['thermostat-1']);
    expect(message.readings).toEqual([{ deviceId: 'thermostat-1', timestamp: AT, eventId: 'e-1' }]);
  });

  it('names the readings of a record without a key from its payload, and none of an untimed raw reading', () => {
    // Prepare
    const keyless = { ...record({ stage: 'persist', original: { event: event('pump-1', 'e-9'), data: {} } }) } as Partial<FailureRecord>;
    delete keyless.deviceId;
    delete keyless.eventId;
    delete keyless.timestamp;
    const untimed = createFailureRecord({ twin: 'demo', stage: 'dispatch', error: new UnknownDeviceError('pump-9'), original: { device_id: 'pump-9', v: 1 } });

    // Act
    const fromPayload = dev.read(JSON.stringify(keyless));
    const fromUntimed = dev.read(JSON.stringify(untimed));

    // Assess
    expect(fromPayload.readings).toEqual([{ deviceId: 'pump-1', timestamp: AT, eventId: 'e-9' }]);
    expect(fromUntimed).toMatchObject({ reason: 'unknown-device', deviceIds: ['pump-9'], readings: [] });
  });

  it("refuses another twin's record and a record with invalid fields, naming each field", () => {
    // Act
    const other = dev.safeRead(JSON.stringify(record({ twin: 'other' })));
    const invalid = dev.safeRead(JSON.stringify({ ...record(), stage: 'store', attempts: '3' }));

    // Assess
    expect(other).toMatchObject({ success: false, error: { problem: 'other-twin' } });
    expect(invalid.success).toBe(false);
    const error = (invalid as { error: FailureMessageError }).error;
    expect(error).toBeInstanceOf(FailureMessageError);
    expect(error.code).toBe('FAILURE_MESSAGE_UNREADABLE');
    expect(error.problem).toBe('invalid-shape');
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['attempts', 'stage']);
    expect(error.message).toMatch(/stage: expected one of dispatch, process, persist.*attempts: expected number/);
    expect(error.toJSON()).toMatchObject({ problem: 'invalid-shape', issues: expect.any(Array) });
  });
});

describe('createFailureMessageReader — Lambda destination records', () => {
  it('replays the request payload to the function of the ARN, the condition in kebab case as reason', () => {
    // Prepare
    const payload = { requestId: 'r1', timestamp: AT, trigger: 'telemetry', payload: { records: [{ event: event(), data: {} }] } };

    // Act
    const message = dev.read(JSON.stringify(destination('demo-persister', payload)));

    // Assess
    expect(message).toEqual({
      kind: 'lambda-destination',
      reason: 'retries-exhausted',
      message: 'Error: table unavailable',
      failedAt: '2026-11-24T07:01:00.000Z',
      attempts: 3,
      target: { functionName: 'demo-persister', role: 'persister' },
      payload,
      deviceIds: ['thermostat-1'],
      readings: [{ deviceId: 'thermostat-1', timestamp: AT, eventId: 'e-1' }],
    });
  });

  it.each([
    ['dev', 'demo-dispatcher', 'dispatcher'],
    ['dev', 'demo-processor-wrapper', 'wrapper'],
    ['dev', 'demo-thermostat-1-processor', 'processor'],
    ['prod', 'demo-dispatcher-prod', 'dispatcher'],
    ['prod', 'demo-thermostat-1-processor-prod', 'processor'],
  ] as const)('accepts a function of the twin and stage (%s: %s → %s)', (stage, functionName, role) => {
    expect(readers[stage].read(JSON.stringify(destination(functionName, { events: [event()] }, { condition: 'EventAgeExceeded' })))).toMatchObject({
      reason: 'event-age-exceeded',
      target: { functionName, role },
    });
  });

  it.each([
    ['dev', 'other-dispatcher', {}],
    ['dev', 'demo-dispatcher-prod', {}],
    ['dev', 'demo-thermostat-1-processor-prod', {}],
    ['prod', 'demo-dispatcher', {}],
    ['prod', 'demo-thermostat-1-processor', {}],
    ['dev', 'demo-Bad_Device-processor', {}],
    ['dev', 'billing-export', {}],
    ['dev', 'demo-dispatcher', { region: 'us-east-1' }],
  ] as const)("refuses another twin's, stage's, region's or unrelated function (%s: %s)", (stage, functionName, overrides) => {
    expect(problemOf(readers[stage], JSON.stringify(destination(functionName, {}, overrides)))).toBe('foreign-function');
  });

  it('computes the key of a timed raw reading for the dispatcher like the dispatcher does', () => {
    // Prepare
    const raw = { deviceId: 'thermostat-1', ts: Date.parse(AT), temperature: 70 };

    // Act
    const message = dev.read(JSON.stringify(destination('demo-dispatcher', [raw, JSON.stringify({ device_id: 'pump-1', v: 2 })])));

    // Assess
    const eventId = computeEventId({ twin: 'demo', deviceId: 'thermostat-1', timestamp: AT, payload: { temperature: 70 } });
    expect(message.readings).toEqual([{ deviceId: 'thermostat-1', timestamp: AT, eventId }]);
    expect(message.deviceIds).toEqual(['thermostat-1', 'pump-1']);
  });
});

describe('createFailureMessageReader — IoT error-action messages', () => {
  it('decodes the payload, adds the device id from the topic and replays it to the dispatcher', () => {
    // Prepare
    const original = { eventId: 'iot-1', timestamp: AT, temperature: 71 };

    // Act
    const message = dev.read(JSON.stringify(iotMessage('dt/demo/thermostat-1/telemetry', original)));

    // Assess
    expect(message).toEqual({
      kind: 'iot-rule-error',
      reason: 'iot-rule-error',
      message: 'LambdaAction: Rate exceeded',
      target: { functionName: 'demo-dispatcher', role: 'dispatcher' },
      payload: { ...original, device_id: 'thermostat-1' },
      deviceIds: ['thermostat-1'],
      readings: [{ deviceId: 'thermostat-1', timestamp: AT, eventId: 'iot-1' }],
    });
  });

  it('reads the message base64-encoded as the whole body, and keeps a device id the payload carries', () => {
    // Prepare
    const body = Buffer.from(JSON.stringify(iotMessage('prod/dt/demo/pump-1/telemetry', { deviceId: 'pump-1', v: 3 }))).toString('base64');

    // Act
    const message = prod.read(body);

    // Assess
    expect(message).toMatchObject({ kind: 'iot-rule-error', target: { functionName: 'demo-dispatcher-prod' }, payload: { deviceId: 'pump-1', v: 3 }, readings: [] });
  });

  it.each([
    ['dev', 'prod/dt/demo/thermostat-1/telemetry'],
    ['prod', 'dt/demo/thermostat-1/telemetry'],
    ['dev', 'dt/other/thermostat-1/telemetry'],
    ['dev', 'dt/demo/Thermostat/telemetry'],
    ['dev', 'dt/demo/thermostat-1/status'],
  ] as const)('refuses a topic of another stage or twin, or no telemetry topic (%s: %s)', (stage, topic) => {
    expect(problemOf(readers[stage], JSON.stringify(iotMessage(topic, { v: 1 })))).toBe('foreign-topic');
  });

  it('refuses a payload that is not base64 JSON', () => {
    const body = JSON.stringify({ ...iotMessage('dt/demo/thermostat-1/telemetry', {}), base64OriginalPayload: Buffer.from('\u0001binary').toString('base64') });
    expect(problemOf(dev, body)).toBe('undecodable-payload');
  });
});

describe('createFailureMessageReader — unreadable bodies', () => {
  it.each<[string, string, FailureMessageProblem]>([
    ['text', 'hello, queue', 'not-json'],
    ['an empty body', '', 'not-json'],
    ['base64 of something else', Buffer.from('{"hello":"queue"}').toString('base64'), 'not-json'],
    ['an unknown object', '{"hello":"queue"}', 'unknown-shape'],
    ['an array', '[1,2]', 'unknown-shape'],
    ['null', 'null', 'unknown-shape'],
    ['an IoT message without a topic', JSON.stringify({ ruleName: 'r', failures: [], base64OriginalPayload: 'e30=' }), 'invalid-shape'],
  ])('reports %s without throwing from safeRead, and throws from read', (_, body, problem) => {
    expect(problemOf(dev, body)).toBe(problem);
    expect(() => dev.read(body)).toThrow(FailureMessageError);
  });

  it('validates its options once, at construction', () => {
    expect(() => createFailureMessageReader({ twin: 'demo', stage: 'prod-eu', region: 'eu-central-1' })).toThrow(InvalidStageError);
    expect(() => createFailureMessageReader({ twin: 'demo', region: 'mars' })).toThrow(/region/);
    expect(dev.names.failureQueue).toBe('demo-failures');
    expect(prod.names.failureQueue).toBe('demo-failures-prod');
  });
});
