import { DEFAULT_MAX_READING_BYTES } from '@twinflow/core';
import { MapperOptionsError, TelemetryValidationError, parseRawTelemetry } from '../../src';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function rejection(act: () => unknown): TelemetryValidationError {
  try {
    act();
  } catch (err) {
    if (err instanceof TelemetryValidationError) return err;
    throw err;
  }
  throw new Error('expected a TelemetryValidationError');
}

describe('parseRawTelemetry', () => {
  it.each<[string, unknown]>([
    ['a string', '{"device_id":"a","v":[1,2]}'],
    ['a Uint8Array', utf8('{"device_id":"a","v":[1,2]}')],
    ['a Buffer', Buffer.from('{"device_id":"a","v":[1,2]}')],
    ['a byte view into a larger buffer', new Uint8Array(utf8('xx{"device_id":"a","v":[1,2]}yy').buffer, 2, 27)],
  ])('parses JSON from %s', (_label, input) => {
    expect(parseRawTelemetry(input)).toEqual({ device_id: 'a', v: [1, 2] });
  });

  it.each<[string, unknown]>([
    ['an object', { device_id: 'a' }],
    ['an array', [1]],
    ['null', null],
    ['a number', 42],
    ['undefined', undefined],
  ])('returns %s unchanged (already parsed)', (_label, input) => {
    expect(parseRawTelemetry(input)).toBe(input);
  });

  it('decodes multi-byte UTF-8 and strips a byte-order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"city":"Zürich 😀"}')]);
    expect(parseRawTelemetry(bytes)).toEqual({ city: 'Zürich 😀' });
  });

  it('keeps "__proto__" from JSON text as an own key without touching any prototype', () => {
    // Act
    const parsed = parseRawTelemetry('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
    // Assess
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each([
    ['truncated JSON', '{"device_id": "a", ', /^reading is not valid JSON \(.+\); it starts with "\{\\"device_id\\": \\"a\\", "$/],
    ['a trailing comma', '{"a":1,}', /not valid JSON \(.*position 7.*\)/],
    ['an empty string', '', /not valid JSON \(Unexpected end of JSON input\); it starts with ""/],
    ['plain text', 'temperature=70', /it starts with "temperature=70"/],
  ])('rejects %s as malformed-json with the parser message and the start of the text', (_label, text, message) => {
    const err = rejection(() => parseRawTelemetry(text));
    expect(err.reason).toBe('malformed-json');
    expect(err.code).toBe('TELEMETRY_INVALID');
    expect(err.message).toMatch(message);
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });

  it('shows only a short prefix of long malformed text', () => {
    const err = rejection(() => parseRawTelemetry(`{"device_id": "a", ${'x'.repeat(5000)}`));
    expect(err.message.length).toBeLessThan(250);
    expect(err.message).toContain('…');
  });

  it('rejects bytes that are not UTF-8 as malformed-json', () => {
    const err = rejection(() => parseRawTelemetry(Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d])));
    expect(err.reason).toBe('malformed-json');
    expect(err.message).toBe('reading is not valid UTF-8 (4 bytes)');
    expect((err.cause as Error).name).toBe('TypeError'); // from Node's decoder (another realm under Jest)
  });

  it('checks the size before parsing, so oversized garbage is payload-too-large', () => {
    // Prepare: not JSON at all, and too big
    const text = `not json ${'x'.repeat(DEFAULT_MAX_READING_BYTES)}`;
    // Act
    const fromText = rejection(() => parseRawTelemetry(text));
    const fromBytes = rejection(() => parseRawTelemetry(utf8(text)));
    // Assess
    expect(fromText.reason).toBe('payload-too-large');
    expect(fromText.message).toBe(`reading is larger than the limit of 65536 bytes (${text.length} characters of text)`);
    expect(fromBytes.reason).toBe('payload-too-large');
    expect(fromBytes.message).toBe(`reading is ${text.length} bytes, more than the limit of 65536 bytes`);
  });

  it('counts UTF-8 bytes, not characters, at the exact limit', () => {
    // Prepare: "é" is 2 bytes, so this text is 2 + 2 × 100 = 202 bytes but only 102 characters
    const text = `"${'é'.repeat(100)}"`;
    // Act / Assess
    expect(parseRawTelemetry(text, { maxBytes: 202 })).toBe('é'.repeat(100));
    expect(rejection(() => parseRawTelemetry(text, { maxBytes: 201 })).reason).toBe('payload-too-large');
    expect(parseRawTelemetry(utf8(text), { maxBytes: 202 })).toBe('é'.repeat(100));
    expect(rejection(() => parseRawTelemetry(utf8(text), { maxBytes: 201 })).reason).toBe('payload-too-large');
  });

  it('honours a larger maxBytes', () => {
    const big = `"${'x'.repeat(70_000)}"`;
    expect(parseRawTelemetry(big, { maxBytes: 100_000 })).toHaveLength(70_000);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects maxBytes %p with a MapperOptionsError', (maxBytes) => {
    expect(() => parseRawTelemetry('{}', { maxBytes })).toThrow(MapperOptionsError);
    expect(() => parseRawTelemetry('{}', { maxBytes })).toThrow(/^maxBytes: must be a positive integer/);
  });
});
