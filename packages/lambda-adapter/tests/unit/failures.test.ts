import type { InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { CircuitOpenError } from '@twinflow/health';
import { LambdaFunctionError, LambdaRetriesExhaustedError } from '../../src';
import { functionErrorFrom, toExecuteErrorInfo } from '../../src/failures';
import { body } from './helpers';

describe('functionErrorFrom', () => {
  const output = (fields: Partial<InvokeCommandOutput>): InvokeCommandOutput => ({ $metadata: {}, StatusCode: 200, ...fields });

  it('reads errorType, errorMessage and trace from the body', () => {
    // Act
    const error = functionErrorFrom(
      'demo-x',
      output({ FunctionError: 'Unhandled', ExecutedVersion: '2', Payload: body({ errorType: 'RangeError', errorMessage: 'too hot', trace: ['a', 'b'] }) }),
    );

    // Assess
    expect(error).toBeInstanceOf(LambdaFunctionError);
    expect(error).toMatchObject({ functionError: 'Unhandled', errorType: 'RangeError', errorMessage: 'too hot', trace: ['a', 'b'], executedVersion: '2' });
  });

  it('tolerates a missing, non-JSON or non-object body', () => {
    // Act
    const empty = functionErrorFrom('demo-x', output({ FunctionError: 'Handled' }));
    const text = functionErrorFrom('demo-x', output({ FunctionError: 'Unhandled', Payload: body('not json {') }));
    const string = functionErrorFrom('demo-x', output({ FunctionError: 'Unhandled', Payload: body('"just a message"') }));

    // Assess
    expect(empty).toMatchObject({ functionError: 'Handled', errorType: 'Error', errorMessage: 'the function failed (Handled) without an error message' });
    expect(text.errorType).toBe('Error');
    expect(text.cause).toBeDefined();
    expect(string.errorMessage).toBe('just a message');
    expect(string.trace).toBeUndefined();
  });

  it('treats an unknown FunctionError value as Unhandled', () => {
    // Act / Assess
    expect(functionErrorFrom('demo-x', output({ FunctionError: 'Other' })).functionError).toBe('Unhandled');
  });
});

describe('toExecuteErrorInfo', () => {
  it('keeps name, message, code and retryable of twinflow errors', () => {
    // Act / Assess
    expect(toExecuteErrorInfo(new LambdaRetriesExhaustedError('demo-x', 4, new Error('x')))).toEqual({
      type: 'LambdaRetriesExhaustedError',
      message: 'Invoking "demo-x" failed after 4 attempts; last error: Error: x',
      code: 'LAMBDA_RETRIES_EXHAUSTED',
      retryable: true,
    });
    expect(toExecuteErrorInfo(new CircuitOpenError('demo-x', 0))).toMatchObject({ type: 'CircuitOpenError', code: 'CIRCUIT_OPEN', retryable: true });
  });

  it('classifies other errors and describes non-errors', () => {
    // Act / Assess
    expect(toExecuteErrorInfo(new TypeError('bad'))).toEqual({ type: 'TypeError', message: 'bad', retryable: false });
    expect(toExecuteErrorInfo('boom')).toEqual({ type: 'Error', message: 'boom', retryable: false });
    expect(toExecuteErrorInfo(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toEqual({
      type: 'Error',
      message: 'reset',
      code: 'ECONNRESET',
      retryable: true,
    });
  });
});
