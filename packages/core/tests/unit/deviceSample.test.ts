import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, deviceSamplePath, InvalidDeviceIdError, loadDeviceSample, parseDeviceSample, SAMPLE_JITTER_RATIO, simulatedReading } from '../../src';
import type { JsonObject } from '../../src';

/** A `random` that returns the given values in turn (then the last one again). */
function sequence(...values: number[]): () => number {
  let index = 0;
  return () => values[Math.min(index++, values.length - 1)] as number;
}

/** The ConfigError `run` throws (fails the test when it does not throw one). */
function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('device sample', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'twinflow-sample-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (text: string): string => {
    const file = path.join(dir, 'sample.json');
    writeFileSync(file, text);
    return file;
  };

  it('lives beside the processor: processors/<device>/sample.json', () => {
    expect(deviceSamplePath('thermostat-1')).toBe('processors/thermostat-1/sample.json');
    expect(() => deviceSamplePath('../x')).toThrow(InvalidDeviceIdError);
  });

  it('loads a valid sample as it is written', () => {
    // Prepare
    const file = write(JSON.stringify({ temperature: 71.6, humidity: 40, status: 'ok', nested: { levels: [1, 2] } }));
    // Act / Assess
    expect(loadDeviceSample(file)).toEqual({ temperature: 71.6, humidity: 40, status: 'ok', nested: { levels: [1, 2] } });
  });

  it.each([
    ['a missing file', null, /cannot read file \(ENOENT\)/],
    ['text that is not JSON', '{ "temperature": ', /not valid JSON/],
    ['an array', '[1, 2]', /\(root\): must be a JSON object of the device's fields, e\.g\. \{"temperature": 21\.5\}, got an array/],
    ['an empty object', '{}', /\(root\): must hold at least one field of the device/],
    ['a device id field', '{"device_id": "thermostat-1", "temperature": 70}', /device_id: is set per reading \(device id, time or event id\)/],
    ['a time field', '{"temperature": 70, "ts": 1764000000}', /ts: is set per reading/],
    ['an event id field', '{"temperature": 70, "event_id": "e1"}', /event_id: is set per reading/],
    ['a forbidden key', '{"temperature": 70, "nested": {"__proto__": {"x": 1}}}', /nested\.__proto__: the key "__proto__" is not allowed/],
  ])('refuses %s with a ConfigError naming the file', (_case, text, message) => {
    // Prepare
    const file = text === null ? path.join(dir, 'missing.json') : write(text);
    // Act
    const error = configErrorOf(() => loadDeviceSample(file));
    // Assess
    expect(error.file).toBe(file);
    expect(error.message.startsWith(`${file}: `)).toBe(true);
    expect(error.message).toMatch(message);
  });

  it('refuses a sample nested deeper than 16 levels', () => {
    let deep: JsonObject = { value: 1 };
    for (let level = 1; level < 17; level += 1) deep = { inner: deep };
    expect(() => parseDeviceSample(deep, 'deep.json')).toThrow(/deep\.json: invalid sample reading — inner(\.inner)+: nested deeper than the limit of 16 levels/);
  });

  it('names the file it was given, sample.json by default', () => {
    expect(() => parseDeviceSample('x')).toThrow(/^sample\.json: invalid sample reading/);
  });
});

describe('simulatedReading', () => {
  const IDS = { deviceId: 'thermostat-1', timestampMs: Date.UTC(2026, 10, 24, 8), seq: 7, eventId: 'sim-run-7' };

  it('sets the identity fields and keeps the sample at its centre when random is 0.5', () => {
    // Act
    const reading = simulatedReading({ temperature: 71.6, humidity: 40, status: 'ok', on: true, note: null }, IDS, () => 0.5);
    // Assess
    expect(reading).toEqual({
      device_id: 'thermostat-1',
      timestamp: '2026-11-24T08:00:00.000Z',
      seq: 7,
      eventId: 'sim-run-7',
      temperature: 71.6,
      humidity: 40,
      status: 'ok',
      on: true,
      note: null,
    });
  });

  it('moves each number by up to the jitter ratio, rounded to the decimals of the sample', () => {
    // Act: random 0 → the low end, 0.75 → half-way up (one call per number, in document order)
    const reading = simulatedReading({ temperature: 71.6, humidity: 40, precise: 1.2345 }, IDS, sequence(0, 0.75, 0.75));
    // Assess
    expect(SAMPLE_JITTER_RATIO).toBe(0.1);
    expect(reading).toMatchObject({ temperature: 64.4, humidity: 42, precise: 1.2962 });
  });

  it('keeps integers integers, positives non-negative and zero zero, at both ends of random', () => {
    for (const random of [0, 0.999999]) {
      const reading = simulatedReading({ count: 3, pressure: 760, small: 0.5, zero: 0, negative: -40 }, IDS, () => random);
      expect(Number.isInteger(reading['count'])).toBe(true);
      expect(Number.isInteger(reading['pressure'])).toBe(true);
      expect(reading['small']).toBeGreaterThanOrEqual(0);
      expect(Object.is(reading['zero'], 0)).toBe(true);
      const pressure = reading['pressure'] as number;
      expect(pressure).toBeGreaterThanOrEqual(684);
      expect(pressure).toBeLessThanOrEqual(836);
      expect(reading['negative']).toBeLessThan(0);
    }
  });

  it('jitters numbers at any depth and shares nothing with the sample', () => {
    // Prepare
    const sample: JsonObject = { sensors: [{ t: 20 }, { t: 30 }], meta: { unit: 'C', gain: 2 } };
    // Act
    const reading = simulatedReading(sample, IDS, () => 0);
    // Assess
    expect(reading).toMatchObject({ sensors: [{ t: 18 }, { t: 27 }], meta: { unit: 'C', gain: 2 } });
    expect(reading['sensors']).not.toBe(sample['sensors']);
    expect(sample).toEqual({ sensors: [{ t: 20 }, { t: 30 }], meta: { unit: 'C', gain: 2 } });
  });

  it("leaves out eventId when none is given, and its own seq wins over a sample's", () => {
    const reading = simulatedReading({ seq: 99, value: 10 }, { deviceId: 'pump-1', timestampMs: 0, seq: 3 }, () => 0.5);
    expect(reading).toEqual({ device_id: 'pump-1', timestamp: '1970-01-01T00:00:00.000Z', seq: 3, value: 10 });
  });

  it('is accepted back as a sample once its identity fields are taken off', () => {
    const { device_id: _device, timestamp: _time, eventId: _event, ...payload } = simulatedReading({ temperature: 71.6 }, IDS);
    expect(parseDeviceSample(payload)).toEqual(payload);
  });

  it('refuses an invalid device id before it is sent anywhere', () => {
    expect(() => simulatedReading({ value: 1 }, { ...IDS, deviceId: 'Thermostat 1' })).toThrow(InvalidDeviceIdError);
  });
});
