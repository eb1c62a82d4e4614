import type { ExecuteResponse } from '@twinflow/core';
import { toExecuteResponse } from '../../src';

describe('toExecuteResponse', () => {
  it.each<[string, unknown, ExecuteResponse]>([
    ['the minimal success (no other field: no data)', { success: true }, { success: true, targets: [] }],
    ['a message', { success: true, message: 'done' }, { success: true, message: 'done', targets: [] }],
    ['a non-string message (dropped)', { success: true, message: 5 }, { success: true, targets: [] }],
    [
      "the module SDK's fields",
      { success: true, response_type: 'text', overlay_data: { x: 1 }, browser_source_url: null },
      { success: true, data: { response_type: 'text', overlay_data: { x: 1 }, browser_source_url: null }, targets: [] },
    ],
    ["a body's own data field (nests, as in the module SDK)", { success: true, data: { a: 1 } }, { success: true, data: { data: { a: 1 } }, targets: [] }],
    ['falsy and null fields (kept)', { success: true, count: 0, note: null, flag: false }, { success: true, data: { count: 0, note: null, flag: false }, targets: [] }],
    ['targets that are not an array (kept in data only)', { success: true, targets: { type: 'x' } }, { success: true, data: { targets: { type: 'x' } }, targets: [] }],
  ])('maps %s', (_label, body, expected) => {
    // Act
    const response = toExecuteResponse(body);

    // Assess
    expect(response).toEqual(expected);
  });

  it("converts string targets to { type }, keeps objects with a string type, in the function's order, and drops the rest", () => {
    // Prepare
    const targets = ['platform', { type: 'overlay', url: 'u' }, { nope: 1 }, { type: 7 }, null, 3, ['x'], 'browser'];

    // Act
    const response = toExecuteResponse({ success: true, targets });

    // Assess
    expect(response.targets).toEqual([{ type: 'platform' }, { type: 'overlay', url: 'u' }, { type: 'browser' }]);
    expect(response.data).toEqual({ targets });
  });

  it.each<[string, unknown, Pick<ExecuteResponse, 'error' | 'errorDetails'>]>([
    ['no error', { success: false }, { error: 'Unknown error' }],
    ['a null error', { success: false, error: null }, { error: 'Unknown error' }],
    ['an empty error', { success: false, error: '' }, { error: 'Unknown error' }],
    ['a numeric error', { success: false, error: 5 }, { error: 'Unknown error' }],
    ['a string error', { success: false, error: 'quota exceeded' }, { error: 'quota exceeded' }],
    [
      'an error object',
      { success: false, error: { type: 'QuotaError', message: 'quota exceeded', code: 'Q1', retryable: true, extra: 1 } },
      { error: 'quota exceeded', errorDetails: { type: 'QuotaError', code: 'Q1', retryable: true } },
    ],
    ['an error object without type or message', { success: false, error: { code: 7 } }, { error: 'Unknown error', errorDetails: { type: 'Error' } }],
  ])('reports a failure with %s', (_label, body, expected) => {
    // Act
    const response = toExecuteResponse(body);

    // Assess
    expect(response).toEqual({ success: false, ...expected, targets: [] });
  });

  it('never carries an error on a success, nor puts error in data', () => {
    // Act
    const response = toExecuteResponse({ success: true, error: 'stale', other: 1 });

    // Assess
    expect(response).toEqual({ success: true, data: { other: 1 }, targets: [] });
  });

  it('parses a body that is a JSON string holding an object once more', () => {
    // Act
    const response = toExecuteResponse(JSON.stringify({ success: false, error: 'nested', targets: ['platform'] }));

    // Assess
    expect(response).toEqual({ success: false, error: 'nested', data: { targets: ['platform'] }, targets: [{ type: 'platform' }] });
  });

  it.each<[string, unknown, string]>([
    ['no body', undefined, 'response body is empty; expected a JSON object with a boolean "success" field'],
    ['a string that is not JSON', 'ok', 'response body is "ok", not a JSON object with a boolean "success" field'],
    ['a string holding JSON that is not an object', '[1]', 'response body is "[1]", not a JSON object with a boolean "success" field'],
    ['a string holding an object without success', '{"ok":true}', 'response body has no boolean "success" field'],
    ['an array', [{ success: true }], 'response body is an array, not a JSON object with a boolean "success" field'],
    ['a truthy non-boolean success', { success: 'yes' }, 'response body has no boolean "success" field, got "yes"'],
  ])('reports %s as an InvalidResponseError', (_label, body, error) => {
    // Act
    const response = toExecuteResponse(body);

    // Assess
    expect(response).toEqual({ success: false, error, errorDetails: { type: 'InvalidResponseError' }, targets: [] });
  });

  it('keeps a "__proto__" field as data, without touching the prototype', () => {
    // Prepare
    const body = JSON.parse('{"success":true,"__proto__":{"polluted":true}}') as unknown;

    // Act
    const response = toExecuteResponse(body);

    // Assess
    expect(Object.getPrototypeOf(response.data)).toBe(Object.prototype);
    expect(Object.keys(response.data ?? {})).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
