import type { ExecuteRequest } from '@twinflow/core';
import { EnvelopeValidationError, PayloadDecodeError, decodeLambdaPayload, fromLambdaPayload, toLambdaPayload } from '../../src';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const request: ExecuteRequest = {
  requestId: 'r1',
  timestamp: '2026-11-24T08:00:00.000Z',
  trigger: 'telemetry',
  source: 'demo-dispatcher',
  payload: { a: 1 },
};

function thrown(act: () => unknown): Error {
  try {
    act();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('toLambdaPayload', () => {
  it('encodes the envelope as UTF-8 JSON that decodes back to the same request', () => {
    // Prepare
    const withUnicode: ExecuteRequest = { ...request, payload: { name: 'Zürich 😀', list: [1, null, true] } };
    // Act
    const encoded = toLambdaPayload(withUnicode);
    // Assess
    expect(encoded).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(encoded).toString('utf8')).toBe(JSON.stringify(withUnicode));
    expect(decodeLambdaPayload(encoded)).toEqual(withUnicode);
  });

  it('sends exactly the envelope fields, leaving out an absent source and any extra property', () => {
    const { source: _source, ...withoutSource } = request;
    const withExtra = { ...withoutSource, secret: 'do not send' } as ExecuteRequest;
    expect(JSON.parse(Buffer.from(toLambdaPayload(withExtra)).toString('utf8'))).toEqual(withoutSource);
  });

  it.each([
    ['a null payload', null],
    ['a string payload', 'hello'],
    ['a number payload', 0],
    ['an array payload', [1, 2]],
  ])('accepts %s', (_label, payload) => {
    expect(decodeLambdaPayload(toLambdaPayload({ ...request, payload }))).toEqual({ ...request, payload });
  });

  it.each<[string, unknown, RegExp]>([
    ['requestId', { ...request, requestId: '' }, /^requestId: must be a non-empty string, got ""$/],
    ['requestId', { ...request, requestId: 42 }, /^requestId: must be a non-empty string, got number 42$/],
    ['requestId', { ...request, requestId: undefined }, /got undefined$/],
    ['timestamp', { ...request, timestamp: 'later' }, /^timestamp: must be an ISO-8601 date-time string, got "later"$/],
    ['timestamp', { ...request, timestamp: '2026-13-45T00:00:00Z' }, /got "2026-13-45T00:00:00Z"$/],
    ['timestamp', { ...request, timestamp: 'Tue, 24 Nov 2026 08:00:00 GMT' }, /^timestamp: /],
    ['timestamp', { ...request, timestamp: 1764000000000 }, /got number 1764000000000$/],
    ['trigger', { ...request, trigger: '' }, /^trigger: must be a non-empty string/],
    ['trigger', { ...request, trigger: 3 }, /^trigger: must be a non-empty string, got number 3$/],
    ['source', { ...request, source: 5 }, /^source: must be a string when given, got number 5$/],
    ['source', { ...request, source: null }, /^source: must be a string when given, got null$/],
    ['payload', { ...request, payload: undefined }, /^payload: is required and must be a JSON value, got undefined$/],
    ['payload', { ...request, payload: () => 1 }, /^payload: is required and must be a JSON value, got function$/],
    ['request', null, /^request: must be an object, got null$/],
  ])('rejects a bad %s, naming it', (field, value, message) => {
    const err = thrown(() => toLambdaPayload(value as ExecuteRequest));
    expect(err).toBeInstanceOf(EnvelopeValidationError);
    expect(err).toMatchObject({ field, code: 'ENVELOPE_INVALID' });
    expect(err.message).toMatch(message);
  });

  it.each<[string, () => unknown, new (...args: never[]) => Error]>([
    [
      'a cycle',
      () => {
        const cyclic: Record<string, unknown> = {};
        cyclic['self'] = cyclic;
        return cyclic;
      },
      TypeError,
    ],
    ['a BigInt', () => ({ n: BigInt(1) }), TypeError],
    [
      'absurd nesting',
      () => {
        let deep: unknown = 1;
        for (let i = 0; i < 200_000; i += 1) deep = [deep];
        return deep;
      },
      RangeError,
    ],
  ])('rejects a payload with %s as not JSON-serialisable, keeping the cause', (_label, makePayload, causeType) => {
    const err = thrown(() => toLambdaPayload({ ...request, payload: makePayload() as never }));
    expect(err).toBeInstanceOf(EnvelopeValidationError);
    expect(err).toMatchObject({ field: 'payload' });
    expect(err.message).toMatch(/^payload: is not JSON-serialisable \(.+\)$/);
    expect(err.cause).toBeInstanceOf(causeType);
  });
});

describe('decodeLambdaPayload', () => {
  it.each<[string, Uint8Array | undefined, unknown]>([
    ['an object', bytes('{"x":[1,2]}'), { x: [1, 2] }],
    ['null', bytes('null'), null],
    ['a string', bytes('"ok"'), 'ok'],
    ['a Buffer', Buffer.from('{"ü":"😀"}'), { ü: '😀' }],
    ['no payload', undefined, undefined],
    ['an empty payload', new Uint8Array(), undefined],
  ])('decodes %s', (_label, input, expected) => {
    expect(decodeLambdaPayload(input)).toEqual(expected);
  });

  it('throws PayloadDecodeError with the start of a non-JSON body and the parser error as cause', () => {
    const err = thrown(() => decodeLambdaPayload(bytes(`<html>Bad Gateway</html>${' '.repeat(1000)}`)));
    expect(err).toBeInstanceOf(PayloadDecodeError);
    expect(err).toMatchObject({ code: 'PAYLOAD_DECODE_FAILED' });
    expect(err.message).toMatch(/^response body is not JSON: "<html>Bad Gateway<\/html> +…"$/);
    expect(err.message.length).toBeLessThan(100);
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });

  it('throws PayloadDecodeError for bytes that are not UTF-8', () => {
    const err = thrown(() => decodeLambdaPayload(Uint8Array.from([0x22, 0xc3, 0x28, 0x22])));
    expect(err).toBeInstanceOf(PayloadDecodeError);
    expect(err.message).toBe('response body is not valid UTF-8 (4 bytes)');
  });

  it('throws PayloadDecodeError for something that is not bytes', () => {
    const err = thrown(() => decodeLambdaPayload('{"a":1}' as unknown as Uint8Array));
    expect(err).toBeInstanceOf(PayloadDecodeError);
    expect(err.message).toBe('response body must be bytes (Uint8Array), got "{\\"a\\":1}"');
  });
});

describe('fromLambdaPayload', () => {
  it('reads a module response: success and message kept, every other field in data, string targets as { type }', () => {
    // Prepare
    const body = {
      success: true,
      response_type: 'text',
      message: 'Hello!',
      overlay_data: null,
      browser_source_url: 'https://example.com/overlay',
      targets: ['platform', { type: 'overlay', layer: 2 }],
      custom: { a: 1 },
    };

    // Act
    const response = fromLambdaPayload(bytes(JSON.stringify(body)));

    // Assess
    expect(response).toEqual({
      success: true,
      message: 'Hello!',
      data: {
        response_type: 'text',
        overlay_data: null,
        browser_source_url: 'https://example.com/overlay',
        targets: ['platform', { type: 'overlay', layer: 2 }],
        custom: { a: 1 },
      },
      targets: [{ type: 'platform' }, { type: 'overlay', layer: 2 }],
    });
  });

  it.each<[string, Uint8Array | undefined, RegExp]>([
    ['no payload', undefined, /^response body is empty; expected a JSON object with a boolean "success" field$/],
    ['an empty payload', new Uint8Array(), /^response body is empty/],
    ['malformed JSON', bytes('{"success":'), /^response body is not JSON: "\{\\"success\\":"$/],
    ['HTML', bytes('<html>502</html>'), /^response body is not JSON: "<html>502<\/html>"$/],
    ['bytes that are not UTF-8', Uint8Array.from([0xff]), /^response body is not valid UTF-8/],
    ['null', bytes('null'), /^response body is null, not a JSON object with a boolean "success" field$/],
    ['an array', bytes('[{"success":true}]'), /^response body is an array, not a JSON object/],
    ['a string', bytes('"ok"'), /^response body is "ok", not a JSON object/],
    ['a number', bytes('200'), /^response body is number 200, not a JSON object/],
    ['a boolean', bytes('true'), /^response body is boolean true, not a JSON object/],
    ['an object without success', bytes('{"ok":true}'), /^response body has no boolean "success" field$/],
    ['a string success', bytes('{"success":"true"}'), /^response body has no boolean "success" field, got "true"$/],
    ['a numeric success', bytes('{"success":1}'), /^response body has no boolean "success" field, got number 1$/],
    ['a null success', bytes('{"success":null}'), /got null$/],
    [
      'a Lambda error body',
      bytes('{"errorType":"TypeError","errorMessage":"x is undefined","trace":[]}'),
      /^response body has no boolean "success" field \(it looks like a Lambda error: "TypeError": "x is undefined"\)$/,
    ],
  ])('turns %s into an InvalidResponseError failure', (_label, body, message) => {
    // Act
    const response = fromLambdaPayload(body);

    // Assess
    expect(response).toEqual({ success: false, error: expect.stringMatching(message), errorDetails: { type: 'InvalidResponseError' }, targets: [] });
  });

  it('parses a body that is a JSON string holding an object once more', () => {
    // Prepare
    const text = JSON.stringify(JSON.stringify({ success: true, message: 'twice' }));

    // Act
    const response = fromLambdaPayload(bytes(text));

    // Assess
    expect(response).toEqual({ success: true, message: 'twice', targets: [] });
  });

  it('never throws, even for input that is not bytes', () => {
    // Act
    const response = fromLambdaPayload({ success: true } as unknown as Uint8Array);

    // Assess
    expect(response.success).toBe(false);
    expect(response.errorDetails?.type).toBe('InvalidResponseError');
    expect(response.error).toMatch(/must be bytes/);
  });
});
