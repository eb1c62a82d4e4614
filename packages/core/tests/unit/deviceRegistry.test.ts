import fc from 'fast-check';
import { ConfigError, createDeviceLookup, parseDeviceRegistry } from '../../src';
import { deviceRegistrySchema, readValidRegistry } from '../../src/config/deviceRegistry';

/** What parseDeviceRegistry answers: the registry, or the error's message and issues. */
const outcomeOf = (value: unknown): { registry: unknown } | { message: string; issues: unknown } => {
  try {
    return { registry: parseDeviceRegistry(value) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { message: error.message, issues: error.issues };
  }
};

/** `n` valid devices as the generator writes them. */
const devices = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `sensor-${String(i).padStart(5, '0')}`, description: 'Line pressure sensor', memorySize: 256, timeout: 10 }));

describe('parseDeviceRegistry: the schema-free path for valid registries', () => {
  it('returns what the schema outputs: new entries, the schema keys only, in its order', () => {
    // Prepare
    const value = [{ timeout: 900, id: 'pump-1', extra: true, memorySize: 10240, description: 'd' }, { id: 'pump-2' }];

    // Act
    const registry = readValidRegistry(value);

    // Assess
    expect(registry).toStrictEqual(deviceRegistrySchema.parse(value));
    expect(Object.keys(registry?.[0] ?? {})).toEqual(['id', 'description', 'memorySize', 'timeout']);
    expect(registry?.[0]).not.toBe(value[0]);
    expect(value[0]).toHaveProperty('extra', true);
  });

  it('accepts 10,000 devices without the schema', () => {
    // Prepare
    const value = devices(10_000);
    const safeParse = jest.spyOn(deviceRegistrySchema, 'safeParse');

    // Act
    const registry = parseDeviceRegistry(value);

    // Assess
    expect(registry).toHaveLength(10_000);
    expect(createDeviceLookup(registry).has('sensor-09999')).toBe(true);
    expect(safeParse).not.toHaveBeenCalled();
  });

  it.each([
    ['a bad entry', (d: Array<Record<string, unknown>>) => Object.assign(d[9_999] ?? {}, { memorySize: 64 }), '9999.memorySize: must be an integer from 128 to 10240'],
    ['a duplicate', (d: Array<Record<string, unknown>>) => Object.assign(d[9_999] ?? {}, { id: 'sensor-00007' }), '9999.id: duplicate device id "sensor-00007"'],
    ['a bad id', (d: Array<Record<string, unknown>>) => Object.assign(d[5_000] ?? {}, { id: 'Sensor' }), '5000.id: must match ^[a-z0-9][a-z0-9-]{0,47}$'],
  ])('names %s among 10,000 devices, and the file', (_label, spoil, issue) => {
    // Prepare
    const value: Array<Record<string, unknown>> = devices(10_000);
    spoil(value);

    // Act / Assess
    expect(readValidRegistry(value)).toBeUndefined();
    expect(() => parseDeviceRegistry(value, 'config/big.json')).toThrow(`config/big.json: invalid configuration — ${issue}`);
  });

  it.each([
    ['a key set to undefined', [{ id: 'a', memorySize: undefined }]],
    ['a hole', Object.assign(new Array<unknown>(3), { 0: { id: 'a' }, 2: { id: 'c' } })],
    ['an array entry', [['a']]],
    ['no array', { 0: { id: 'a' }, length: 1 }],
  ])('leaves %s to the schema', (_label, value) => {
    // Act / Assess
    expect(readValidRegistry(value)).toBeUndefined();
  });
});

describe('parseDeviceRegistry (property): the same answer as the schema alone', () => {
  const id = fc.oneof(fc.constantFrom('a', 'pump-1', 'pump-2', '0', 'x'.repeat(48), 'x'.repeat(49), 'Pump', '-a', '', 'a b'), fc.stringMatching(/^[a-z0-9-]{1,6}$/), fc.integer());
  const integer = (min: number, max: number) => fc.oneof(fc.constantFrom(min - 1, min, max, max + 1, 1.5, -0, Number.NaN, Infinity, 2 ** 60), fc.integer({ min: min - 2, max: max + 2 }), fc.string({ maxLength: 3 }), fc.constant(null));
  const field = <T>(value: fc.Arbitrary<T>) => fc.option(fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: fc.constant(undefined) }), { nil: undefined, freq: 3 });
  const entry = fc.oneof(
    { weight: 12, arbitrary: fc.record({ id, description: fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('d'.repeat(256), 'd'.repeat(257)), fc.integer()), memorySize: integer(128, 10240), timeout: integer(1, 900), extra: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }) },
    { weight: 4, arbitrary: fc.record({ id: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), description: field(fc.string({ maxLength: 8 })), memorySize: field(fc.integer({ min: 128, max: 10240 })), timeout: field(fc.integer({ min: 1, max: 900 })) }) },
    { weight: 1, arbitrary: fc.constantFrom(null, 'a', 7, [], [{ id: 'a' }], Object.create(null) as object, new Date(0)) },
  );
  const registry = fc.oneof({ weight: 20, arbitrary: fc.array(entry, { maxLength: 8 }) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });

  it('accepts, outputs and rejects exactly as deviceRegistrySchema, with the same issues', () => {
    fc.assert(
      fc.property(registry, (value) => {
        // Act
        const fast = readValidRegistry(value);
        const outcome = outcomeOf(value);
        const schema = deviceRegistrySchema.safeParse(value);

        // Assess: the fast path only ever accepts what the schema accepts, with its output.
        if (fast !== undefined) expect(schema).toEqual({ success: true, data: fast });
        if (schema.success) expect(outcome).toStrictEqual({ registry: schema.data });
        else expect(outcome).toMatchObject({ issues: schema.error.issues.map((issue) => ({ path: issue.path.length === 0 ? '(root)' : issue.path.join('.'), message: issue.message })) });
      }),
      { numRuns: 2000 },
    );
  });

  it('takes the fast path for every registry of valid, unique devices', () => {
    const valid = fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,47}$/), description: fc.string({ maxLength: 256 }), memorySize: fc.integer({ min: 128, max: 10240 }), timeout: fc.integer({ min: 1, max: 900 }) }, { requiredKeys: ['id'] }), { selector: (d) => d.id, maxLength: 20 });
    fc.assert(
      fc.property(valid, (value) => {
        // Act / Assess
        expect(readValidRegistry(value)).toStrictEqual(deviceRegistrySchema.parse(value));
      }),
    );
  });
});
