import type { ExecuteRequest } from '@twinflow/core';
import { EnvelopeValidationError, PayloadDecodeError, decodeLambdaPayload, fromLambdaPayload, toLambdaPayload } from '../../src';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const request: ExecuteRequest = { requestId: 'r1', timestamp: '2026-11-24T08:00:00.000Z', trigger: 'telemetry', source: 'demo-dispatcher', payload: { a: 1 } };

describe('toLambdaPayload', () => {
  it('encodes the envelope as UTF-8 JSON', () => {
    const encoded = toLambdaPayload({ ...request, payload: { name: 'Zürich' } });
    expect(encoded).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(new TextDecoder().decode(encoded))).toEqual({ ...request, payload: { name: 'Zürich' } });
  });

  it.each([
    ['requestId', { ...request, requestId: '' }],
    ['timestamp', { ...request, timestamp: 'later' }],
    ['trigger', { ...request, trigger: 3 }],
    ['source', { ...request, source: 5 }],
    ['payload', { ...request, payload: undefined }],
  ])('rejects a bad %s, naming it', (field, value) => {
    let caught: unknown;
    try {
      toLambdaPayload(value as ExecuteRequest);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EnvelopeValidationError);
    expect((caught as EnvelopeValidationError).field).toBe(field);
    expect((caught as Error).message.startsWith(field)).toBe(true);
  });

  it('rejects a payload that cannot be serialized', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => toLambdaPayload({ ...request, payload: cyclic as never })).toThrow(/not serializable/);
  });
});

describe('decodeLambdaPayload', () => {
  it('decodes JSON and treats an empty body as undefined', () => {
    expect(decodeLambdaPayload(bytes('{"x":[1,2]}'))).toEqual({ x: [1, 2] });
    expect(decodeLambdaPayload(bytes('null'))).toBeNull();
    expect(decodeLambdaPayload(undefined)).toBeUndefined();
    expect(decodeLambdaPayload(new Uint8Array())).toBeUndefined();
  });

  it('throws PayloadDecodeError with a preview of the body', () => {
    expect(() => decodeLambdaPayload(bytes('<html>Bad Gateway</html>'))).toThrow(PayloadDecodeError);
    expect(() => decodeLambdaPayload(bytes('<html>Bad Gateway</html>'))).toThrow(/not JSON: "<html>Bad Gateway/);
  });
});

describe('fromLambdaPayload', () => {
  it('keeps the fields of a valid response and drops malformed targets', () => {
    const response = fromLambdaPayload(
      bytes(JSON.stringify({ success: false, message: 'm', data: { d: 1 }, error: { type: 'E', message: 'x', code: 'C', retryable: true }, targets: [{ type: 'lambda', name: 'f' }, { nope: 1 }] })),
    );
    expect(response).toEqual({
      success: false,
      message: 'm',
      data: { d: 1 },
      error: { type: 'E', message: 'x', code: 'C', retryable: true },
      targets: [{ type: 'lambda', name: 'f' }],
    });
  });

  it('defaults targets to []', () => {
    expect(fromLambdaPayload(bytes('{"success":true}'))).toEqual({ success: true, targets: [] });
  });

  it.each([
    ['an empty body', undefined, /empty/],
    ['malformed JSON', bytes('{"success":'), /not JSON/],
    ['an array', bytes('[true]'), /an array, not an object/],
    ['a string', bytes('"ok"'), /string, not an object/],
    ['no success field', bytes('{"ok":true}'), /no boolean "success"/],
    ['a string success', bytes('{"success":"true"}'), /no boolean "success"/],
  ])('turns %s into an InvalidResponseError failure', (_label, body, message) => {
    const response = fromLambdaPayload(body);
    expect(response.success).toBe(false);
    expect(response.targets).toEqual([]);
    expect(response.error?.type).toBe('InvalidResponseError');
    expect(response.error?.message).toMatch(message);
  });
});
