import { TwinflowError } from '@twinflow/core';
import {
  DeadLetterSendError,
  InvalidPayloadError,
  LambdaAdapterConfigError,
  LambdaAdapterError,
  LambdaFunctionError,
  LambdaInvocationError,
  LambdaRetriesExhaustedError,
  LambdaTimeoutError,
  PayloadTooLargeError,
  RateLimitedError,
} from '../../src';

describe('lambda-adapter errors', () => {
  const cause = Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });

  it.each([
    ['LambdaAdapterConfigError', new LambdaAdapterConfigError('bad', 'timeoutMs'), 'LAMBDA_ADAPTER_CONFIG_INVALID'],
    [
      'LambdaFunctionError',
      new LambdaFunctionError({ functionName: 'f', functionError: 'Handled', errorType: 'E', errorMessage: 'm', statusCode: 200 }),
      'LAMBDA_FUNCTION_ERROR',
    ],
    ['LambdaInvocationError', new LambdaInvocationError('f', 'ResourceNotFoundException', 404, cause), 'LAMBDA_INVOCATION_FAILED'],
    ['LambdaRetriesExhaustedError', new LambdaRetriesExhaustedError('f', 4, cause), 'LAMBDA_RETRIES_EXHAUSTED'],
    ['LambdaTimeoutError', new LambdaTimeoutError('f', 100, 2), 'LAMBDA_TIMEOUT'],
    ['PayloadTooLargeError', new PayloadTooLargeError('f', 300_000, 262_144, 'Event'), 'LAMBDA_PAYLOAD_TOO_LARGE'],
    ['InvalidPayloadError', new InvalidPayloadError('payload: bad'), 'LAMBDA_PAYLOAD_INVALID'],
  ])('%s is a TwinflowError with its own name and code', (name, error, code) => {
    // Assess
    expect(error).toBeInstanceOf(TwinflowError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
  });

  it('keeps the wrapped cause', () => {
    // Act
    const invocation = new LambdaInvocationError('demo-x', 'ResourceNotFoundException', 404, cause);
    const exhausted = new LambdaRetriesExhaustedError('demo-x', 4, cause);

    // Assess
    expect(invocation.cause).toBe(cause);
    expect(exhausted.cause).toBe(cause);
    expect(exhausted.toJSON()).toMatchObject({ cause: 'Rate exceeded' });
  });

  it('says what happened in each message', () => {
    // Act / Assess
    expect(new LambdaInvocationError('demo-x', 'ResourceNotFoundException', 404, new Error('Function not found')).message).toBe(
      'Invoking "demo-x" failed with ResourceNotFoundException (HTTP 404): Function not found',
    );
    expect(new LambdaRetriesExhaustedError('demo-x', 1, 'boom').message).toBe('Invoking "demo-x" failed after 1 attempt; last error: Error: boom');
    expect(new LambdaTimeoutError('demo-x', 30_000, 2).message).toBe('Invoking "demo-x" timed out after 30000 ms (attempt 2)');
    expect(new PayloadTooLargeError('demo-x', 7_340_032, 6_291_456, 'RequestResponse').message).toBe(
      'Payload for "demo-x" is 7340032 bytes (7.00 MiB), over the 6291456-byte (6.00 MiB) limit of RequestResponse invocations',
    );
  });

  it('marks what may succeed later as retryable', () => {
    // Act / Assess
    const retryable = (error: LambdaAdapterError): boolean => error.retryable;
    expect(retryable(new LambdaInvocationError('f', 'AccessDeniedException', 403, cause))).toBe(false);
    expect(retryable(new LambdaFunctionError({ functionName: 'f', functionError: 'Unhandled', errorType: 'E', errorMessage: 'm', statusCode: 200 }))).toBe(false);
    expect(retryable(new PayloadTooLargeError('f', 2, 1, 'Event'))).toBe(false);
    expect(retryable(new LambdaRetriesExhaustedError('f', 4, cause))).toBe(true);
    expect(retryable(new LambdaTimeoutError('f', 1, 1))).toBe(true);
  });

  it.each<[string, TwinflowError, { reason: string; retryable: boolean; attempts: number | undefined }]>([
    [
      'LambdaFunctionError',
      new LambdaFunctionError({ functionName: 'f', functionError: 'Unhandled', errorType: 'E', errorMessage: 'm', statusCode: 200, attempts: 2 }),
      { reason: 'function-error', retryable: false, attempts: 2 },
    ],
    [
      'LambdaFunctionError without attempts',
      new LambdaFunctionError({ functionName: 'f', functionError: 'Handled', errorType: 'E', errorMessage: 'm', statusCode: 200 }),
      { reason: 'function-error', retryable: false, attempts: undefined },
    ],
    ['LambdaInvocationError (missing function)', new LambdaInvocationError('f', 'ResourceNotFoundException', 404, cause, 1), { reason: 'function-not-found', retryable: false, attempts: 1 }],
    ['LambdaInvocationError (other)', new LambdaInvocationError('f', 'AccessDeniedException', 403, cause, 3), { reason: 'invoke-rejected', retryable: false, attempts: 3 }],
    ['LambdaRetriesExhaustedError', new LambdaRetriesExhaustedError('f', 4, cause), { reason: 'retries-exhausted', retryable: true, attempts: 4 }],
    ['LambdaRetriesExhaustedError by a timeout', new LambdaRetriesExhaustedError('f', 2, new LambdaTimeoutError('f', 100, 2)), { reason: 'timeout', retryable: true, attempts: 2 }],
    ['LambdaTimeoutError', new LambdaTimeoutError('f', 100, 3), { reason: 'timeout', retryable: true, attempts: 3 }],
    ['PayloadTooLargeError', new PayloadTooLargeError('f', 2, 1, 'Event'), { reason: 'payload-too-large', retryable: false, attempts: 0 }],
    ['InvalidPayloadError', new InvalidPayloadError('payload: bad'), { reason: 'internal-error', retryable: false, attempts: 0 }],
    ['RateLimitedError', new RateLimitedError('f', 250, 100), { reason: 'rate-limited', retryable: true, attempts: 0 }],
    ['DeadLetterSendError', new DeadLetterSendError('https://sqs.eu-central-1.amazonaws.com/123456789012/q', 'f', cause), { reason: 'internal-error', retryable: false, attempts: undefined }],
  ])('%s carries its failure reason, retryability and attempts', (_label, error, expected) => {
    // Assess
    expect({ reason: error.reason, retryable: error.retryable, attempts: error.attempts }).toEqual(expected);
  });
});
