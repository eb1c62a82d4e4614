import type { InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { CircuitOpenError } from '@twinflow/health';
import { LambdaFunctionError, LambdaRetriesExhaustedError } from '../../src';
import { failedResponse, functionErrorFrom } from '../../src/failures';
import { body } from './helpers';

describe('functionErrorFrom', () => {
  const output = (fields: Partial<InvokeCommandOutput>): InvokeCommandOutput => ({ $metadata: {}, StatusCode: 200, ...fields });

  it('reads errorType, errorMessage and trace from the body', () => {
    // Act
    const error = functionErrorFrom(
      'demo-x',
      output({ FunctionError: 'Unhandled', ExecutedVersion: '2', Payload: body({ errorType: 'RangeError', errorMessage: 'too hot', trace: ['a', 'b'] }) }),
      2,
    );

    // Assess
    expect(error).toBeInstanceOf(LambdaFunctionError);
    expect(error).toMatchObject({ functionError: 'Unhandled', errorType: 'RangeError', errorMessage: 'too hot', trace: ['a', 'b'], executedVersion: '2' });
    expect(error).toMatchObject({ attempts: 2, reason: 'function-error', retryable: false });
  });

  it('tolerates a missing, non-JSON or non-object body', () => {
    // Act
    const empty = functionErrorFrom('demo-x', output({ FunctionError: 'Handled' }), 1);
    const text = functionErrorFrom('demo-x', output({ FunctionError: 'Unhandled', Payload: body('not json {') }), 1);
    const string = functionErrorFrom('demo-x', output({ FunctionError: 'Unhandled', Payload: body('"just a message"') }), 1);

    // Assess
    expect(empty).toMatchObject({ functionError: 'Handled', errorType: 'Error', errorMessage: 'the function failed (Handled) without an error message' });
    expect(text.errorType).toBe('Error');
    expect(text.cause).toBeDefined();
    expect(string.errorMessage).toBe('just a message');
    expect(string.trace).toBeUndefined();
  });

  it('treats an unknown FunctionError value as Unhandled', () => {
    // Act / Assess
    expect(functionErrorFrom('demo-x', output({ FunctionError: 'Other' }), 1).functionError).toBe('Unhandled');
  });
});

describe('failedResponse', () => {
  it('gives the message as error and keeps name, code and retryable of twinflow errors as errorDetails', () => {
    // Act
    const exhausted = failedResponse(new LambdaRetriesExhaustedError('demo-x', 4, new Error('x')));
    const open = failedResponse(new CircuitOpenError('demo-x', 0));

    // Assess
    expect(exhausted).toEqual({
      success: false,
      error: 'Invoking "demo-x" failed after 4 attempts; last error: Error: x',
      errorDetails: { type: 'LambdaRetriesExhaustedError', code: 'LAMBDA_RETRIES_EXHAUSTED', retryable: true },
      targets: [],
    });
    expect(open.errorDetails).toEqual({ type: 'CircuitOpenError', code: 'CIRCUIT_OPEN', retryable: true });
  });

  it.each<[string, unknown, string, { type: string; code?: string; retryable: boolean }]>([
    ['a plain error', new TypeError('bad'), 'bad', { type: 'TypeError', retryable: false }],
    ['a string', 'boom', 'boom', { type: 'Error', retryable: false }],
    ['undefined', undefined, 'undefined', { type: 'Error', retryable: false }],
    ['an error without a message', new Error(''), 'Unknown error', { type: 'Error', retryable: false }],
    ['an object without a message', { name: 'Odd' }, 'Unknown error', { type: 'Odd', retryable: false }],
    ['a network error', Object.assign(new Error('reset'), { code: 'ECONNRESET' }), 'reset', { type: 'Error', code: 'ECONNRESET', retryable: true }],
  ])('classifies and describes %s', (_label, error, message, details) => {
    // Act
    const response = failedResponse(error);

    // Assess
    expect(response).toEqual({ success: false, error: message, errorDetails: details, targets: [] });
  });
});
