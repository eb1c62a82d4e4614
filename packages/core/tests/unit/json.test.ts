import { findJsonIssue, isPlainObject } from '../../src/contract/json';

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');
const NO_LIMIT = { maxBytes: Number.MAX_SAFE_INTEGER, maxDepth: 1000 };

describe('findJsonIssue', () => {
  it.each<[string, unknown]>([
    ['a flat object', { a: 1, b: 'two', c: true, d: false, e: null }],
    ['nested containers', { a: [1, [2, [3, { b: [] }]], {}], c: { d: { e: 'f' } } }],
    ['numbers in every notation', { a: -0, b: 1e21, c: 1.5e-7, d: -123.456, e: Number.MAX_SAFE_INTEGER }],
    ['escapes and control characters', { 'k"\\': 'tab\there "quoted" \\ \u0001 \u2028' }],
    ['multi-byte text and keys', { 'clé': 'Zürich', '😀': ['日本', '\u00a0'] }],
    ['a lone surrogate', { s: '\ud800x' }],
    ['an empty object', {}],
    ['a top-level array', [1, 'a', null]],
    ['a top-level string', 'just text'],
  ])('measures %s exactly as JSON.stringify + UTF-8 does', (_label, value) => {
    // Prepare
    const size = jsonBytes(value);
    // Act / Assess
    expect(findJsonIssue(value, { maxBytes: size, maxDepth: 100 })).toBeUndefined();
    expect(findJsonIssue(value, { maxBytes: size - 1, maxDepth: 100 })).toMatchObject({ kind: 'too-large' });
  });

  it('reports the first problem in document order with its path', () => {
    expect(findJsonIssue({ a: [1, { b: Number.NaN }], c: () => 1 }, NO_LIMIT)).toEqual({ kind: 'not-json', path: 'a[1].b', problem: 'NaN is not a JSON number' });
  });

  it('prefixes paths with rootPath and quotes keys that are not identifiers', () => {
    expect(findJsonIssue({ 'a b': { '': undefined } }, { ...NO_LIMIT, rootPath: 'data' })).toMatchObject({ path: 'data["a b"][""]' });
    expect(findJsonIssue({ 'a b': undefined }, NO_LIMIT)).toMatchObject({ path: '["a b"]' });
  });

  it('truncates a huge key in the path', () => {
    const issue = findJsonIssue({ ['k'.repeat(10_000)]: Number.NaN }, NO_LIMIT);
    expect(issue?.path.length).toBeLessThan(80);
  });

  it('rejects forbidden keys only when asked to', () => {
    const value = JSON.parse('{"a":{"__proto__":1}}') as unknown;
    expect(findJsonIssue(value, NO_LIMIT)).toBeUndefined();
    expect(findJsonIssue(value, { ...NO_LIMIT, forbiddenKeys: new Set(['__proto__']) })).toMatchObject({ kind: 'forbidden-key', path: 'a.__proto__' });
  });

  it('treats undefined optional root keys as absent, and nowhere else', () => {
    const optionalRootKeys = new Set(['ts']);
    expect(findJsonIssue({ ts: undefined, a: 1 }, { ...NO_LIMIT, optionalRootKeys })).toBeUndefined();
    expect(findJsonIssue({ a: { ts: undefined } }, { ...NO_LIMIT, optionalRootKeys })).toMatchObject({ kind: 'not-json', path: 'a.ts' });
    // an absent key takes no bytes, so the size stays exact
    expect(findJsonIssue({ ts: undefined, a: 1 }, { maxBytes: jsonBytes({ a: 1 }), maxDepth: 10, optionalRootKeys })).toBeUndefined();
  });

  it('counts the root container as level 1', () => {
    expect(findJsonIssue({ a: { b: 1 } }, { maxBytes: 100, maxDepth: 2 })).toBeUndefined();
    expect(findJsonIssue({ a: { b: {} } }, { maxBytes: 100, maxDepth: 2 })).toMatchObject({ kind: 'too-deep', path: 'a.b' });
    expect(findJsonIssue([], { maxBytes: 100, maxDepth: 1 })).toBeUndefined();
  });
});

describe('isPlainObject', () => {
  it.each<[string, unknown, boolean]>([
    ['a literal', { a: 1 }, true],
    ['JSON.parse output', JSON.parse('{"a":1}'), true],
    ['a null-prototype object', Object.create(null), true],
    ['an array', [], false],
    ['null', null, false],
    ['a Date', new Date(), false],
    ['a class instance', new (class Probe {})(), false],
    ['an object inheriting from a literal', Object.create({ a: 1 }), false],
    ['a string', 'x', false],
  ])('%s → %p', (_label, value, expected) => {
    expect(isPlainObject(value)).toBe(expected);
  });
});
