import fc from 'fast-check';
import type { JsonValue } from '@twinflow/core';
import { InvalidPayloadError } from '../../../src';
import { canonicalJson } from '../../../src/roadmap/canonicalJson';

/** The oracle: JSON.stringify for every string and leaf, keys sorted with `sort()` (as UTF-16 code units). */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${sortedJson(record[key])}`);
  return `{${members.join(',')}}`;
}

describe('canonicalJson', () => {
  it('writes exactly what JSON.stringify writes, keys sorted, for any string (property)', () => {
    // Prepare: strings of any code unit (quotes, backslashes, control characters, lone surrogates)
    const values = fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 });

    fc.assert(
      fc.property(values, (value) => {
        // Act / Assess
        expect(canonicalJson(value as JsonValue)).toBe(sortedJson(value));
      }),
      { numRuns: 500 },
    );
  });

  it('sorts keys as sort() does, integer-like keys included, whatever their insertion order', () => {
    // Prepare
    const value = { b: 1, 10: 'ten', a: { z: true, y: false }, 2: 'two', é: null, A: [] };

    // Act / Assess
    expect(canonicalJson(value)).toBe('{"10":"ten","2":"two","A":[],"a":{"y":false,"z":true},"b":1,"é":null}');
  });

  it.each(['"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u2028', 'lone \ud800', 'lone \udfff', 'pair \ud83d\ude00', 'plain é'])('escapes %j as JSON.stringify does, as a value and as a key', (text) => {
    // Act / Assess
    expect(canonicalJson(text)).toBe(JSON.stringify(text));
    expect(canonicalJson({ [text]: 1 })).toBe(JSON.stringify({ [text]: 1 }));
  });

  it('writes the holes of a sparse array as null, as JSON.stringify does', () => {
    // Prepare
    const sparse = [1, , 3] as unknown as JsonValue; // eslint-disable-line no-sparse-arrays

    // Act / Assess
    expect(canonicalJson(sparse)).toBe(JSON.stringify(sparse));
  });

  it('writes numbers as JSON.stringify does (-0, exponents, non-finite)', () => {
    // Prepare
    const numbers = [-0, 0.1, 1e21, 1e-7, -123.456, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, Number.NaN, Number.NEGATIVE_INFINITY];

    // Act / Assess
    expect(canonicalJson(numbers)).toBe(JSON.stringify(numbers));
  });

  it('accepts a deep value without a cycle, and finds a cycle however deep', () => {
    // Prepare
    const root: Record<string, unknown> = {};
    let node = root;
    for (let i = 0; i < 500; i += 1) node = node['next'] = {};
    const acyclic = canonicalJson(root as JsonValue);
    const expected = JSON.stringify(root);

    // Act
    node['back'] = root;

    // Assess
    expect(acyclic).toBe(expected);
    expect(() => canonicalJson(root as JsonValue)).toThrow(InvalidPayloadError);
    expect(() => canonicalJson(root as JsonValue)).toThrow(/cycle/);
  });
});
