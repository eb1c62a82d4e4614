/**
 * Property-based fuzzing of the dispatcher over generated hostile input (fast-check, fixed seeds,
 * 3,000+ inputs): it never throws, and every input is accounted for — dispatched to the wrapper
 * exactly once, or parked in the failure store exactly once with its original.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { NOW, buildDispatcher, decodeRequest } from './fixtures';

const lambdaMock = mockClient(LambdaClient);

const hostileIds = ['../x', 'a*', 'thermo stat', 'thermost\u0430t-1', 'A', '', '-x', 'x'.repeat(49), 'demo-persister:1', '${jndi}'];
const deviceId = fc.oneof(
  fc.constantFrom('thermostat-1', 'thermostat-2', 'pump-1'),
  fc.constantFrom('unknown-1', 'pump-2'),
  fc.constantFrom(...hostileIds),
  fc.string({ maxLength: 60 }),
  fc.integer(),
  fc.constant(null),
);
const timestamp = fc.oneof(
  fc.integer({ min: Math.floor(NOW / 1000) - 86_400 * 30, max: Math.floor(NOW / 1000) }),
  fc.integer({ min: NOW - 86_400_000, max: NOW }),
  fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('yesterday', 'NaN', '2026-13-01', '', '1e400', '-1'),
  fc.double(),
  fc.boolean(),
  fc.constant(undefined),
);
const forbiddenKey = fc.constantFrom('__proto__', 'constructor', 'prototype');
/** A reading as JSON text, so `__proto__` can be an own key at any depth (as JSON.parse makes it). */
const readingText = fc
  .record({
    idField: fc.constantFrom('device_id', 'deviceId', 'iotDeviceId', 'IoTDeviceId', 'id'),
    id: deviceId,
    tsField: fc.constantFrom('timestamp', 'time', 'ts'),
    ts: timestamp,
    payload: fc.jsonValue({ maxDepth: 4 }),
    hostileKey: fc.option(forbiddenKey, { nil: undefined }),
    depth: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ idField, id, tsField, ts, payload, hostileKey, depth }) => {
    let nested = '{"polluted":1}';
    for (let i = 0; i < depth; i += 1) nested = `{"n":${nested}}`;
    const parts = [`${JSON.stringify(idField)}:${JSON.stringify(id) ?? 'null'}`, `"v":${JSON.stringify(payload) ?? 'null'}`];
    if (ts !== undefined) parts.push(`${JSON.stringify(tsField)}:${JSON.stringify(ts) ?? 'null'}`);
    if (hostileKey) parts.push(`${JSON.stringify(hostileKey)}:${nested}`);
    return `{${parts.join(',')}}`;
  });
const reading = fc.oneof(
  { weight: 4, arbitrary: readingText.map((text) => JSON.parse(text) as unknown) },
  { weight: 1, arbitrary: readingText },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);
const input = fc.oneof(
  { weight: 3, arbitrary: reading },
  { weight: 2, arbitrary: fc.array(reading, { maxLength: 12 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(reading, readingText.map((body) => ({ body }))), { maxLength: 8 }).map((Records) => ({ Records })) },
);

function prototypeKeys(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}

describe('dispatcher under generated hostile input', () => {
  const prototypeBefore = prototypeKeys();

  beforeEach(() => {
    lambdaMock.reset();
  });

  afterAll(() => {
    expect(prototypeKeys()).toEqual(prototypeBefore);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  const property = fc.asyncProperty(input, async (event) => {
    // Prepare: a fresh dispatcher and mock per input
    lambdaMock.reset();
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    const { dispatch, failures } = buildDispatcher();
    // Act: never throws
    const result = await dispatch(event);
    // Assess: every input accounted for, exactly once
    const calls = lambdaMock.commandCalls(InvokeCommand).map((call) => call.args[0].input);
    const dispatchedEvents = calls.flatMap((call) => decodeRequest(call).payload.events);
    expect(result.received).toBe(result.dispatched + result.failed);
    expect(result.results).toHaveLength(result.received);
    expect(dispatchedEvents).toHaveLength(result.dispatched);
    expect(new Set(dispatchedEvents.map((e) => e.eventId)).size).toBe(dispatchedEvents.length);
    expect(new Set(calls.map((call) => call.FunctionName))).toEqual(new Set(result.dispatched > 0 ? ['demo-processor-wrapper'] : []));
    expect(failures.records).toHaveLength(result.failed);
    for (const record of failures.records) {
      expect(record.stage).toBe('dispatch');
      expect(record.reason).toMatch(/^[a-z-]+$/);
      expect(record).toHaveProperty('original');
    }
    for (const e of dispatchedEvents) expect(['thermostat-1', 'thermostat-2', 'pump-1']).toContain(e.deviceId);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('accounts for 2,000 generated inputs (seed 42)', async () => {
    await fc.assert(property, { numRuns: 2_000, seed: 42 });
  });

  it('accounts for 1,500 more (seed 7)', async () => {
    await fc.assert(property, { numRuns: 1_500, seed: 7 });
  });
});
