import fc from 'fast-check';
import { batchShell, encodeItems, PROCESSOR_BATCH_PROTOCOL } from '../../../src';
import type { JsonValue } from '../../../src';

const SEED = 20_261_124;
const encoder = new TextEncoder();

/** The bytes `JSON.stringify` gives, for comparison. */
const bytesOf = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));

type Shell = (items: JsonValue) => JsonValue;

const SHELLS: Array<[string, Shell]> = [
  ['the bare array', (items) => items],
  ['a processor batch request', (items) => ({ protocol: PROCESSOR_BATCH_PROTOCOL, events: items })],
  ['an envelope', (items) => ({ requestId: 'r1', timestamp: '2026-11-24T08:00:00.000Z', trigger: 'telemetry', payload: { records: items } })],
  ['an array around the items', (items) => [1, items, 'zwölf ✓']],
  ['unicode around the items', (items) => ({ 'clé 🔑': 'valeur — ✓', items, after: ['\u2028', '\u0000'] })],
];

describe('encodeItems', () => {
  it.each<[unknown, string, number]>([
    [{ t: 1 }, '{"t":1}', 7],
    ['é', '"é"', 4],
    ['🌡', '"🌡"', 6],
    ['温度', '"温度"', 8],
    ['\ud800', '"\\ud800"', 8],
    [undefined, 'null', 4],
    [() => 1, 'null', 4],
  ])('encodes %p once as %s, %p bytes', (value, json, bytes) => {
    // Act
    const [encoded] = encodeItems([value]);

    // Assess
    expect(encoded).toEqual({ value, json, bytes });
    expect(encoder.encode(json).byteLength).toBe(bytes);
  });

  it('keeps the order and the values themselves', () => {
    // Prepare
    const items = [{ a: 1 }, 'b', [3]];

    // Act
    const encoded = encodeItems(items);

    // Assess
    expect(encoded.map((item) => item.value)).toEqual(items);
    expect(encoded[0]?.value).toBe(items[0]);
  });
});

describe('batchShell', () => {
  it.each(SHELLS)('encodes %s byte for byte as JSON.stringify does', (_label, shell) => {
    // Prepare
    const items: JsonValue[] = [{ deviceId: 'thermostat-1', t: 21.5 }, 'ünïcødé 🌡', null, [1, [2]], { '\u2028': '\ud83d' }];

    // Act
    const batch = batchShell(shell);
    const bytes = batch.encode(encodeItems(items));

    // Assess
    expect(Buffer.from(bytes).equals(Buffer.from(bytesOf(shell(items))))).toBe(true);
    expect(batch.sizeOf(encodeItems(items).reduce((sum, item) => sum + item.bytes, 0), items.length)).toBe(bytes.byteLength);
  });

  it.each(SHELLS)('sizes %s without items as its overhead', (_label, shell) => {
    // Act
    const batch = batchShell(shell);

    // Assess
    expect(batch.overheadBytes).toBe(bytesOf(shell([])).byteLength);
    expect(batch.sizeOf(0, 0)).toBe(batch.overheadBytes);
    expect(Buffer.from(batch.encode([])).equals(Buffer.from(bytesOf(shell([]))))).toBe(true);
  });

  it('encodes items that JSON turns into null as JSON.stringify does in an array', () => {
    // Prepare
    const items = [undefined, () => 1, { keep: 1, drop: undefined }];
    const shell = (encoded: JsonValue): JsonValue => ({ events: encoded });

    // Act
    const bytes = batchShell(shell).encode(encodeItems(items));

    // Assess
    expect(new TextDecoder().decode(bytes)).toBe(JSON.stringify({ events: items }));
  });

  it.each<[string, Shell]>([
    ['leaves its items out', () => ({ protocol: PROCESSOR_BATCH_PROTOCOL })],
    ['returns null', () => null],
    ['places only their length', (items) => String(items).length],
    ['places them inside a string', (items) => ({ text: JSON.stringify(items) })],
    ['places a copy of their text', (items) => `${String(items)}!`],
    ['places them twice', (items) => ({ a: items, b: items })],
    ['uses them as a key', (items) => ({ [String(items)]: 1 })],
  ])('throws for a shell that %s', (_label, shell) => {
    // Act / Assess
    expect(() => batchShell(shell)).toThrow(new TypeError('batchShell: the shell must place its items once, as a value'));
  });
});

describe('batchShell (property)', () => {
  const unicode = fc.string({ unit: 'binary', maxLength: 12 });
  const item = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }), fc.jsonValue({ maxDepth: 2, stringUnit: 'grapheme' }), unicode);
  /** A shell: some JSON around the items, placed under a key of an object, in an array or as the whole. */
  const shell: fc.Arbitrary<Shell> = fc.oneof(
    fc.constant<Shell>((items) => items),
    fc
      .tuple(fc.dictionary(unicode, fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' }), { maxKeys: 4 }), unicode)
      .map(([around, key]) => (items: JsonValue): JsonValue => ({ ...(around as Record<string, JsonValue>), [key]: items })),
    fc
      .tuple(fc.array(fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' }), { maxLength: 3 }), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }))
      .map(([before, after]) => (items: JsonValue): JsonValue => [...(before as JsonValue[]), { nested: items }, ...(after as JsonValue[])]),
  );

  it('encodes any items in any shell exactly as JSON.stringify, and sizes them exactly', () => {
    fc.assert(
      fc.property(shell, fc.array(item, { maxLength: 8 }), (wrap, values) => {
        // Prepare
        const items = values as JsonValue[];
        const encoded = encodeItems(items);

        // Act
        const batch = batchShell(wrap);
        const bytes = batch.encode(encoded);

        // Assess
        const expected = bytesOf(wrap(items));
        expect(Buffer.from(bytes).equals(Buffer.from(expected))).toBe(true);
        expect(batch.sizeOf(encoded.reduce((sum, one) => sum + one.bytes, 0), encoded.length)).toBe(expected.byteLength);
        for (const one of encoded) expect(one.bytes).toBe(encoder.encode(one.json).byteLength);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
